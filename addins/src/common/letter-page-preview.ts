/**
 * @module
 * The pages of one letter. On /send (session cookie) the browser's own PDF viewer shows the
 * document's content URL in a frame. The Office panes sign in with a bearer token that a frame's
 * request cannot carry, and their Content-Security-Policy blocks a blob: frame (and the PDF
 * viewer inside it), so there the letter is fetched and offered as a PDF to open instead.
 */
import { Link, Spinner } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { BrevdueApi } from './api-client.ts';
import { data, h } from './h.ts';
import { mergeText } from './messages.ts';

/** A link to the letter's PDF, fetched with the pane's bearer token. */
function LetterDownload(props: { api: BrevdueApi; document: string; filename: string; onError: (e: unknown) => void }) {
  const [url, setUrl] = useState<string>();
  const { api, document, onError } = props;
  useEffect(() => {
    let live = true;
    let made: string | undefined;
    api.documentContent(document).then(
      (blob) => {
        if (!live) return;
        made = URL.createObjectURL(blob);
        setUrl(made);
      },
      (e: unknown) => live && onError(e),
    );
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [api, document, onError]);
  if (!url) return h(Spinner, { size: 'small', label: mergeText.loadingPreview });
  return h(Link, { href: url, download: props.filename, ...data({ testid: 'letter-download' }) }, mergeText.openLetterPdf);
}

export function LetterPagePreview(props: {
  api: BrevdueApi;
  document: string;
  label: string;
  filename: string;
  onError: (e: unknown) => void;
}) {
  const src = props.api.documentContentUrl(props.document);
  if (!src) return h(LetterDownload, props);
  return h('iframe', {
    src: `${src}#view=FitH`,
    title: mergeText.pagePreview(props.label),
    style: {
      width: '100%',
      height: '420px',
      border: '1px solid #d1d1d1',
      borderRadius: '4px',
      background: '#fff',
      boxSizing: 'border-box',
    },
    ...data({ testid: 'letter-page-preview', document: props.document }),
  });
}
