/**
 * @module
 * How a party's identifier is shown on receipts and screens: personal numbers masked, company
 * numbers (public registers) in full.
 */
import { maskCpr } from '@brevdue/shared';

/**
 * Masks a CPR as DDMMYY-XXXX and a Norwegian FNR as DDMMYY-XXXXX; CVR and ORGNR stay whole.
 * @example maskPartyId('CPR', '0101904321') // '010190-XXXX'
 */
export function maskPartyId(idType: string, id: string): string {
  if (idType === 'CPR') return maskCpr(id);
  if (idType === 'FNR') return `${id.slice(0, 6)}-XXXXX`;
  return id;
}
