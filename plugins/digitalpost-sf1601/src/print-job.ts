/**
 * @module
 * The remote-print job, OIO `fjernprint:ForsendelseI` (SF1600 schemas), sent with the MeMo
 * message when KombiPostAfsend may or must print: recipient and return address (free-line form),
 * the document, letter date and title, colour, duplex, envelope and letter class.
 */
import type { PostalAddress } from '@brevdue/shared';
import type { OutgoingLetter } from '@brevdue/shared/sdk';
import { writeBase64 } from './base64-stream.ts';
import { copenhagenDate } from './dates.ts';
import type { LimitViolation } from './memo-limits.ts';
import { limitText, sendText } from './messages.ts';
import type { XmlWriter } from './xml-sink.ts';

export const FJERNPRINT_NS = 'urn:oio:fjernprint:1.0.0';
const NS = {
  dkal: 'urn:oio:dkal:1.0.0',
  adir: 'urn:oio:adir:dagpenge:2009.07.01',
  sd: 'urn:oio:sagdok:3.0.0',
  itst: 'http://rep.oio.dk/itst.dk/xml/schemas/2006/01/17/',
  dkcc: 'http://rep.oio.dk/ebxml/xml/schemas/dkcc/2003/02/13/',
  dkcc2005: 'http://rep.oio.dk/ebxml/xml/schemas/dkcc/2005/03/15/',
  dkcc2005_3: 'http://rep.oio.dk/ebxml/xml/schemas/dkcc/2005/05/19/',
};

/** Free-line address form: at most six lines of 34 characters (DKCC_PostalAddress*LineText). */
const LINE_ELEMENTS = ['First', 'Second', 'Third', 'Fourth', 'Fifth', 'Sixth'].map((n) => `dkcc2005-3:PostalAddress${n}LineText`);
const MAX_LINE = 34;
const MAX_NAME = 130;

/** Print settings from the plugin config. */
export interface PrintSettings {
  envelope: 'C4' | 'C5' | 'MA';
  userName: string;
}

function addressLines(a: PostalAddress): string[] {
  return [...a.lines, `${a.postalCode} ${a.city}`];
}

/** The limits of the print job a letter breaks (address lines, name lengths). */
export function checkPrintLimits(letter: OutgoingLetter): LimitViolation[] {
  const out: LimitViolation[] = [];
  const a = letter.recipient.address;
  if (!a) return [{ field: 'recipient.address', message: sendText.noAddress }];
  const check = (who: string, addr: PostalAddress) => {
    if (addr.name.length > MAX_NAME)
      out.push({ field: `${who}.name`, message: limitText.tooLong(`${who}.name`, MAX_NAME, addr.name.length) });
    const lines = addressLines(addr);
    if (lines.length > LINE_ELEMENTS.length)
      out.push({ field: `${who}.lines`, message: limitText.tooMany(`${who}.lines`, LINE_ELEMENTS.length - 1) });
    lines.forEach((l, i) => {
      if (l.length > MAX_LINE)
        out.push({ field: `${who}.lines[${i}]`, message: limitText.tooLong(`${who} line ${i + 1}`, MAX_LINE, l.length) });
    });
  };
  check('recipient.address', a);
  if (letter.sender.returnAddress) check('sender.returnAddress', letter.sender.returnAddress);
  if (letter.attachments.length > 100) out.push({ field: 'attachments', message: limitText.tooMany('attachments', 100) });
  return out;
}

function writeAddress(w: XmlWriter, element: string, a: PostalAddress): void {
  w.ele(FJERNPRINT_NS, element);
  w.ele(NS.itst, 'itst:PersonName').txt(a.name).up();
  addressLines(a).forEach((line, i) => w.ele(NS.dkcc2005_3, LINE_ELEMENTS[i]!).txt(line).up());
  if (a.country === 'DK' && /^\d{4}$/.test(a.postalCode)) w.ele(NS.dkcc2005, 'dkcc2005:PostCodeIdentifier').txt(a.postalCode).up();
  w.ele(NS.dkcc, 'dkcc:CountryIdentificationCode', { scheme: 'iso3166-alpha2' }).txt(a.country).up();
  w.up();
}

/**
 * Writes `fjernprint:ForsendelseI` for a letter (declaring its namespaces on itself).
 * Call `checkPrintLimits` first: this assumes a recipient address and a main document.
 */
export async function writePrintJob(w: XmlWriter, letter: OutgoingLetter, s: PrintSettings): Promise<void> {
  const r = letter.recipient;
  const print = letter.options.print ?? { letterClass: 'regular', colour: false, duplex: true };
  w.ele(FJERNPRINT_NS, 'fjernprint:ForsendelseI');
  for (const [prefix, uri] of Object.entries(NS)) w.att('http://www.w3.org/2000/xmlns/', `xmlns:${prefix.replace('_', '-')}`, uri);
  w.ele(FJERNPRINT_NS, 'fjernprint:AfsendelseIdentifikator').txt(letter.messageId).up();
  w.ele(FJERNPRINT_NS, 'fjernprint:ForsendelseModtager');
  w.ele(NS.dkal, 'dkal:AfsendelseModtager');
  if (r.idType === 'CPR') w.ele(NS.adir, 'adir:CPRnummerIdentifikator').txt(r.id).up();
  else w.ele(NS.adir, 'adir:CVRnummerIdentifikator').txt(r.id).up();
  w.up();
  writeAddress(w, 'fjernprint:ModtagerAdresse', r.address!);
  w.up();
  w.ele(NS.dkal, 'dkal:FilformatNavn').txt('PDF').up();
  w.ele(NS.dkal, 'dkal:MeddelelseIndholdData');
  await writeBase64(w, letter.mainDocument!);
  w.up();
  w.ele(FJERNPRINT_NS, 'fjernprint:DokumentParametre');
  w.ele(NS.sd, 'sd:TitelTekst').txt(letter.subject).up();
  w.ele(NS.sd, 'sd:BrevDato').txt(copenhagenDate(letter.createdAt)!).up();
  w.up();
  w.ele(FJERNPRINT_NS, 'fjernprint:KanalUafhaengigeParametreI');
  w.ele(FJERNPRINT_NS, 'fjernprint:BrugerNavn').txt(s.userName).up();
  if (letter.sender.returnAddress) {
    w.ele(FJERNPRINT_NS, 'fjernprint:ForsendelseAfsender');
    writeAddress(w, 'fjernprint:AfsenderAdresse', letter.sender.returnAddress);
    w.up();
    w.ele(FJERNPRINT_NS, 'fjernprint:PaatrykAfsenderAdresseIndikator').txt('true').up();
  }
  w.ele(FJERNPRINT_NS, 'fjernprint:PaatrykModtagerAdresseIndikator').txt('true').up();
  w.ele(FJERNPRINT_NS, 'fjernprint:KanalKode').txt('Fysisk Post').up();
  w.up();
  w.ele(FJERNPRINT_NS, 'fjernprint:PrintParametre');
  w.ele(FJERNPRINT_NS, 'fjernprint:SimplexDuplexKode')
    .txt(print.duplex ? 'Duplex' : 'Simplex')
    .up();
  w.ele(FJERNPRINT_NS, 'fjernprint:FarveSHKode')
    .txt(print.colour ? 'Farve' : 'SH')
    .up();
  w.ele(FJERNPRINT_NS, 'fjernprint:KuvertTypeKode').txt(s.envelope).up();
  w.up();
  w.ele(FJERNPRINT_NS, 'fjernprint:PostParametre');
  // Quick = A-post = "Prioritaire", regular = B-post = "Economique" (UPU/PostNord names).
  w.ele(FJERNPRINT_NS, 'fjernprint:PostKategoriKode')
    .txt(print.letterClass === 'quick' ? 'Prioritaire' : 'Economique')
    .up();
  w.up();
  if (letter.attachments.length) {
    w.ele(FJERNPRINT_NS, 'fjernprint:BilagSamling');
    for (const [i, d] of letter.attachments.entries()) {
      w.ele(FJERNPRINT_NS, 'fjernprint:Bilag');
      w.ele(FJERNPRINT_NS, 'fjernprint:BilagNavn').txt(d.filename.slice(0, 300)).up();
      w.ele(NS.dkal, 'dkal:FilformatNavn')
        .txt(d.mediaType === 'application/pdf' ? 'PDF' : (d.filename.split('.').pop() ?? 'PDF').toUpperCase().slice(0, 10))
        .up();
      w.ele(FJERNPRINT_NS, 'fjernprint:BilagSorteringsIndeksIdentifikator')
        .txt(String(i + 1))
        .up();
      w.ele(NS.dkal, 'dkal:VedhaeftningIndholdData');
      await writeBase64(w, d);
      w.up();
      w.up();
    }
    w.up();
  }
  w.up();
}
