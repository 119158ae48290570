/**
 * @module
 * The letter as it will look: a thumbnail of its first page (drawn in the browser with pdf.js)
 * that opens a dialog with every page. The thumbnail is a button, so the keyboard reaches it;
 * the dialog traps focus, closes with Escape and gives focus back to the thumbnail.
 */
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { useEffect, useState } from 'react';
import type { BrevdueApi } from './api-client.ts';
import { data, h } from './h.ts';
import { messages } from './messages.ts';
import { openPdf, pageImage } from './pdf-pages.ts';

const THUMB_WIDTH = 72;
const PAGE_WIDTH = 520;
/** Pages drawn in the dialog; a longer letter says how many more there are. */
const MAX_PAGES = 30;

const useStyles = makeStyles({
  thumb: {
    padding: '2px',
    minWidth: 0,
    height: 'auto',
    flexShrink: 0,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  thumbImg: { display: 'block', width: `${THUMB_WIDTH}px`, height: 'auto' },
  pages: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, alignItems: 'center' },
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, alignItems: 'center', margin: 0, width: '100%' },
  pageImg: { width: '100%', maxWidth: `${PAGE_WIDTH}px`, height: 'auto', boxShadow: tokens.shadow4 },
  surface: { maxWidth: 'min(640px, calc(100vw - 16px))', maxHeight: 'calc(100vh - 16px)' },
});

type Loaded<T> = { state: 'loading' } | { state: 'error' } | { state: 'done'; value: T };

/** The document, opened once (shared by every thumbnail of it). */
function usePdf(api: BrevdueApi, documentId: string): Loaded<PDFDocumentProxy> {
  const [doc, setDoc] = useState<Loaded<PDFDocumentProxy>>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    openPdf(api, documentId).then(
      (value) => live && setDoc({ state: 'done', value }),
      () => live && setDoc({ state: 'error' }),
    );
    return () => {
      live = false;
    };
  }, [api, documentId]);
  return doc;
}

function PageImage(props: { doc: PDFDocumentProxy; n: number; of: number }) {
  const s = useStyles();
  const [img, setImg] = useState<Loaded<string>>({ state: 'loading' });
  const { doc, n } = props;
  useEffect(() => {
    let live = true;
    pageImage(doc, n, PAGE_WIDTH).then(
      (r) => live && setImg({ state: 'done', value: r.src }),
      () => live && setImg({ state: 'error' }),
    );
    return () => {
      live = false;
    };
  }, [doc, n]);
  const caption = messages.pageOf(n, props.of);
  return h(
    'figure',
    { className: s.page, ...data({ testid: 'letter-page', page: String(n) }) },
    img.state === 'done'
      ? h('img', { src: img.value, alt: caption, className: s.pageImg })
      : img.state === 'loading'
        ? h(Spinner, { size: 'small', label: messages.drawingPage })
        : h(Text, null, messages.pageFailed),
    h('figcaption', null, h(Text, { size: 200 }, caption)),
  );
}

/**
 * A thumbnail of page 1 of `documentId`; clicking it shows every page in a dialog.
 * `label` names whose letter it is ("Brevet til Jens Hansen").
 */
export function LetterPagesView(props: { api: BrevdueApi; documentId: string; label: string }) {
  const s = useStyles();
  const doc = usePdf(props.api, props.documentId);
  const [thumb, setThumb] = useState<string>();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (doc.state !== 'done') return;
    let live = true;
    pageImage(doc.value, 1, THUMB_WIDTH).then(
      (r) => live && setThumb(r.src),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [doc]);
  if (doc.state === 'error') return null; // not a PDF we can draw: the rest of the preview still says what happens
  const pages = doc.state === 'done' ? doc.value.numPages : 0;
  const trigger = h(
    DialogTrigger,
    { disableButtonEnhancement: true },
    h(
      Button,
      {
        className: s.thumb,
        appearance: 'transparent',
        disabled: !thumb,
        'aria-label': messages.showAllPages(props.label, pages),
        ...data({ testid: 'letter-thumbnail', document: props.documentId }),
      },
      thumb
        ? h('img', { src: thumb, alt: '', className: s.thumbImg, width: THUMB_WIDTH })
        : h(Spinner, { size: 'tiny', 'aria-label': messages.drawingPage }),
    ),
  );
  const surface = h(
    DialogSurface,
    { className: s.surface, 'aria-describedby': undefined, ...data({ testid: 'letter-pages-dialog' }) },
    h(
      DialogBody,
      null,
      h(DialogTitle, null, props.label),
      // The pages scroll: the keyboard must reach the scrolling region (arrow keys, Page Down).
      h(
        DialogContent,
        { tabIndex: 0, role: 'region', 'aria-label': messages.pagesOf(props.label) },
        doc.state === 'done'
          ? h(
              'div',
              { className: s.pages },
              ...Array.from({ length: Math.min(pages, MAX_PAGES) }, (_, i) =>
                h(PageImage, { key: i, doc: doc.value, n: i + 1, of: pages }),
              ),
              pages > MAX_PAGES ? h(Text, null, messages.morePages(pages - MAX_PAGES)) : null,
            )
          : h(Spinner, { size: 'small', label: messages.drawingPage }),
      ),
      h(
        DialogActions,
        null,
        h(Button, { appearance: 'primary', onClick: () => setOpen(false), ...data({ testid: 'close-pages' }) }, messages.close),
      ),
    ),
  );
  // The trigger gives focus back to the thumbnail when the dialog closes.
  return h(Dialog, { open, onOpenChange: (_e, d) => setOpen(d.open), modalType: 'modal', children: [trigger, surface] });
}
