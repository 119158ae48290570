/**
 * @module
 * All migrations, in order. Listed statically (not read from disk) so they bundle and type-check.
 */
import type { Migration } from 'kysely';
import * as core from './001-core.ts';
import * as archive from './002-archive.ts';
import * as inlineBlobs from './003-inline-blobs.ts';
import * as inbox from './004-inbox.ts';
import * as identity from './005-identity.ts';
import * as audit from './006-audit.ts';
import * as splits from './007-splits.ts';
import * as letterCopies from './008-letter-copies.ts';
import * as receiptLanguage from './009-receipt-language.ts';
import * as letterPolledAt from './010-letter-polled-at.ts';

export const migrations: Record<string, Migration> = {
  '001-core': core,
  '002-archive': archive,
  '003-inline-blobs': inlineBlobs,
  '004-inbox': inbox,
  '005-identity': identity,
  '006-audit': audit,
  '007-splits': splits,
  '008-letter-copies': letterCopies,
  '009-receipt-language': receiptLanguage,
  '010-letter-polled-at': letterPolledAt,
};
