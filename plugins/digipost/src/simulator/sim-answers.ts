/**
 * @module
 * The XML answers the simulator gives, built like Digipost's (namespace v8, standalone declaration).
 */
import { V8_NS } from '../media-types.ts';
import { buildXml, type XmlTree } from '../xml.ts';

/** Digipost's `error` document. */
export function errorXml(
  code: string,
  message: string,
  type: 'CLIENT_DATA' | 'CLIENT_TECHNICAL' | 'CONFIGURATION' | 'SERVER' | 'UNKNOWN',
): string {
  return buildXml({ error: { '@_xmlns': V8_NS, 'error-code': code, 'error-message': message, 'error-type': type } });
}

/** The entry point with the server certificate and the links the clients follow. */
export function entrypointXml(base: string, certificatePem: string): string {
  const link = (rel: string, path: string) => ({
    '@_rel': `${base}/relations/${rel}`,
    '@_uri': `${base}${path}`,
    '@_media-type': 'application/vnd.digipost-v8+xml',
  });
  return buildXml({
    entrypoint: {
      '@_xmlns': V8_NS,
      certificate: certificatePem,
      link: [
        link('create_message', '/messages'),
        link('identify_recipient', '/identification'),
        link('document_events', '/documents/events'),
        link('get_sender_information', '/senders'),
      ],
    },
  });
}

export function identificationResultXml(result: string, extra: XmlTree = {}): string {
  return buildXml({ 'identification-result': { '@_xmlns': V8_NS, result, ...extra } });
}

export interface StoredDocument {
  uuid: string;
  subject?: string;
  fileType: string;
  authenticationLevel?: string;
  sensitivityLevel?: string;
  contentHash: string;
}

export function messageDeliveryXml(m: {
  messageId?: string;
  method: 'DIGIPOST' | 'PRINT';
  senderId: string;
  status: string;
  deliveryTime: string;
  documents: StoredDocument[];
}): string {
  const doc = (d: StoredDocument): XmlTree => ({
    uuid: d.uuid,
    subject: d.subject,
    'file-type': d.fileType,
    'authentication-level': d.authenticationLevel,
    'sensitivity-level': d.sensitivityLevel,
    'content-hash': { '@_hash-algorithm': 'SHA256', '#text': d.contentHash },
  });
  return buildXml({
    'message-delivery': {
      '@_xmlns': V8_NS,
      'message-id': m.messageId,
      'delivery-method': m.method,
      'sender-id': m.senderId,
      status: m.status,
      'delivery-time': m.deliveryTime,
      'primary-document': doc(m.documents[0]!),
      attachment: m.documents.length > 1 ? m.documents.slice(1).map(doc) : undefined,
    },
  });
}

export function documentStatusXml(a: {
  uuid: string;
  senderId: string;
  status: 'DELIVERED' | 'NOT_DELIVERED';
  created: string;
  delivered?: string;
  channel: string;
  primary: boolean;
  contentHash: string;
}): string {
  return buildXml({
    'document-status': {
      '@_xmlns': V8_NS,
      '@_uuid': a.uuid,
      '@_sender-id': a.senderId,
      '@_status': a.status,
      '@_created': a.created,
      '@_delivered': a.delivered,
      '@_channel': a.channel,
      '@_is-primary-document': String(a.primary),
      '@_content-hash': a.contentHash,
      '@_content-hash-algorithm': 'SHA256',
    },
  });
}

export interface SimEvent {
  uuid: string;
  type: string;
  created: string;
  documentCreated: string;
  metadata?: { xsiType: string; attributes: Record<string, string> };
}

export function documentEventsXml(events: SimEvent[]): string {
  return buildXml({
    'document-events': {
      '@_xmlns': V8_NS,
      '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      event: events.map((e) => ({
        '@_uuid': e.uuid,
        '@_type': e.type,
        '@_created': e.created,
        '@_document-created': e.documentCreated,
        metadata: e.metadata
          ? {
              '@_xsi:type': e.metadata.xsiType,
              ...Object.fromEntries(Object.entries(e.metadata.attributes).map(([k, v]) => [`@_${k}`, v])),
            }
          : undefined,
      })),
    },
  });
}
