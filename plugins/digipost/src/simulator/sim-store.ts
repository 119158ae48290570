/**
 * @module
 * What the simulator remembers: accepted messages (inspectable through `GET /messages`) and the
 * document events they produce over time.
 */
import type { SimEvent, StoredDocument } from './sim-answers.ts';

export interface StoredMessage {
  messageId?: string;
  senderId: string;
  brokerId: string;
  /** FNR / ORGNR, or undefined for a direct print message. */
  recipientId?: string;
  method: 'DIGIPOST' | 'PRINT';
  status: 'DELIVERED' | 'DELIVERED_TO_PRINT';
  deliveryTime: string;
  documents: Array<StoredDocument & { bytes: number; mediaType: string }>;
  /** The message XML as received. */
  xml: string;
  printDetails: boolean;
  printIfUnreadAfter?: string;
  receivedAt: string;
}

export class SimulatorStore {
  readonly messages: StoredMessage[] = [];
  readonly events: SimEvent[] = [];
  readonly #byMessageId = new Map<string, StoredMessage>();
  readonly #byDocument = new Map<string, { message: StoredMessage; index: number }>();

  /** Key of a message id: unique per sender, as Digipost keeps them. */
  static key(senderId: string, messageId: string): string {
    return `${senderId}/${messageId}`;
  }

  findMessage(senderId: string, messageId: string): StoredMessage | undefined {
    return this.#byMessageId.get(SimulatorStore.key(senderId, messageId));
  }

  findDocument(uuid: string): { message: StoredMessage; index: number } | undefined {
    return this.#byDocument.get(uuid);
  }

  add(m: StoredMessage): void {
    this.messages.push(m);
    if (m.messageId) this.#byMessageId.set(SimulatorStore.key(m.senderId, m.messageId), m);
    m.documents.forEach((d, index) => this.#byDocument.set(d.uuid, { message: m, index }));
  }

  /** Events created within [from, to] that have already happened by `now`. */
  eventsBetween(from: Date, to: Date, now: Date): SimEvent[] {
    return this.events
      .filter((e) => {
        const t = Date.parse(e.created);
        return t >= from.getTime() && t <= to.getTime() && t <= now.getTime();
      })
      .sort((a, b) => Date.parse(a.created) - Date.parse(b.created));
  }
}
