/**
 * @module
 * Media types, namespaces and header names of Digipost REST API v8.
 */

/** Media type of every Digipost XML document (requests and answers). */
export const DIGIPOST_MEDIA_TYPE = 'application/vnd.digipost-v8+xml';
/** Media type of the one-request send: the message XML plus one part per document. */
export const DIGIPOST_MULTIPART_SUBTYPE = 'vnd.digipost-v8+xml';
/** Namespace of api_v8.xsd. */
export const V8_NS = 'http://api.digipost.no/schema/v8';
/** Namespace of the Digipost data types (inkasso, invoice ...). */
export const DATATYPES_NS = 'http://api.digipost.no/schema/datatypes';

export const HEADER = {
  userId: 'X-Digipost-UserId',
  date: 'Date',
  contentSha256: 'X-Content-SHA256',
  signature: 'X-Digipost-Signature',
} as const;

/** Link relations of the entry point (`GET /`), as `<base>/relations/<name>`. */
export const RELATION = {
  createMessage: 'create_message',
  identifyRecipient: 'identify_recipient',
  documentEvents: 'document_events',
  getSenderInformation: 'get_sender_information',
} as const;
