/**
 * @module
 * The one-request send body: `multipart/vnd.digipost-v8+xml` with the message XML first
 * (`application/vnd.digipost-v8+xml`, `Content-Disposition: attachment; filename="message"`) and
 * then one part per document whose file name is the document's UUID and whose type is
 * `application/<file-type>` — the layout the official clients send (MessageDeliverer.java).
 * MIME framing is not XML; the body is assembled from buffers so the bytes hashed, signed and
 * sent are one and the same.
 */
import { randomBytes } from 'node:crypto';
import { DIGIPOST_MEDIA_TYPE, DIGIPOST_MULTIPART_SUBTYPE } from './media-types.ts';

export interface MultipartPart {
  contentType: string;
  filename: string;
  body: Buffer;
}

export interface MultipartBody {
  contentType: string;
  body: Buffer;
}

/** Assembles a multipart body (CRLF framing, RFC 2046). */
export function buildMultipart(parts: MultipartPart[], boundary = `brevdue-${randomBytes(12).toString('hex')}`): MultipartBody {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Type: ${p.contentType}\r\nContent-Disposition: attachment; filename="${p.filename}"\r\n\r\n`,
        'utf8',
      ),
      p.body,
      Buffer.from('\r\n', 'utf8'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`, 'utf8'));
  return { contentType: `multipart/${DIGIPOST_MULTIPART_SUBTYPE}; boundary=${boundary}`, body: Buffer.concat(chunks) };
}

/** The parts of a Digipost send: the message XML, then the documents in message order. */
export function digipostSendBody(messageXml: string, documents: Array<{ uuid: string; fileType: string; content: Buffer }>): MultipartBody {
  return buildMultipart([
    { contentType: `${DIGIPOST_MEDIA_TYPE}; charset=UTF-8`, filename: 'message', body: Buffer.from(messageXml, 'utf8') },
    ...documents.map((d) => ({ contentType: `application/${d.fileType}`, filename: d.uuid, body: d.content })),
  ]);
}
