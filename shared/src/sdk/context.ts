/**
 * @module
 * What a plugin sees of the platform: the context object handed to `create`. A plugin never
 * imports the platform; everything it may use is here.
 */
import type { Readable } from 'node:stream';
import type { InboundMessage, InboundReceipt } from './inbound.ts';
import type { StatusUpdate } from './provider.ts';

/** Structured logger (pino-compatible). Never log CPR numbers or document content. */
export interface PluginLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: object): PluginLogger;
}

/** Reads stored document blobs by their SHA-256. */
export interface BlobReader {
  read(sha256: string): Promise<Buffer>;
  stream(sha256: string): Readable;
}

/** Durable key-value state per plugin (survives restarts, shared by all processes). */
export interface PluginState {
  get<T = unknown>(key: string): Promise<T | undefined>;
  /** Stores a JSON value; with `ttlSeconds` it expires (caches, tokens). */
  set(key: string, value: unknown, ttlSeconds?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Runs `fn` while holding the lock named `key`, shared by all processes on the platform's
   * database: a second caller waits until the first is done. For find-or-create on a remote
   * (one case per party, however many workers export at once). Keep `fn` short.
   */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

export interface PluginContext {
  /** The plugin's name as configured. */
  readonly name: string;
  readonly logger: PluginLogger;
  readonly clock: { now(): Date };
  /** HTTP client (WHATWG fetch). */
  readonly fetch: typeof fetch;
  readonly blobs: BlobReader;
  readonly state: PluginState;
  /** A directory the plugin may write to (e.g. simulator certificates, export drops). */
  readonly dataDir: string;
  /** The platform's public base URL, for callbacks the remote calls. */
  readonly publicUrl: string;
  /**
   * Reports a status change that arrived by callback (from the plugin's `routes`).
   * The platform normalises it into the letter's status and events.
   */
  reportStatus(update: StatusUpdate): Promise<void>;
  /**
   * Hands a received message (from the plugin's inbound route) to the platform. Resolves only
   * once the message and its documents are durably stored — documents' blobs first, then the
   * message row in one transaction — so the plugin may then answer the remote "accept". Idempotent
   * on `providerMessageId`: the same message again resolves with `duplicate: true`, stored once.
   * Rejects when it could not be stored; the plugin must then answer the remote with an error
   * (not accept), so the remote delivers again. Optional until every platform host supplies it:
   * a provider that declares `receives` refuses inbound post while it is missing.
   */
  receive?(message: InboundMessage): Promise<InboundReceipt>;
}
