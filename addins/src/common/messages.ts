/**
 * @module
 * Every user-facing text of the task panes and the /send page, in Danish or English — one at a
 * time, chosen when the page loads. One place, so a translator (or a reviewer) reads them all.
 */
import type { ActionCode } from '@brevdue/shared';

/** The languages the texts exist in. */
export type Language = 'da' | 'en';

/**
 * The language to show: `?lang=en` on the page, or the choice kept under `brevdue.lang` (the
 * switch in the header); else, in Word and Outlook, Office's display language (an English Office
 * shows English); Danish otherwise (and outside a browser).
 */
export function currentLanguage(): Language {
  try {
    const asked = new URLSearchParams(globalThis.location?.search ?? '').get('lang') ?? globalThis.localStorage?.getItem('brevdue.lang');
    if (asked === 'en' || asked === 'da') return asked;
    const office = (globalThis as { Office?: { context?: { displayLanguage?: string } } }).Office?.context?.displayLanguage;
    return office?.toLowerCase().startsWith('en') ? 'en' : 'da';
  } catch {
    return 'da'; // storage disabled by policy
  }
}

/** Keeps the user's choice and shows the page again in it. */
export function switchLanguage(to: Language): void {
  try {
    globalThis.localStorage?.setItem('brevdue.lang', to);
  } catch {
    // storage disabled by policy: the URL carries the choice instead
  }
  const url = new URL(globalThis.location.href);
  url.searchParams.set('lang', to);
  globalThis.location.replace(url.href);
}

const LANGUAGE = currentLanguage();
/** One language at a time: the text in the language the page is shown in. */
const t = (da: string, en: string): string => (LANGUAGE === 'en' ? en : da);

const SIGN_IN = {
  da: {
    title: 'Log ind',
    help: 'Log ind med din organisations konto for at sende digital post.',
    signIn: 'Log ind',
    signInWithAccount: 'Log ind med din organisations konto',
    signingIn: 'Logger ind …',
    signOut: 'Log ud',
    trialToggle: 'Prøveperiode: brug en API-nøgle i stedet',
    trialHelp: 'Indsæt den API-nøgle, du har fået fra Brevdue-administratoren. Den gemmes kun på denne computer.',
    tokenLabel: 'API-nøgle',
    tokenRejected: 'API-nøglen blev afvist. Tjek den og prøv igen',
    tokenEmpty: 'Indsæt en API-nøgle',
    cancelled: 'Login blev afbrudt. Klik på Log ind for at prøve igen',
    popupBlocked: 'Login-vinduet blev blokeret. Tillad pop op-vinduer for Brevdue, og prøv igen',
    failed: (detail: string) => `Login mislykkedes (${detail}). Prøv igen, eller kontakt din IT-afdeling`,
    refused: 'Brevdue afviste din konto. Bed din administrator om at give dig en rolle i Brevdue (f.eks. Brevdue.Sender)',
    noConfig:
      'Brevdue er ikke sat op til login med organisationskonto. ' +
      'Brug en API-nøgle, eller bed IT om at udfylde "identity" i konfigurationen',
  },
  en: {
    title: 'Sign in',
    help: "Sign in with your organisation's account to send digital post.",
    signIn: 'Sign in',
    signInWithAccount: "Sign in with your organisation's account",
    signingIn: 'Signing in …',
    signOut: 'Sign out',
    trialToggle: 'Trial: use an API token instead',
    trialHelp: 'Paste the API token your Brevdue administrator gave you. It is kept on this computer only.',
    tokenLabel: 'API token',
    tokenRejected: 'The API token was refused. Check it and try again',
    tokenEmpty: 'Paste an API token',
    cancelled: 'Sign-in was cancelled. Click Sign in to try again',
    popupBlocked: 'The sign-in window was blocked. Allow pop-ups for Brevdue and try again',
    failed: (detail: string) => `Sign-in failed (${detail}). Try again, or contact your IT department`,
    refused: 'Brevdue refused your account. Ask your administrator for a Brevdue role (e.g. Brevdue.Sender)',
    noConfig:
      'Brevdue is not set up for sign-in with an organisation account. Use an API token, or ask IT to fill in "identity" in the config',
  },
} satisfies Record<Language, Record<string, string | ((arg: string) => string)>>;

/** The sign-in texts in the current language (one language at a time). */
export const signInText = SIGN_IN[currentLanguage()];

/** The merge-letter texts (split a merged PDF into one letter per recipient), Danish; English below. */
const MERGE_DA = {
  title: 'Vælg splitmetode',
  help: 'Dokumentet deles i ét brev pr. modtager, så hver modtager kun får sit eget brev.',
  byIdentifier: 'Nyt brev ved hvert nyt CPR- eller CVR-nummer',
  byPages: 'Fast antal sider pr. brev',
  pagesPerLetter: 'Sider pr. brev',
  pagesPerLetterInvalid: 'Skriv et helt antal sider fra 1 til 10.000',
  redactCpr: 'Fjern CPR',
  redactCprHint: 'CPR-numre fjernes fra brevenes indhold og erstattes synligt; CVR-numre bliver stående.',
  split: 'Del dokumentet',
  splitting: (pages: number, of: number) => (of > 0 ? `Deler dokumentet … side ${pages} af ${of}` : 'Deler dokumentet …'),
  splitFailed: 'Dokumentet kunne ikke deles. Prøv igen',
  manualRecipients: 'Indtast modtagere selv',
  chooseAgain: 'Vælg en anden splitmetode',
  lettersFound: (n: number) => (n === 1 ? '1 brev fundet' : `${n} breve fundet`),
  pages: (ranges: string, count: number) => `${count === 1 ? 'side' : 'sider'} ${ranges}`,
  noRecipient: 'Ingen modtager fundet på brevets sider',
  noRecipientBlocks: 'Fjern brevene uden modtager (✕), før du forhåndsviser',
  noLetters: 'Ingen breve tilbage at sende',
  splitFirst: 'Del dokumentet, før du forhåndsviser',
  unassigned: (ranges: string) => `Side ${ranges} står før det første CPR- eller CVR-nummer og sendes ikke til nogen`,
  removeLetter: (who: string) => `Fjern brevet til ${who}`,
  showPages: 'Vis brevet',
  hidePages: 'Skjul brevet',
  pagePreview: (who: string) => `Brevet til ${who}`,
  loadingPreview: 'Henter brevet …',
  openLetterPdf: 'Åbn brevet som PDF',
  letterFilename: (n: number) => `brev-${n}.pdf`,
  letterWithoutRecipient: (n: number) => `brev ${n}`,
  held: 'Holdes tilbage',
  ownDocument: (filename: string, pages: number | null) =>
    pages === null ? filename : `${filename} · ${pages} ${pages === 1 ? 'side' : 'sider'}`,
};

const MERGE_EN: typeof MERGE_DA = {
  title: 'Choose how to split',
  help: 'The document is split into one letter per recipient, so that each recipient gets only their own letter.',
  byIdentifier: 'A new letter at each new CPR or CVR number',
  byPages: 'A fixed number of pages per letter',
  pagesPerLetter: 'Pages per letter',
  pagesPerLetterInvalid: 'Enter a whole number of pages from 1 to 10,000',
  redactCpr: 'Remove CPR',
  redactCprHint: "CPR numbers are removed from the letters' content and replaced visibly; CVR numbers stay.",
  split: 'Split the document',
  splitting: (pages: number, of: number) => (of > 0 ? `Splitting the document … page ${pages} of ${of}` : 'Splitting the document …'),
  splitFailed: 'The document could not be split. Try again',
  manualRecipients: 'Enter recipients myself',
  chooseAgain: 'Choose another split method',
  lettersFound: (n: number) => (n === 1 ? '1 letter found' : `${n} letters found`),
  pages: (ranges: string, count: number) => `${count === 1 ? 'page' : 'pages'} ${ranges}`,
  noRecipient: "No recipient found on the letter's pages",
  noRecipientBlocks: 'Remove the letters without a recipient (✕) before previewing',
  noLetters: 'No letters left to send',
  splitFirst: 'Split the document before previewing',
  unassigned: (ranges: string) => `Page ${ranges} comes before the first CPR or CVR number and is sent to no one`,
  removeLetter: (who: string) => `Remove the letter to ${who}`,
  showPages: 'Show the letter',
  hidePages: 'Hide the letter',
  pagePreview: (who: string) => `The letter to ${who}`,
  loadingPreview: 'Fetching the letter …',
  openLetterPdf: 'Open the letter as PDF',
  letterFilename: (n: number) => `letter-${n}.pdf`,
  letterWithoutRecipient: (n: number) => `letter ${n}`,
  held: 'Held back',
  ownDocument: (filename: string, pages: number | null) =>
    pages === null ? filename : `${filename} · ${pages} ${pages === 1 ? 'page' : 'pages'}`,
};

/** The merge-letter texts in the current language (one language at a time, like the sign-in texts). */
export const mergeText = { da: MERGE_DA, en: MERGE_EN }[currentLanguage()];

export const messages = {
  appTitle: 'Brevdue',
  tagline: t('Send som digital post', 'Send as digital post'),
  /** The switch to the other language, named in that language. */
  otherLanguage: t('English', 'Dansk'),
  otherLanguageCode: (LANGUAGE === 'en' ? 'da' : 'en') as Language,
  otherLanguageHint: t('Vis på engelsk', 'Show in Danish'),

  // Sign-in texts come from the one-language table above.
  signInTitle: signInText.title,
  signInHelp: signInText.trialHelp,
  tokenLabel: signInText.tokenLabel,
  signIn: signInText.signIn,
  signOut: signInText.signOut,
  tokenRejected: signInText.tokenRejected,
  tokenEmpty: signInText.tokenEmpty,

  documentSection: t('Dokument', 'Document'),
  wordDocument: t('Det åbne Word-dokument', 'The open Word document'),
  outlookMail: t('Den åbne e-mail med vedhæftninger', 'The open e-mail with attachments'),
  dropHere: t('Træk en PDF- eller DOCX-fil hertil, eller vælg en fil', 'Drop a PDF or DOCX file here, or choose a file'),
  chooseFile: t('Vælg fil', 'Choose file'),
  onlyPdfDocx: t('Kun PDF- og DOCX-filer kan sendes', 'Only PDF and DOCX files can be sent'),
  exporting: t('Eksporterer dokumentet …', 'Exporting the document …'),
  uploading: t('Uploader …', 'Uploading …'),
  uploaded: t('Uploadet', 'Uploaded'),
  tooLarge: (size: string) =>
    t(
      `Dokumentet fylder ${size}; grænsen er 99,5 MB pr. forsendelse. Gør det mindre (f.eks. komprimér billeder) og prøv igen`,
      `The document is ${size}; the limit is 99.5 MB per shipment. Make it smaller (e.g. compress pictures) and try again`,
    ),
  refusedAttachment: (name: string, reason: string) =>
    t(`Vedhæftning "${name}" sendes ikke: ${reason}`, `Attachment "${name}" is not sent: ${reason}`),

  subject: t('Emne', 'Subject'),
  subjectRequired: t('Skriv et emne', 'Enter a subject'),

  recipients: t('Modtagere', 'Recipients'),
  idType: t('Type', 'Type'),
  idNumber: t('Nummer', 'Number'),
  addRecipient: t('Tilføj modtager', 'Add recipient'),
  removeRecipient: t('Fjern modtager', 'Remove recipient'),
  findInDocument: t('Find modtagere i dokumentet', 'Find recipients in the document'),
  invalidCpr: t('Ugyldigt CPR-nummer: 10 cifre med en gyldig fødselsdato', 'Invalid CPR number: 10 digits with a valid birth date'),
  invalidCvr: t('Ugyldigt CVR-nummer: 8 cifre (modulus 11)', 'Invalid CVR number: 8 digits (modulus 11)'),
  invalidFnr: t(
    'Ugyldigt norsk fødselsnummer: 11 cifre med to gyldige kontrolcifre',
    'Invalid Norwegian national identity number: 11 digits with two valid check digits',
  ),
  invalidOrgnr: t(
    'Ugyldigt norsk organisationsnummer: 9 cifre (modulus 11)',
    'Invalid Norwegian organisation number: 9 digits (modulus 11)',
  ),
  idTypeFnr: t('Fødselsnr. (NO)', 'National ID (NO)'),
  idTypeOrgnr: t('Org.nr. (NO)', 'Org. no. (NO)'),
  recipientRequired: t('Tilføj mindst én gyldig modtager', 'Add at least one valid recipient'),
  lookingUp: t('Slår op …', 'Looking up …'),
  notFoundName: t('Navn ikke fundet', 'Name not found'),

  action: t('Handling', 'Action'),
  noAction: t('Ingen handling', 'No action'),
  actionLabel: t('Tekst på knappen', 'Button text'),
  actionNames: {
    AFTALE: t('Aftale', 'Appointment'),
    BETALING: t('Betaling', 'Payment'),
    UNDERSKRIV: t('Underskriv', 'Sign'),
    BEKRAEFT: t('Bekræft', 'Confirm'),
    TILMELDING: t('Tilmelding', 'Registration'),
    SELVBETJENING: t('Selvbetjening', 'Self-service'),
    INFORMATION: t('Information', 'Information'),
    FORBEREDELSE: t('Forberedelse', 'Preparation'),
  } satisfies Record<ActionCode, string>,
  start: t('Start', 'Start'),
  end: t('Slut', 'End'),
  place: t('Sted', 'Place'),
  amount: t('Beløb (kr.)', 'Amount (DKK)'),
  dueDate: t('Betalingsfrist', 'Due date'),
  link: t('Link (https)', 'Link (https)'),
  deadline: t('Frist', 'Deadline'),

  options: t('Indstillinger', 'Options'),
  replyAllowed: t('Modtageren må svare', 'Recipient may reply'),
  sendAt: t('Send først (valgfrit)', 'Send not before (optional)'),
  attachments: t('Bilag fra disken', 'Attachments from disk'),
  removeAttachment: t('Fjern bilag', 'Remove attachment'),

  preview: t('Forhåndsvis', 'Preview'),
  previewTitle: t('Sådan sendes brevet', 'How the letter will be sent'),
  registration: {
    digital: t('Tilmeldt digital post', 'Registered for digital post'),
    not_registered: t('Ikke tilmeldt', 'Not registered'),
    exempt: t('Fritaget', 'Exempt'),
    unknown: t('Ukendt', 'Unknown'),
  } as Record<string, string>,
  channel: {
    digital: t('Digital post', 'Digital post'),
    print: t('Fysisk brev', 'Printed letter'),
    sms: 'SMS',
  } as Record<string, string>,
  noChannel: t('Kan ikke sendes', 'Cannot be sent'),

  send: t('Send', 'Send'),
  sending: t('Sender …', 'Sending …'),
  statusTitle: t('Status', 'Status'),
  status: {
    held: t('Afventer godkendelse', 'Awaiting review'),
    scheduled: t('Planlagt', 'Scheduled'),
    queued: t('I kø', 'Queued'),
    submitted: t('Afsendt', 'Submitted'),
    delivered_digital: t('Leveret digitalt', 'Delivered digitally'),
    delivered_print: t('Sendt som fysisk brev', 'Sent as printed letter'),
    delivered_sms: t('Leveret som SMS', 'Delivered as SMS'),
    failed: t('Fejlet', 'Failed'),
    cancelled: t('Annulleret', 'Cancelled'),
  } as Record<string, string>,
  newLetter: t('Send et nyt brev', 'Send a new letter'),
  connectionLost: t('Forbindelsen blev afbrudt; prøver igen …', 'Connection lost; retrying …'),

  outlookNoAttachments: t(
    'Din Outlook understøtter ikke Mailbox 1.8, så vedhæftninger og indlejrede billeder kan ikke medtages. Kun e-mailens tekst sendes. Opdatér Outlook eller brug /send-siden',
    'Your Outlook does not support Mailbox 1.8, so attachments and inline images cannot be included. Only the e-mail text is sent. Update Outlook or use the /send page',
  ),
  wordPdfUnsupported: t(
    'Word kan ikke lave PDF her; dokumentet sendes som DOCX og konverteres af Brevdue',
    'Word cannot make a PDF here; the document is sent as DOCX and converted by Brevdue',
  ),
  exportFailed: (detail: string) =>
    t(
      `Dokumentet kunne ikke eksporteres (${detail}). Er det beskyttet med adgangskode eller begrænset redigering? Fjern beskyttelsen, gem, og prøv igen`,
      `The document could not be exported (${detail}). Is it password-protected or restricted? Remove the protection, save, and try again`,
    ),
  networkError: t('Brevdue kunne ikke nås. Tjek netværket og prøv igen', 'Brevdue could not be reached. Check the network and try again'),

  // The letter before it goes: thumbnail and every page.
  letterTo: (who: string) => t(`Brevet til ${who}`, `The letter to ${who}`),
  pageOf: (n: number, of: number) => t(`Side ${n} af ${of}`, `Page ${n} of ${of}`),
  drawingPage: t('Tegner siden …', 'Drawing the page …'),
  pageFailed: t('Siden kunne ikke vises', 'The page could not be shown'),
  showAllPages: (label: string, pages: number) =>
    pages === 1
      ? t(`Vis siden: ${label}`, `Show the page: ${label}`)
      : t(`Vis alle ${pages} sider: ${label}`, `Show all ${pages} pages: ${label}`),
  pagesOf: (label: string) => t(`Siderne: ${label}`, `The pages: ${label}`),
  morePages: (n: number) => t(`… og ${n} sider mere`, `… and ${n} more pages`),
  close: t('Luk', 'Close'),
  previewActions: t('Handling', 'Action'),
  previewCopies: t('Kopier', 'Copies'),
  copyKind: {
    guardian: t('Kopi til forældremyndighed', 'Copy to custody holder'),
    manual: t('Kopi', 'Copy'),
  } as Record<string, string>,
  relation: { mother: t('mor', 'mother'), father: t('far', 'father'), other: t('anden', 'other') } as Record<string, string>,
  pUnitShort: (p: string) => t(`P-nr. ${p}`, `P-no. ${p}`),

  // Mine forsendelser: what I sent.
  tabSend: t('Send brev', 'Send a letter'),
  tabMine: t('Mine forsendelser', 'My shipments'),
  views: t('Visning', 'View'),
  mineHelp: t('Det, du selv har sendt, nyeste først.', 'What you have sent yourself, newest first.'),
  mineEmpty: t('Du har ikke sendt noget endnu', 'You have not sent anything yet'),
  showMore: t('Vis flere', 'Show more'),
  lettersCount: (n: number) => (n === 1 ? t('1 brev', '1 letter') : t(`${n} breve`, `${n} letters`)),
  showLetters: t('Vis breve', 'Show letters'),
  hideLetters: t('Skjul breve', 'Hide letters'),
  /** A shipment's own status, shown where it says more than its letters' statuses. */
  shipmentStatus: {
    held: t('Afventer godkendelse', 'Awaiting review'),
    cancelled: t('Annulleret', 'Cancelled'),
  } as Record<string, string>,
  receipt: t('Kvittering', 'Receipt'),
  receiptOf: (who: string) => t(`Kvittering for brevet til ${who}`, `Receipt of the letter to ${who}`),
  archiveRecord: t('Arkivpost (PDF)', 'Archive record (PDF)'),
  archiveRecordOf: (who: string) => t(`Arkivposten for brevet til ${who}`, `The archive record of the letter to ${who}`),
  noReceiptYet: t('Kvittering og arkivpost kommer, når brevet er afsendt', 'Receipt and archive record come once the letter is sent'),
  fetching: t('Henter …', 'Fetching …'),
  notThereYet: t('Kvitteringen er ikke kommet endnu; prøv igen om lidt', 'The receipt has not arrived yet; try again shortly'),
  notArchivedYet: t('Brevet er ikke arkiveret endnu; prøv igen om lidt', 'The letter is not archived yet; try again shortly'),
  receiptFilename: (id: string) => t(`kvittering-${id}`, `receipt-${id}`),
  toMine: t('Se alt, du har sendt, under Mine forsendelser', 'See everything you have sent under My shipments'),
  sentSubject: (subject: string) => t(`Sendt: ${subject}`, `Sent: ${subject}`),
  digipostWord: t('Digipost', 'Digipost'),

  // Document: upload at once, replace.
  replaceDocument: t('Erstat dokument', 'Replace document'),
  reloadDocument: t('Hent dokumentet igen', 'Fetch the document again'),
  documentReady: (name: string, size: string, pages: number | null) =>
    pages === null
      ? t(`${name} · ${size}`, `${name} · ${size}`)
      : t(
          `${name} · ${size} · ${pages} ${pages === 1 ? 'side' : 'sider'}`,
          `${name} · ${size} · ${pages} ${pages === 1 ? 'page' : 'pages'}`,
        ),
  fixFields: t('Ret de markerede felter', 'Correct the marked fields'),

  // A pane page opened outside Word or Outlook.
  outsideOfficeTitle: (host: string) => t(`Åbn Brevdue fra ${host}`, `Open Brevdue from ${host}`),
  outsideOfficeHelp: (host: string) =>
    t(
      `Denne side er Brevdues opgaverude i ${host} og virker kun dér: åbn ${host}, og vælg Brevdue på fanen Hjem. Vil du sende en fil fra din computer, så brug Brevdue i browseren.`,
      `This page is Brevdue's task pane in ${host} and works only there: open ${host} and choose Brevdue on the Home tab. To send a file from your computer, use Brevdue in the browser.`,
    ),
  goToSend: t('Send et dokument i browseren (/send)', 'Send a document in the browser (/send)'),

  // Copies and production units.
  pUnit: t('P-enhed (valgfri)', 'Production unit (optional)'),
  pUnitWhole: t('Hele virksomheden', 'The whole company'),
  pUnitsNone: t('Virksomheden har ingen aktive P-enheder', 'The company has no active production units'),
  pUnitsFailed: (reason: string) => t(`P-enheder kunne ikke hentes: ${reason}`, `Production units could not be fetched: ${reason}`),
  addCopy: t('Tilføj kopimodtager', 'Add a copy recipient'),
  copyRecipient: (n: number) => t(`Kopimodtager til modtager ${n}`, `Copy recipient of recipient ${n}`),
  removeCopy: (n: number) => t(`Fjern kopimodtager til modtager ${n}`, `Remove the copy recipient of recipient ${n}`),
  guardianCopies: t(
    'Send kopi til forældremyndighedsindehavere for modtagere under 18 år',
    'Send a copy to the custody holders of recipients under 18',
  ),
} as const;
