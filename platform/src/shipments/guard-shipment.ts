/**
 * @module
 * The leak guard applied to a shipment request (preview and creation): which letters would
 * carry a CPR number other than their recipient's (or, in a guardian copy, the child's). The send
 * worker checks each letter again.
 */
import type { ShipmentRequest } from '@brevdue/shared';
import type { Runtime } from '../app/runtime-types.ts';
import { leakGuardFor, type LeakVerdict } from '../leak-guard/leak-guard.ts';
import { allDocumentIds } from '../letters/letter-documents.ts';
import { PdfEngineError, type Lang } from '../pdf-engine/index.ts';
import type { ValidatedShipment } from './validate-shipment.ts';
import type { PlannedCopy } from './plan-copies.ts';

/** The leak guard's verdicts: one per recipient's letter, one per copy (same order as given). */
export interface ShipmentVerdicts {
  letters: LeakVerdict[];
  copies: LeakVerdict[];
}

/**
 * The leak guard's verdict for each recipient's letter and each copy; undefined for an SMS
 * shipment (no documents) or when the PDF engine itself failed (logged; the send worker, the
 * last line of defence, checks every letter before it goes). A guardian copy may carry the
 * child's CPR number; the documents are read once whatever the number of copies.
 */
export async function guardShipment(
  rt: Runtime,
  req: ShipmentRequest,
  checked: ValidatedShipment,
  copies: readonly PlannedCopy[] = [],
  lang: Lang = 'da',
): Promise<ShipmentVerdicts | undefined> {
  if (req.channelPolicy === 'sms') return undefined;
  const documentsOf = (i: number) => allDocumentIds(checked.letters[i]!).map((id) => checked.documents.get(id)!);
  const letters = [
    ...req.recipients.map((r, i) => ({ recipient: r, documents: documentsOf(i) })),
    ...copies.map((c) => ({ recipient: c.recipient, documents: documentsOf(c.of), alsoAllowed: c.alsoAllowed })),
  ];
  try {
    const verdicts = await leakGuardFor(rt).check(letters, lang);
    return { letters: verdicts.slice(0, req.recipients.length), copies: verdicts.slice(req.recipients.length) };
  } catch (e) {
    if (!(e instanceof PdfEngineError)) throw e;
    rt.logger.warn({ err: e }, 'leak guard could not read the documents; the send worker checks each letter');
    return undefined;
  }
}
