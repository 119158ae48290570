/**
 * @module
 * The plugin's HTTP client for the simulator: one JSON request, the exact bytes both ways, and
 * transport failures turned into transient `ProviderError`s.
 */
import { ProviderError } from '@brevdue/shared/sdk';
import type { WireBytes } from '@brevdue/shared/sdk';
import { MEDIA_TYPE } from '../protocol.ts';
import type { ErrorResponse } from '../protocol.ts';
import { PLUGIN_ERRORS, REMOTE_ERRORS } from '../messages.ts';

/** One exchange with the simulator: what went out and what came back, byte for byte. */
export interface Exchange {
  status: number;
  wire: WireBytes;
  receipt: WireBytes;
}

export interface SimulatorClientOptions {
  url: string;
  timeoutMs: number;
  connections: number;
}

/** Talks to one simulator over keep-alive HTTP. */
export class SimulatorClient {
  private readonly base: string;
  private readonly timeoutMs: number;

  constructor(opts: SimulatorClientOptions) {
    this.base = opts.url.replace(/\/+$/, '');
    this.timeoutMs = opts.timeoutMs;
  }

  /**
   * POSTs a JSON body.
   * @throws ProviderError (transient) when the simulator cannot be reached or does not answer in time.
   */
  async post(path: string, body: unknown): Promise<Exchange> {
    const bytes = Buffer.from(JSON.stringify(body));
    const wire: WireBytes = { mediaType: MEDIA_TYPE, body: bytes };
    let res: Response;
    let answer: Buffer;
    try {
      res = await fetch(this.base + path, {
        method: 'POST',
        headers: { 'content-type': MEDIA_TYPE, accept: MEDIA_TYPE },
        body: bytes,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      answer = Buffer.from(await res.arrayBuffer());
    } catch (e) {
      throw this.transportError(e, wire);
    }
    const receipt: WireBytes = { mediaType: res.headers.get('content-type')?.split(';')[0]?.trim() || MEDIA_TYPE, body: answer };
    return { status: res.status, wire, receipt };
  }

  /** Closes kept-alive connections. */
  async close(): Promise<void> {}

  private transportError(e: unknown, wire: WireBytes): ProviderError {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    if (err.name === 'TimeoutError' || err.name === 'AbortError') {
      return new ProviderError('transient', 'TIMEOUT', PLUGIN_ERRORS.TIMEOUT(this.timeoutMs), { wire, cause: e });
    }
    const detail = err.cause?.code ?? err.cause?.message ?? err.message;
    return new ProviderError('transient', 'NETWORK', PLUGIN_ERRORS.NETWORK(this.base, detail), { wire, cause: e });
  }
}

/**
 * Turns a non-success answer into the error the platform acts on: 5xx and 429 are transient,
 * other 4xx permanent with the simulator's reason.
 */
export function answerError(x: Exchange): ProviderError {
  const extra = { wire: x.wire, receipt: x.receipt };
  if (x.status >= 500 || x.status === 429 || x.status === 408) {
    return new ProviderError('transient', 'UNAVAILABLE', PLUGIN_ERRORS.UNAVAILABLE(x.status), extra);
  }
  let parsed: ErrorResponse | undefined;
  try {
    parsed = JSON.parse(x.receipt.body.toString('utf8')) as ErrorResponse;
  } catch {
    parsed = undefined;
  }
  const code = parsed?.error?.code;
  if (x.status >= 400 && x.status < 500 && code) {
    const known = code in REMOTE_ERRORS;
    // The simulator's own message carries the detail (which field, which file); keep it.
    const text = parsed?.error.message ?? (known ? REMOTE_ERRORS[code as keyof typeof REMOTE_ERRORS] : code);
    return new ProviderError('permanent', code, text, extra);
  }
  return new ProviderError('permanent', 'BAD_ANSWER', PLUGIN_ERRORS.BAD_ANSWER(x.status), extra);
}

/** Parses a JSON answer; a body that is not JSON is a bad answer. */
export function parseAnswer<T>(x: Exchange): T {
  try {
    return JSON.parse(x.receipt.body.toString('utf8')) as T;
  } catch {
    throw new ProviderError('permanent', 'BAD_ANSWER', PLUGIN_ERRORS.BAD_ANSWER(x.status), { wire: x.wire, receipt: x.receipt });
  }
}
