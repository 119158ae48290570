/**
 * @module
 * What the document intake says when a document goes past a limit or carries active content,
 * in Danish (default) or English by the request's language. Each text names the limit or what
 * was found, and what to do.
 */
import type { RequestLang } from '../http/request-lang.ts';
import type { ActiveContent, ActiveContentKind } from '../pdf-engine/index.ts';

const kindName: Record<RequestLang, Record<ActiveContentKind, string>> = {
  da: { javascript: 'JavaScript', launch: 'en handling, der starter et program (Launch)', embedded_file: 'indlejrede filer' },
  en: { javascript: 'JavaScript', launch: 'an action that starts a program (Launch)', embedded_file: 'embedded files' },
};

/** "a, b og c" / "a, b and c". */
function list(items: string[], lang: RequestLang): string {
  if (items.length < 2) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${lang === 'da' ? 'og' : 'and'} ${items.at(-1)}`;
}

/** Each kind once, with its pages when they are known: "JavaScript (side 2)". */
function describe(found: readonly ActiveContent[], lang: RequestLang): string {
  const kinds = [...new Set(found.map((f) => f.kind))];
  return list(
    kinds.map((k) => {
      const pages = found.filter((f) => f.kind === k && f.page !== undefined).map((f) => f.page!);
      const where = pages.length
        ? ` (${lang === 'da' ? 'side' : 'page'} ${pages.slice(0, 5).join(', ')}${pages.length > 5 ? ' …' : ''})`
        : '';
      return kindName[lang][k] + where;
    }),
    lang,
  );
}

const MB = (n: number) => String(Math.round(n));

export const documentLimitMessages = {
  activeContent: (found: readonly ActiveContent[], lang: RequestLang): string =>
    lang === 'da'
      ? `PDF-filen indeholder ${describe(found, lang)}. Digital Post afviser aktivt indhold i breve. ` +
        'Gem dokumentet som PDF igen uden det (fx med "Udskriv til PDF"), eller bed IT om at fjerne det automatisk (documents.limits.activeContent).'
      : `The PDF file contains ${describe(found, lang)}. Digital Post refuses active content in letters. ` +
        'Save the document as PDF again without it (e.g. with "Print to PDF"), or ask IT to remove it automatically (documents.limits.activeContent).',
  activeContentLeft: (found: readonly ActiveContent[], lang: RequestLang): string =>
    lang === 'da'
      ? `PDF-filen indeholder ${describe(found, lang)}, som ikke kunne fjernes. Digital Post afviser aktivt indhold i breve. ` +
        'Gem dokumentet som PDF igen uden det (fx med "Udskriv til PDF").'
      : `The PDF file contains ${describe(found, lang)}, which could not be removed. Digital Post refuses active content in letters. ` +
        'Save the document as PDF again without it (e.g. with "Print to PDF").',
  unzippedTooLarge: (declaredMb: number, maxMb: number, lang: RequestLang): string =>
    lang === 'da'
      ? `Dokumentet pakkes ud til ${MB(declaredMb)} MB; grænsen er ${MB(maxMb)} MB (documents.limits.maxUnzippedMb). ` +
        'Gem det igen i Word, gerne som PDF, og upload igen.'
      : `The document unpacks to ${MB(declaredMb)} MB; the limit is ${MB(maxMb)} MB (documents.limits.maxUnzippedMb). ` +
        'Save it again in Word, preferably as PDF, and upload again.',
  conversionMemory: (maxMb: number, lang: RequestLang): string =>
    lang === 'da'
      ? `Konverteringen til PDF brugte mere end ${MB(maxMb)} MB hukommelse, som er grænsen (documents.limits.convertMemoryMb), og blev stoppet. ` +
        'Gem dokumentet som PDF i Word og upload det.'
      : `Converting to PDF used more than ${MB(maxMb)} MB of memory, the limit (documents.limits.convertMemoryMb), and was stopped. ` +
        'Save the document as PDF in Word and upload that.',
  conversionTime: (seconds: number, lang: RequestLang): string =>
    lang === 'da'
      ? `Konverteringen til PDF tog mere end ${seconds} s, som er grænsen (documents.limits.convertSeconds), og blev stoppet. ` +
        'Gem dokumentet som PDF i Word og upload det.'
      : `Converting to PDF took more than ${seconds} s, the limit (documents.limits.convertSeconds), and was stopped. ` +
        'Save the document as PDF in Word and upload that.',
} as const;
