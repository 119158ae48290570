/**
 * @module
 * The spool: letters accepted by `send` wait here for their batch. Kept in the plugin's durable
 * state (shared by every platform process) with each letter's PDF in the plugin's data folder,
 * so a crash of any process loses nothing and a letter is taken into exactly one batch.
 *
 * Keys: `pending` (the waiting letters, in order), `letter:<messageId>` (the letter was spooled,
 * with the answer `send` gave), `batch:open` (the one batch being dropped; a crash leaves it
 * here and the next flush finishes it), `lastDropAt`.
 */
import { randomUUID } from 'node:crypto';
import type { PluginState, WireBytes } from '@brevdue/shared/sdk';
import type { LetterRecord } from './letter-record.ts';

/** A letter waiting for its batch. */
export interface SpooledLetter {
  record: LetterRecord;
  spooledAt: string;
  /** SHA-256 of the unchanged main document, when the file is exactly it (a fallback source: the platform's blobs). */
  blobSha256?: string;
}

/** A batch taken from the spool: its letters are in no other batch, whatever happens next. */
export interface OpenBatch {
  batchId: string;
  name: string;
  createdAt: string;
  letters: SpooledLetter[];
}

/** What `send` answered, kept to answer a repeated send the same way. */
export interface SpoolAnswer {
  wire: { mediaType: string; body: string };
  receipt: { mediaType: string; body: string };
}

const SPOOL_LOCK = 'print-sftp:spool';

/** The spool over the plugin's state. */
export class DropSpool {
  readonly #state: PluginState;
  constructor(state: PluginState) {
    this.#state = state;
  }

  /** The answer given when the letter was spooled, if it was. */
  async answerFor(messageId: string): Promise<{ wire: WireBytes; receipt: WireBytes } | undefined> {
    const a = await this.#state.get<SpoolAnswer>(`letter:${messageId}`);
    if (!a) return undefined;
    return {
      wire: { mediaType: a.wire.mediaType, body: Buffer.from(a.wire.body, 'base64') },
      receipt: { mediaType: a.receipt.mediaType, body: Buffer.from(a.receipt.body, 'base64') },
    };
  }

  /**
   * Adds a letter unless it is already spooled; returns whether it was added and the queue length.
   * The letter goes into `pending` before its `letter:` key: a crash between the two leaves a
   * pending letter a retry finds (and does not add twice), never a key without a letter.
   */
  async add(letter: SpooledLetter, answer: SpoolAnswer): Promise<{ added: boolean; pending: number }> {
    return this.#state.withLock(SPOOL_LOCK, async () => {
      const id = letter.record.messageId;
      const pending = (await this.#state.get<SpooledLetter[]>('pending')) ?? [];
      if (await this.#state.get(`letter:${id}`)) return { added: false, pending: pending.length };
      if (!pending.some((p) => p.record.messageId === id)) {
        pending.push(letter);
        await this.#state.set('pending', pending);
      }
      await this.#state.set(`letter:${id}`, answer);
      return { added: true, pending: pending.length };
    });
  }

  /** The letters waiting, oldest first. */
  async pending(): Promise<SpooledLetter[]> {
    return (await this.#state.get<SpooledLetter[]>('pending')) ?? [];
  }

  /** The batch a crashed flush left, if any. */
  async openBatch(): Promise<OpenBatch | undefined> {
    return this.#state.get<OpenBatch>('batch:open');
  }

  /**
   * Takes up to `max` letters into a new open batch. `batch:open` is written before the letters
   * leave `pending`: after a crash between the two they are in both, and `closeBatch` removes
   * them from `pending` — so each letter ends in exactly this one batch.
   */
  async openNew(max: number, name: (batchId: string, at: Date) => string, now: Date): Promise<OpenBatch | undefined> {
    return this.#state.withLock(SPOOL_LOCK, async () => {
      const pending = (await this.#state.get<SpooledLetter[]>('pending')) ?? [];
      if (pending.length === 0) return undefined;
      const batchId = randomUUID();
      const batch: OpenBatch = { batchId, name: name(batchId, now), createdAt: now.toISOString(), letters: pending.slice(0, max) };
      await this.#state.set('batch:open', batch);
      await this.#state.set('pending', pending.slice(max));
      return batch;
    });
  }

  /** Marks the open batch dropped: its letters leave `pending` (if a crash left them there) and the batch closes. */
  async closeBatch(batch: OpenBatch, at: Date): Promise<void> {
    await this.#state.withLock(SPOOL_LOCK, async () => {
      const ids = new Set(batch.letters.map((l) => l.record.messageId));
      const pending = (await this.#state.get<SpooledLetter[]>('pending')) ?? [];
      if (pending.some((p) => ids.has(p.record.messageId)))
        await this.#state.set(
          'pending',
          pending.filter((p) => !ids.has(p.record.messageId)),
        );
      await this.#state.set('lastDropAt', at.toISOString());
      await this.#state.delete('batch:open');
    });
  }

  /** When the last batch was dropped. */
  async lastDropAt(): Promise<Date | undefined> {
    const s = await this.#state.get<string>('lastDropAt');
    return s ? new Date(s) : undefined;
  }
}
