/**
 * @module
 * Writes one batch to the vendor's drop folder, all or nothing: every file goes under a
 * temporary name (`<name>.part`, a folder or a ZIP), the manifest last, and one rename makes the
 * batch visible. The vendor picks up only complete batches; a half-written `.part` left by a crash
 * is removed and written again under the same name, with the same letters.
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import yazl from 'yazl';
import type { OpenBatch } from './drop-spool.ts';
import type { VendorConnection } from './sftp-connection.ts';
import { renderIndex } from './index-file.ts';
import type { VendorProfile } from './vendor-profile.ts';

/** The files of a batch, in the order they are written (letters, index, manifest last). */
export interface BatchFiles {
  files: Array<{ name: string; body: Buffer }>;
  manifest: Buffer;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * The batch's name from the profile template.
 * @example batchName(profile, id, new Date()) // "BREVDUE_20261124_<id>"
 */
export function batchName(profile: VendorProfile, batchId: string, at: Date): string {
  const iso = at.toISOString();
  return profile.batch.name
    .replaceAll('{batchId}', batchId)
    .replaceAll('{date}', iso.slice(0, 10).replaceAll('-', ''))
    .replaceAll('{time}', iso.slice(11, 19).replaceAll(':', ''));
}

/** What the drop folder shows once the batch is complete. */
export function finalName(profile: VendorProfile, batch: OpenBatch): string {
  return profile.batch.packaging === 'zip' ? `${batch.name}.zip` : batch.name;
}

/**
 * Assembles the batch: each letter's PDF, the index and the manifest (`sha256sum` format, every
 * other file).
 * @throws Error from `readLetter` when a letter's PDF cannot be read.
 */
export async function buildBatchFiles(
  profile: VendorProfile,
  batch: OpenBatch,
  readLetter: (messageId: string) => Promise<Buffer>,
): Promise<BatchFiles> {
  const files: BatchFiles['files'] = [];
  for (const l of batch.letters) files.push({ name: l.record.file, body: await readLetter(l.record.messageId) });
  files.push({
    name: profile.index.fileName,
    body: renderIndex(
      profile,
      batch.batchId,
      batch.letters.map((l) => l.record),
    ),
  });
  const manifest = Buffer.from(files.map((f) => `${sha256(f.body)}  ${f.name}\n`).join(''), 'utf8');
  return { files, manifest };
}

/** A ZIP of the batch; entries dated at the batch's creation, so a rewrite gives the same bytes. */
async function zipOf(profile: VendorProfile, batch: OpenBatch, b: BatchFiles): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const mtime = new Date(batch.createdAt);
  for (const f of b.files) zip.addBuffer(f.body, f.name, { mtime, compress: !f.name.endsWith('.pdf') });
  zip.addBuffer(b.manifest, profile.manifestFile, { mtime });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Writes the batch and renames it into place. Safe to call again after a crash at any point
 * before the rename (the `.part` is replaced).
 * @throws the SFTP client's errors (classify them with `classifySftpError`).
 */
export async function uploadBatch(
  conn: VendorConnection,
  dropDir: string,
  profile: VendorProfile,
  batch: OpenBatch,
  files: BatchFiles,
): Promise<void> {
  const { client } = conn;
  const final = posix.join(dropDir, finalName(profile, batch));
  const part = `${final}.part`;
  const left = await client.exists(part);
  if (left === 'd') await client.rmdir(part, true);
  else if (left !== false) await client.delete(part);
  if (profile.batch.packaging === 'zip') {
    await conn.writeFile(part, await zipOf(profile, batch, files));
  } else {
    await client.mkdir(part);
    for (const f of files.files) {
      await conn.writeFile(posix.join(part, f.name), f.body);
    }
    await conn.writeFile(posix.join(part, profile.manifestFile), files.manifest);
  }
  await client.rename(part, final);
}

/** Whether the batch is already in the drop folder under its final name (a rename whose answer was lost). */
export async function isDropped({ client }: VendorConnection, dropDir: string, profile: VendorProfile, batch: OpenBatch): Promise<boolean> {
  return (await client.exists(posix.join(dropDir, finalName(profile, batch)))) !== false;
}
