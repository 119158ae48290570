/**
 * @module
 * The KombiPostAfsend request body for one letter: `kombi_request` with the `KombiValgKode`,
 * the MeMo message and, when the letter may or must be printed, the ForsendelseI print job.
 * Every limit is checked first and the finished body is validated against the schema; a letter
 * that fails either is refused with a reason instead of being sent.
 */
import { MAX_SHIPMENT_BYTES } from '@brevdue/shared';
import { ProviderError, type OutgoingLetter } from '@brevdue/shared/sdk';
import { checkMemoLimits } from './memo-limits.ts';
import { memoFromLetter, type MemoSettings } from './memo-model.ts';
import { writeMemo } from './memo-writer.ts';
import { sendText } from './messages.ts';
import { checkPrintLimits, FJERNPRINT_NS, writePrintJob, type PrintSettings } from './print-job.ts';
import { checkSmsText } from './sms-rules.ts';
import { XmlSink } from './xml-sink.ts';
import { validateAgainstSchemaAsync } from './xsd-validator.ts';

export const KOMBI_VALG_KODER = ['Automatisk Valg', 'Digital Post', 'Fysisk Post', 'NemSMS'] as const;
export type KombiValgKode = (typeof KOMBI_VALG_KODER)[number];

/** A built request: the exact body to send and the MeMo message inside it. */
export interface KombiRequest {
  kombiValgKode: KombiValgKode;
  body: Buffer;
  /** The `memo:Message` cut out of `body` as a standalone document. */
  memo: Buffer;
  withPrintJob: boolean;
}

/**
 * Which SF1601 route a letter takes: SMS → NemSMS; print → Fysisk Post; digital with the
 * platform's permission to fall back and an address → Automatisk Valg (digital else print).
 */
export function kombiValgKode(letter: OutgoingLetter): KombiValgKode {
  if (letter.channel === 'sms') return 'NemSMS';
  if (letter.channel === 'print') return 'Fysisk Post';
  return letter.printFallback && letter.recipient.address ? 'Automatisk Valg' : 'Digital Post';
}

const refuse = (code: string, message: string) => new ProviderError('permanent', code, message);

/**
 * Builds and validates the request for a letter.
 * @throws ProviderError (permanent) naming the limit, rule or schema error the letter breaks.
 */
export async function buildKombiRequest(letter: OutgoingLetter, memo: MemoSettings, print: PrintSettings): Promise<KombiRequest> {
  const kode = kombiValgKode(letter);
  const { idType } = letter.recipient;
  if (idType !== 'CPR' && idType !== 'CVR') throw refuse('RECIPIENT_TYPE', sendText.recipientType(idType));
  if (kode === 'NemSMS') {
    const v = checkSmsText(letter.smsText);
    if (v) throw refuse(`SMS_${v.rule.toUpperCase()}`, v.message);
  } else if (!letter.mainDocument) {
    throw refuse('NO_DOCUMENT', sendText.noDocument);
  }
  const docBytes = [letter.mainDocument, ...letter.attachments].reduce((n, d) => n + (d?.bytes ?? 0), 0);
  if (docBytes > MAX_SHIPMENT_BYTES) throw refuse('TOO_BIG', sendText.tooBig(docBytes, MAX_SHIPMENT_BYTES));

  const model = memoFromLetter(letter, memo);
  const withPrintJob = kode === 'Fysisk Post' || kode === 'Automatisk Valg';
  const violations = [...checkMemoLimits(model), ...(withPrintJob ? checkPrintLimits(letter) : [])];
  if (violations.length)
    throw refuse(
      violations[0]!.field === 'recipient.address' ? 'NO_ADDRESS' : 'LIMIT_EXCEEDED',
      violations.map((v) => v.message).join('; '),
    );

  const sink = new XmlSink();
  const w = sink.writer;
  w.ele('kombi_request');
  w.ele('KombiValgKode').txt(kode).up();
  const from = sink.mark();
  await writeMemo(w, model);
  const to = sink.mark();
  if (withPrintJob) {
    w.ele(FJERNPRINT_NS, 'fjernprint:ForsendelseISamling');
    await writePrintJob(w, letter, print);
    w.up();
  }
  w.up();
  const body = sink.finish();

  const result = await validateAgainstSchemaAsync(body, withPrintJob ? `kombi-print-${memo.version}` : `kombi-${memo.version}`);
  if (!result.valid) throw refuse('SCHEMA_INVALID', sendText.schemaInvalid(`MeMo ${memo.version}/KombiPostAfsend`, result.errors));
  return { kombiValgKode: kode, body, memo: sink.slice(from, to), withPrintJob };
}
