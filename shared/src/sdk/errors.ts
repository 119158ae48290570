/**
 * @module
 * Errors a plugin throws. The platform retries `transient` errors with back-off and ends the
 * letter as `failed` on `permanent` ones, showing `message` to the user: make it say what to do.
 */

export type ProviderErrorKind = 'transient' | 'permanent';

export interface WireBytes {
  mediaType: string;
  body: Buffer;
}

/**
 * A failure of a provider call.
 * @example throw new ProviderError('permanent', 'UNKNOWN_RECIPIENT', 'Ingen postadresse til print / no postal address for print')
 */
export class ProviderError extends Error {
  readonly kind: ProviderErrorKind;
  readonly code: string;
  /** The exact message transmitted, when one was (kept as proof even for a failure). */
  readonly wire?: WireBytes;
  /** The remote's answer, when there was one. */
  readonly receipt?: WireBytes;

  /**
   * The remote throttles ("too many requests", HTTP 429/503 with Retry-After): the platform sends
   * nothing more to this provider from this process for this long and tries the letter again
   * then, without counting it as a failed attempt. Other providers' letters keep flowing.
   */
  readonly retryAfterSeconds?: number;

  constructor(
    kind: ProviderErrorKind,
    code: string,
    message: string,
    extra: { wire?: WireBytes; receipt?: WireBytes; cause?: unknown; retryAfterSeconds?: number } = {},
  ) {
    super(message, { cause: extra.cause });
    this.name = 'ProviderError';
    this.kind = kind;
    this.code = code;
    this.wire = extra.wire;
    this.receipt = extra.receipt;
    if (extra.retryAfterSeconds !== undefined) this.retryAfterSeconds = extra.retryAfterSeconds;
  }
}

/** A plugin's configuration is unusable; `field` names the config path. Refuses start-up. */
export class PluginConfigError extends Error {
  readonly plugin: string;
  readonly field: string;
  constructor(plugin: string, field: string, message: string) {
    super(`plugin "${plugin}": config field "${field}": ${message}`);
    this.name = 'PluginConfigError';
    this.plugin = plugin;
    this.field = field;
  }
}

/** An archive export failed; `transient` ones are retried with back-off. */
export class ArchiveError extends Error {
  readonly kind: ProviderErrorKind;
  readonly code: string;
  constructor(kind: ProviderErrorKind, code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ArchiveError';
    this.kind = kind;
    this.code = code;
  }
}

/**
 * How a remote's HTTP status reads for an archive export or a provider call: credentials refused
 * (permanent), busy or down (transient, retry), anything else refused (permanent), or fine.
 * @example if (httpFailureKind(res.status) === 'transient') throw new ArchiveError('transient', 'REMOTE_BUSY', ...)
 */
export function httpFailureKind(status: number): 'auth' | 'transient' | 'rejected' | undefined {
  if (status === 401 || status === 403) return 'auth';
  if (status === 408 || status === 429 || status >= 500) return 'transient';
  if (status < 200 || status >= 300) return 'rejected';
  return undefined;
}
