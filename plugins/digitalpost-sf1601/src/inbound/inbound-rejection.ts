/**
 * @module
 * A message PostModtag refuses: a stable code, the HTTP status and a reason the Postkomponent
 * passes on to Digital Post (so the sender's side can act on it).
 */

/** Thrown while reading a request that must be refused; turned into a reject answer. */
export class InboundRejection extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, reason: string) {
    super(reason);
    this.name = 'InboundRejection';
    this.status = status;
    this.code = code;
  }
}
