/**
 * @module
 * The plugin's HTTP client for the simulator: one JSON request, the exact bytes both ways, and
 * transport failures turned into transient `ProviderError`s.
 */
import { Agent, request } from 'undici';
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
  /** Seconds from a `Retry-After` header, when the answer had one. */
  retryAfterSeconds?: number;
}

export interface SimulatorClientOptions {
  url: string;
  timeoutMs: number;
  connections: number;
}

/**
 * Talks to one simulator over keep-alive HTTP. Uses undici's `request` on its own `Agent`:
 * measured against the simulator, WHATWG `fetch` (with or without a dispatcher) managed a
 * fifth of the calls per second, and the platform's target is 1,000 letters/s on 2 cores.
 */
export class SimulatorClient {
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly agent: Agent;

  constructor(opts: SimulatorClientOptions) {
    this.base = opts.url.replace(/\/+$/, '');
    this.timeoutMs = opts.timeoutMs;
    this.agent = new Agent({
      connections: opts.connections,
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
      keepAliveTimeout: 4_000,
    });
  }

  /**
   * POSTs a JSON body.
   * @throws ProviderError (transient) when the simulator cannot be reached or does not answer in time.
   */
  async post(path: string, body: unknown): Promise<Exchange> {
    const bytes = Buffer.from(JSON.stringify(body));
    const wire: WireBytes = { mediaType: MEDIA_TYPE, body: bytes };
    let status: number;
    let contentType: string | string[] | undefined;
    let answer: Buffer;
    let retryAfter = NaN;
    try {
      const res = await request(this.base + path, {
        method: 'POST',
        headers: { 'content-type': MEDIA_TYPE, accept: MEDIA_TYPE },
        body: bytes,
        dispatcher: this.agent,
      });
      status = res.statusCode;
      contentType = res.headers['content-type'];
      retryAfter = Number(res.headers['retry-after']);
      answer = Buffer.from(await res.body.arrayBuffer());
    } catch (e) {
      throw this.transportError(e, wire);
    }
    const ct = (Array.isArray(contentType) ? contentType[0] : contentType)?.split(';')[0]?.trim();
    return {
      status,
      wire,
      receipt: { mediaType: ct || MEDIA_TYPE, body: answer },
      ...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterSeconds: retryAfter } : {}),
    };
  }

  /** Closes kept-alive connections. */
  async close(): Promise<void> {
    await this.agent.close();
  }

  private transportError(e: unknown, wire: WireBytes): ProviderError {
    const err = e as Error & { code?: string; cause?: { code?: string; message?: string } };
    if (err.code === 'UND_ERR_HEADERS_TIMEOUT' || err.code === 'UND_ERR_BODY_TIMEOUT' || err.code === 'UND_ERR_CONNECT_TIMEOUT') {
      return new ProviderError('transient', 'TIMEOUT', PLUGIN_ERRORS.TIMEOUT(this.timeoutMs), { wire, cause: e });
    }
    const detail = err.code ?? err.cause?.code ?? err.message;
    return new ProviderError('transient', 'NETWORK', PLUGIN_ERRORS.NETWORK(this.base, detail), { wire, cause: e });
  }
}

/**
 * Turns a non-success answer into the error the platform acts on: 5xx and 429 are transient,
 * other 4xx permanent with the simulator's reason.
 */
export function answerError(x: Exchange): ProviderError {
  const extra = { wire: x.wire, receipt: x.receipt };
  // "Too many requests": the remote's agreed limit was passed; the platform slows down for it.
  if (x.status === 429) {
    const seconds = x.retryAfterSeconds ?? 1;
    return new ProviderError('transient', 'THROTTLED', PLUGIN_ERRORS.THROTTLED(seconds), { ...extra, retryAfterSeconds: seconds });
  }
  if (x.status >= 500 || x.status === 408) {
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
