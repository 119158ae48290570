/**
 * @module
 * The SBSYS archive target: the party's Brevdue case (primary party + configured title, created
 * from the configured template when missing), each document journalised into it.
 *
 * Idempotency: SBSYS makes a new document on every `journaliser` call, so a replay would
 * duplicate. Every document's name therefore ends in a marker with the record id, position and
 * role (`documentName`); before uploading, the case's documents are listed and a document whose
 * name carries the marker is reused.
 */
import { createHash } from 'node:crypto';
import { ARCHIVE_ROLE_LABELS, ArchiveError } from '@brevdue/shared/sdk';
import type { ArchiveDocument, ArchiveExportItem, ArchiveTarget, ExportResult, PluginContext } from '@brevdue/shared/sdk';
import type { SbsysConfig } from './config.ts';
import { messages } from './messages.ts';
import { SbsysClient, sbsysCpr, type SbsysSag } from './sbsys-client.ts';

/** The marker ending a document's name: `[brevdue <recordId> <n>-<role>]`. */
export function documentMarker(recordId: string, index: number, role: ArchiveDocument['role']): string {
  return `[brevdue ${recordId} ${index + 1}-${role}]`;
}

/** The SBSYS document name: subject, role in Danish, marker. */
export function documentName(item: Pick<ArchiveExportItem, 'recordId' | 'subject'>, index: number, role: ArchiveDocument['role']): string {
  const subject = item.subject.length > 150 ? `${item.subject.slice(0, 149)}…` : item.subject;
  return `${subject} (${ARCHIVE_ROLE_LABELS[role] ?? role}) ${documentMarker(item.recordId, index, role)}`;
}

/** Reads the marker back: record id and role, or undefined for documents Brevdue did not make. */
export function parseDocumentName(name: string): { recordId: string; role: string } | undefined {
  const m = /\[brevdue ([0-9a-f-]{36}) \d+-([a-z-]+)\]$/.exec(name);
  return m ? { recordId: m[1]!, role: m[2]! } : undefined;
}

/** Creates the target; `create` of the plugin definition calls this. */
export function createSbsysTarget(config: SbsysConfig, ctx: PluginContext): ArchiveTarget {
  const sbsys = new SbsysClient({ ...config, fetch: ctx.fetch });
  const log = ctx.logger.child({ plugin: ctx.name });

  async function findOrCreateCase(item: ArchiveExportItem, key: string): Promise<SbsysSag> {
    const { idType, id } = item.party;
    if (idType !== 'CPR' && idType !== 'CVR') throw new ArchiveError('permanent', 'UNSUPPORTED_PARTY', messages.unsupportedParty(idType));
    const cached = await ctx.state.get<SbsysSag>(key);
    if (cached) return cached;
    const criteria = idType === 'CPR' ? { PrimaerPerson: { CprNummer: sbsysCpr(id) } } : { PrimaerFirma: { CvrNummer: id } };
    // SBSYS' title search is a "contains" search: keep only the exact title.
    const hits = (await sbsys.searchCases({ ...criteria, SagsTitel: config.caseTitle })).filter(
      (s) => (s.SagsTitel ?? s.Titel) === config.caseTitle,
    );
    // Oldest first: if two ever exist (a race across processes), every export picks the same one.
    hits.sort((a, b) => a.Id - b.Id);
    let sag = hits[0];
    if (!sag) {
      const part = await sbsys.findParty(idType, id);
      if (!part) throw new ArchiveError('permanent', 'UNKNOWN_PARTY', messages.unknownParty(idType));
      sag = await sbsys.createFromTemplate({
        title: config.caseTitle,
        templateId: config.templateId,
        caseworkerId: config.caseworkerId,
        partId: part.Id,
        partType: idType === 'CPR' ? 'Person' : 'Firma',
      });
      log.info({ sagId: sag.Id }, 'created SBSYS party case');
    }
    await ctx.state.set(key, sag, 86_400);
    return sag;
  }

  const keyOf = (item: ArchiveExportItem) =>
    `sag:${createHash('sha256').update(`${config.templateId}:${config.caseTitle}:${item.party.idType}:${item.party.id}`).digest('hex')}`;

  // One look-up or creation per party at a time across all processes (a lock in the platform's
  // database), so concurrent exports for a new party make one case; a cached case needs no lock.
  async function partyCase(item: ArchiveExportItem): Promise<SbsysSag> {
    const key = keyOf(item);
    return (await ctx.state.get<SbsysSag>(key)) ?? ctx.state.withLock(key, () => findOrCreateCase(item, key));
  }

  async function exportTo(sag: SbsysSag, item: ArchiveExportItem, letterIndex: number): Promise<ExportResult> {
    const existing = new Map<string, number>();
    for (const d of await sbsys.caseDocuments(sag.Id)) if (d.Navn) existing.set(d.Navn, d.Id);
    const ids: number[] = [];
    let uploaded = 0;
    for (const [i, doc] of item.documents.entries()) {
      const name = documentName(item, i, doc.role);
      let id = existing.get(name);
      if (id === undefined) {
        id = (await sbsys.journaliser({ caseId: sag.Id, name, fileName: doc.filename, mediaType: doc.mediaType, bytes: await doc.read() }))
          .Id;
        uploaded++;
      }
      ids.push(id);
    }
    log.info({ recordId: item.recordId, sagId: sag.Id, uploaded }, 'exported to SBSYS');
    return { externalId: String(ids[letterIndex]), externalCaseId: sag.Nummer ?? String(sag.Id), alreadyExported: uploaded === 0 };
  }

  return {
    // Danish parties: a Norwegian (FNR/ORGNR) party has no case here.
    partyTypes: ['CPR', 'CVR'],
    async export(item: ArchiveExportItem): Promise<ExportResult> {
      const letterIndex = item.documents.findIndex((d) => d.role === 'letter');
      if (letterIndex < 0) throw new ArchiveError('permanent', 'NO_LETTER', messages.noLetter);
      const sag = await partyCase(item);
      // A cached case may have been closed or moved since: after any failure, look it up afresh.
      return exportTo(sag, item, letterIndex).catch(async (e: unknown) => {
        await ctx.state.delete(keyOf(item));
        throw e;
      });
    },
  };
}
