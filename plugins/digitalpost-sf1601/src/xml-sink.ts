/**
 * @module
 * A streaming XML writer (xmlbuilder2's callback builder) that collects its output as bytes and
 * can mark where an element starts and ends, so a part of a request (the `memo:Message`) can be
 * kept on its own exactly as it was sent. The builder writes every tag; nothing is concatenated
 * by hand.
 */
import { createCB } from 'xmlbuilder2';

export type XmlWriter = ReturnType<typeof createCB>;

/** XML output collected in memory, chunk by chunk. */
export class XmlSink {
  readonly writer: XmlWriter;
  private readonly chunks: Buffer[] = [];
  private bytes = 0;

  constructor() {
    this.writer = createCB({
      data: (chunk: string) => {
        const b = Buffer.from(chunk, 'utf8');
        this.chunks.push(b);
        this.bytes += b.length;
      },
      prettyPrint: false,
    });
    this.writer.dec({ version: '1.0', encoding: 'UTF-8' });
  }

  /** Position (chunk index) for `slice`: the builder starts a new chunk at every tag. */
  mark(): number {
    return this.chunks.length;
  }

  /** Bytes written so far (the size check runs while writing). */
  get size(): number {
    return this.bytes;
  }

  /** The XML declaration followed by the chunks between two marks: a standalone document. */
  slice(from: number, to: number): Buffer {
    return Buffer.concat([this.chunks[0]!, ...this.chunks.slice(from, to)]);
  }

  /** Ends the document and returns all of it. */
  finish(): Buffer {
    this.writer.end();
    return Buffer.concat(this.chunks, this.bytes);
  }
}
