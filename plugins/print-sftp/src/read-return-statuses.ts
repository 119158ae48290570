/**
 * @module
 * `poll`'s work: list the vendor's return folder, read new return files (a file already read
 * is known by its name, size and time), and turn the records of the polled letters into status
 * updates — accepted and printed as events, posted as `delivered_print`, errors and returned
 * mail as `failed` with the vendor's reason.
 */
import type { PluginState, PolledLetter, StatusUpdate } from '@brevdue/shared/sdk';
import type { PrintSftpConfig } from './config.ts';
import type { Messages } from './messages.ts';
import { readReturnFile, type ReturnRecord } from './return-files.ts';
import { classifySftpError, connectSftp } from './sftp-connection.ts';
import type { VendorProfile } from './vendor-profile.ts';

/**
 * Makes the poll function of one provider instance (it keeps the parsed files in memory).
 * @example const poll = readReturnStatuses(config, profile, context.state, t); const updates = await poll(letters);
 */
export function readReturnStatuses(config: PrintSftpConfig, profile: VendorProfile, state: PluginState, t: Messages) {
  const parsed = new Map<string, ReturnRecord[]>();
  const pattern = new RegExp(profile.returns.fileNamePattern);

  async function records(): Promise<Map<string, ReturnRecord[]>> {
    const conn = await connectSftp(config.sftp, t);
    const { client } = conn;
    try {
      const listing = await client.list(config.sftp.returnDir);
      const live = new Set<string>();
      for (const f of listing) {
        if (f.type !== '-' || !pattern.test(f.name)) continue;
        const key = `${f.name}|${f.size}|${f.modifyTime}`;
        live.add(key);
        if (parsed.has(key)) continue;
        const body = (await client.get(`${config.sftp.returnDir.replace(/\/$/, '')}/${f.name}`)) as Buffer;
        parsed.set(key, readReturnFile(profile, f.name, body.toString('utf8')).records);
      }
      // Files the vendor removed (or rewrote) are forgotten.
      for (const k of parsed.keys()) if (!live.has(k)) parsed.delete(k);
    } catch (e) {
      throw classifySftpError(e, t);
    } finally {
      await conn.end();
    }
    const byMessage = new Map<string, ReturnRecord[]>();
    for (const list of parsed.values()) for (const r of list) byMessage.set(r.messageId, [...(byMessage.get(r.messageId) ?? []), r]);
    return byMessage;
  }

  return async function poll(letters: PolledLetter[]): Promise<StatusUpdate[]> {
    if (letters.length === 0) return [];
    const byMessage = await records();
    const updates: StatusUpdate[] = [];
    for (const l of letters) {
      const recs = (byMessage.get(l.providerMessageId) ?? []).sort((a, b) => a.at.getTime() - b.at.getTime());
      if (recs.length === 0) continue;
      // Informational events are reported once (the platform records every one it gets); a
      // status is repeated each poll until final, which the platform records only once.
      const seenKey = `seen:${l.providerMessageId}`;
      const seen = new Set((await state.get<string[]>(seenKey)) ?? []);
      const before = seen.size;
      for (const r of recs) {
        const raw = { mediaType: 'text/csv', body: Buffer.from(`${r.line}\r\n`, 'utf8') };
        const base = { letterId: l.letterId, providerMessageId: l.providerMessageId, at: r.at, raw };
        const id = `${r.file}|${r.line}`;
        if (r.status === 'accepted' || r.status === 'printed') {
          if (seen.has(id)) continue;
          seen.add(id);
          updates.push({ ...base, event: r.status });
        } else if (r.status === 'posted') updates.push({ ...base, status: 'delivered_print', event: 'delivered', channel: 'print' });
        else if (r.status === 'error')
          updates.push({ ...base, status: 'failed', event: 'print_failed', reason: t.vendorError(r.reason || r.vendorStatus) });
        else {
          const reason = t.vendorReturned(r.reason || r.vendorStatus);
          updates.push({ ...base, status: 'failed', event: 'returned', reason });
          // Mail returned after it was posted finds the letter `delivered_print`, a final status the
          // platform keeps; an event (once) makes the return visible in the letter's history.
          if (recs.some((x) => x.status === 'posted' && x.at <= r.at) && !seen.has(`${id}|late`)) {
            seen.add(`${id}|late`);
            updates.push({ ...base, event: 'returned_after_posting', reason });
          }
        }
      }
      if (seen.size !== before) await state.set(seenKey, [...seen], 90 * 86_400);
    }
    return updates;
  };
}
