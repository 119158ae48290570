/**
 * @module
 * The leak guard applied to a shipment request (preview and creation): which letters would
 * carry a CPR number other than their recipient's. The send worker checks each letter again.
 */
import type { ShipmentRequest } from '@brevdue/shared';
import type { Runtime } from '../app/runtime-types.ts';
import { leakGuardFor, type LeakVerdict } from '../leak-guard/leak-guard.ts';
import { allDocumentIds } from '../letters/letter-documents.ts';
import { PdfEngineError, type Lang } from '../pdf-engine/index.ts';
import type { ValidatedShipment } from './validate-shipment.ts';

/**
 * The leak guard's verdict for each recipient's letter, in the order of `recipients`; undefined
 * for an SMS shipment (no documents) or when the PDF engine itself failed (logged; the send
 * worker, the last line of defence, checks every letter before it goes).
 */
export async function guardShipment(
  rt: Runtime,
  req: ShipmentRequest,
  checked: ValidatedShipment,
  lang: Lang = 'da',
): Promise<LeakVerdict[] | undefined> {
  if (req.channelPolicy === 'sms') return undefined;
  const letters = req.recipients.map((r, i) => ({
    recipient: r,
    documents: allDocumentIds(checked.letters[i]!).map((id) => checked.documents.get(id)!),
  }));
  try {
    return await leakGuardFor(rt).check(letters, lang);
  } catch (e) {
    if (!(e instanceof PdfEngineError)) throw e;
    rt.logger.warn({ err: e }, 'leak guard could not read the documents; the send worker checks each letter');
    return undefined;
  }
}
