/**
 * @module
 * Reading Digipost's answers: `message-delivery`, `identification-result`, `error`,
 * `document-status` and `document-events`.
 */
import { parseXml, text } from './xml.ts';

export interface MessageDeliveryAnswer {
  messageId?: string;
  deliveryMethod: string;
  status: string;
  deliveryTime?: string;
  senderId?: string;
}

export interface ErrorAnswer {
  code: string;
  message: string;
  type: string;
}

export interface IdentificationAnswer {
  result: 'DIGIPOST' | 'IDENTIFIED' | 'UNIDENTIFIED' | 'INVALID';
  digipostAddress?: string;
  unidentifiedReason?: string;
  invalidReason?: string;
}

export interface DocumentEventAnswer {
  uuid: string;
  type: string;
  created: string;
  documentCreated: string;
  /** Attributes of the event's metadata (error-code, postmarked-date ...). */
  metadata: Record<string, string>;
}

const root = (xml: Buffer | string, name: string): Record<string, unknown> | undefined => {
  try {
    const doc = parseXml(xml);
    const r = doc[name];
    return r && typeof r === 'object' ? (r as Record<string, unknown>) : r === '' ? {} : undefined;
  } catch {
    return undefined;
  }
};

/** Parses a `message-delivery`, or undefined when the body is not one. */
export function readMessageDelivery(xml: Buffer | string): MessageDeliveryAnswer | undefined {
  const r = root(xml, 'message-delivery');
  const method = text(r, 'delivery-method');
  const status = text(r, 'status');
  if (!r || !method || !status) return undefined;
  return {
    messageId: text(r, 'message-id'),
    deliveryMethod: method,
    status,
    deliveryTime: text(r, 'delivery-time'),
    senderId: text(r, 'sender-id'),
  };
}

/** Parses an `error` document, or undefined. */
export function readError(xml: Buffer | string): ErrorAnswer | undefined {
  const r = root(xml, 'error');
  if (!r) return undefined;
  return { code: text(r, 'error-code') ?? 'GENERAL_ERROR', message: text(r, 'error-message') ?? '', type: text(r, 'error-type') ?? '' };
}

/** Parses an `identification-result`, or undefined. */
export function readIdentificationResult(xml: Buffer | string): IdentificationAnswer | undefined {
  const r = root(xml, 'identification-result');
  const result = text(r, 'result');
  if (!r || !result || !['DIGIPOST', 'IDENTIFIED', 'UNIDENTIFIED', 'INVALID'].includes(result)) return undefined;
  return {
    result: result as IdentificationAnswer['result'],
    digipostAddress: text(r, 'digipost-address'),
    unidentifiedReason: text(r, 'unidentified-reason'),
    invalidReason: text(r, 'invalid-reason'),
  };
}

/** Parses a `document-status` (attributes only). */
export function readDocumentStatus(
  xml: Buffer | string,
): { status?: string; channel?: string; delivered?: string; read?: string } | undefined {
  const r = root(xml, 'document-status');
  if (!r) return undefined;
  const a = (k: string) => (r[`@_${k}`] === undefined ? undefined : String(r[`@_${k}`]));
  return { status: a('status'), channel: a('channel'), delivered: a('delivered'), read: a('read') };
}

/** Parses `document-events`. */
export function readDocumentEvents(xml: Buffer | string): DocumentEventAnswer[] | undefined {
  const r = root(xml, 'document-events');
  if (!r) return undefined;
  const events = (r.event as Array<Record<string, unknown>> | undefined) ?? [];
  return events.map((e) => {
    const meta: Record<string, string> = {};
    const m = e.metadata;
    if (m && typeof m === 'object') {
      for (const [k, v] of Object.entries(m)) if (k.startsWith('@_')) meta[k.slice(2).replace(/^.*:/, '')] = String(v);
    }
    return {
      uuid: String(e['@_uuid'] ?? ''),
      type: String(e['@_type'] ?? ''),
      created: String(e['@_created'] ?? ''),
      documentCreated: String(e['@_document-created'] ?? ''),
      metadata: meta,
    };
  });
}
