/**
 * @module
 * Every user-facing text of the document intake, Danish first with English alongside, each
 * saying what failed and what to do. Kept in one place so translations stay in step.
 */

const MB = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(1);

/** Accepted upload formats, as listed in the 415 answer. */
export const ACCEPTED_FORMATS_TEXT = 'PDF, Word (DOCX, DOC), OpenDocument-tekst (ODT), RTF';

export const documentMessages = {
  tooLarge: (maxBytes: number) =>
    `Dokumentet er større end ${MB(maxBytes)} MB, som er grænsen for en forsendelse; gør det mindre (fx komprimér billeder) og upload igen / ` +
    `The document is larger than ${MB(maxBytes)} MB, the limit of a shipment; make it smaller (e.g. compress images) and upload again`,
  emailTooLarge: (maxBytes: number) =>
    `E-mailen med vedhæftede filer er større end ${MB(maxBytes)} MB, som er grænsen for en forsendelse; fjern vedhæftede filer / ` +
    `The e-mail with its attachments is larger than ${MB(maxBytes)} MB, the limit of a shipment; remove attachments`,
  emptyBody:
    'Anmodningen indeholder intet dokument; send filens indhold som body / The request has no document; send the file as the request body',
  badContentDisposition:
    "Content-Disposition-headeren kan ikke læses; brug fx `attachment; filename*=UTF-8''brev.pdf` / " +
    "The Content-Disposition header cannot be parsed; use e.g. `attachment; filename*=UTF-8''brev.pdf`",
  unsupportedType: (what: string) =>
    `Filtypen ${what} understøttes ikke; upload ${ACCEPTED_FORMATS_TEXT} / ` +
    `The file type ${what} is not supported; upload PDF, Word (DOCX, DOC), OpenDocument text (ODT) or RTF`,
  converterMissing:
    'Serveren kan ikke konvertere Word-dokumenter, fordi LibreOffice ikke er installeret (Debian-pakken libreoffice-writer-nogui); gem dokumentet som PDF og upload det / ' +
    'The server cannot convert Word documents because LibreOffice is not installed (Debian package libreoffice-writer-nogui); save the document as PDF and upload that',
  conversionFailed: (detail: string) =>
    `Dokumentet kunne ikke konverteres til PDF (${detail}); åbn det i Word og gem det som PDF / ` +
    `The document could not be converted to PDF (${detail}); open it in Word and save it as PDF`,
  pdfCorrupt:
    'PDF-filen er beskadiget og kan ikke læses; eksportér dokumentet til PDF igen / The PDF file is corrupt and cannot be read; export the document to PDF again',
  pdfTruncated:
    'PDF-filen er afkortet (slutningen mangler, typisk en afbrudt upload); upload hele filen igen / ' +
    'The PDF file is truncated (its end is missing, typically an interrupted upload); upload the whole file again',
  pdfPasswordProtected:
    'PDF-filen er beskyttet med adgangskode og kan ikke sendes; gem den uden adgangskode og upload igen / ' +
    'The PDF file is password-protected and cannot be sent; save it without a password and upload again',
  pdfNoPages: 'PDF-filen har ingen sider / The PDF file has no pages',
  documentNotFound: (field: string, id: string) =>
    `Dokumentet ${id} i ${field} findes ikke; upload det med POST /v1/documents og brug det id, der kommer tilbage / ` +
    `Document ${id} in ${field} does not exist; upload it with POST /v1/documents and use the id it returns`,
  notPdfForRecipients:
    'Dokumentet er ikke en PDF, så der kan ikke søges efter modtagere i det / The document is not a PDF, so it cannot be searched for recipients',
  attachmentRefused: (filename: string) =>
    `${filename}: filtypen kan ikke sendes som digital post; vedhæft PDF, Word (DOCX, DOC), ODT eller RTF / ` +
    `${filename}: this file type cannot be sent as digital post; attach PDF, Word (DOCX, DOC), ODT or RTF`,
  attachmentUnreadable: (filename: string, reason: string) => `${filename}: ${reason}`,
  badBase64: (field: string) =>
    `${field} er ikke gyldig base64; send filens indhold base64-kodet / ${field} is not valid base64; send the file content base64-encoded`,
  missingInlineImage: (cid: string) =>
    `Billedet cid:${cid} findes ikke blandt inlineImages; send det med eller fjern det fra e-mailen / ` +
    `Image cid:${cid} is not among inlineImages; include it or remove it from the e-mail`,
  rendererMissing:
    'Serveren kan ikke omdanne e-mails til PDF, fordi Chromium ikke er installeret (Debian-pakken chromium, eller CHROMIUM_PATH); kontakt IT / ' +
    'The server cannot turn e-mails into PDF because Chromium is not installed (Debian package chromium, or CHROMIUM_PATH); contact IT',
} as const;
