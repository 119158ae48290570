/**
 * Big messages are validated on a worker thread with the same answers as on the calling thread.
 */
import { makeTestLetter, memoryDocument } from '@brevdue/shared/testing';
import { describe, expect, it } from 'vitest';
import { buildKombiRequest } from './kombi-request.ts';
import { OFF_THREAD_BYTES, validateAgainstSchema, validateAgainstSchemaAsync } from './xsd-validator.ts';

const memo = { version: '1.2' as const, cvr: '29189846', caseSystem: 'Brevdue' };
const print = { envelope: 'C5' as const, userName: 'Brevdue' };

describe('validateAgainstSchemaAsync', () => {
  it('validates a message over the thread threshold like the synchronous path, valid and invalid', async () => {
    const letter = makeTestLetter({ mainDocument: memoryDocument(Buffer.alloc(2 * 1024 * 1024, 0x25), 'stor.pdf') });
    const { body } = await buildKombiRequest(letter, memo, print);
    expect(body.length).toBeGreaterThan(OFF_THREAD_BYTES);
    expect(await validateAgainstSchemaAsync(body, 'kombi-1.2')).toEqual({ valid: true, errors: [] });
    // The label replaced by an element the schema does not expect there, in an otherwise identical big message.
    const broken = Buffer.from(body.toString('utf8').replace(/<memo:label>([^<]*)<\/memo:label>/, '<memo:mandatory>ja</memo:mandatory>'));
    const off = await validateAgainstSchemaAsync(broken, 'kombi-1.2');
    expect(off.valid).toBe(false);
    expect(off).toEqual(validateAgainstSchema(broken, 'kombi-1.2'));
    expect(off.errors[0]).toMatch(/^line 1: Element '\{https:\/\/DigitalPost.dk\/MeMo-1\}mandatory'/);
  });
});
