/**
 * @module
 * The GetOrganized archive target: party case by CPR/CVR (created when missing), the letter and
 * the other documents uploaded to it, the others related to the letter, all finalised.
 *
 * Idempotency: every document gets a file name derived from the record id, its position and
 * role (`documentFileName`). Before uploading, the case's library is listed and a file already
 * there is reused, so a retry after a crash finishes the export instead of making a copy.
 * Uploads also use `Overwrite: true`, so even a stale listing replaces rather than duplicates.
 */
import { createHash } from 'node:crypto';
import { ARCHIVE_ROLE_LABELS, ArchiveError } from '@brevdue/shared/sdk';
import type { ArchiveDocument, ArchiveExportItem, ArchiveTarget, ExportResult, PluginContext } from '@brevdue/shared/sdk';
import type { GetOrganizedConfig } from './config.ts';
import { GetOrganizedClient, type GoCaseInfo } from './go-client.ts';
import { buildMetadataXml } from './metadata-xml.ts';
import { messages } from './messages.ts';

const EXT_BY_TYPE: Record<string, string> = {
  'application/pdf': '.pdf',
  'application/xml': '.xml',
  'text/xml': '.xml',
  'application/json': '.json',
};

/**
 * The file name a record's document gets in GetOrganized: `brevdue-<recordId>-<n>-<role><ext>`.
 * Deterministic, so a retry recognises what an earlier attempt uploaded.
 */
export function documentFileName(recordId: string, index: number, doc: Pick<ArchiveDocument, 'role' | 'filename' | 'mediaType'>): string {
  const m = /\.[A-Za-z0-9]{1,8}$/.exec(doc.filename);
  const ext = m ? m[0].toLowerCase() : (EXT_BY_TYPE[doc.mediaType] ?? '.bin');
  return `brevdue-${recordId}-${index + 1}-${doc.role}${ext}`;
}

/** Parses `documentFileName` back: the record id and role, or undefined for other files. */
export function parseDocumentFileName(name: string): { recordId: string; role: string } | undefined {
  const m = /^brevdue-([0-9a-f-]{36})-\d+-([a-z-]+)\.[a-z0-9]+$/.exec(name);
  return m ? { recordId: m[1]!, role: m[2]! } : undefined;
}

interface PartyCase {
  caseId: string;
  relativeUrl: string;
}

/** Creates the target; `create` of the plugin definition calls this. */
export function createGetOrganizedTarget(config: GetOrganizedConfig, ctx: PluginContext): ArchiveTarget {
  const go = new GetOrganizedClient({ ...config, fetch: ctx.fetch });
  const log = ctx.logger.child({ plugin: ctx.name });

  const partyKey = (item: ArchiveExportItem) =>
    createHash('sha256').update(`${config.caseTypePrefix}:${item.party.idType}:${item.party.id}`).digest('hex');

  async function findOrCreateCase(item: ArchiveExportItem): Promise<PartyCase> {
    const { idType, id } = item.party;
    if (idType !== 'CPR' && idType !== 'CVR') throw new ArchiveError('permanent', 'UNSUPPORTED_PARTY', messages.unsupportedParty(idType));
    const key = `case:${partyKey(item)}`;
    const cached = await ctx.state.get<PartyCase>(key);
    if (cached) return cached;
    const found = await go.findByCaseProperties({
      FieldProperties: [{ InternalName: idType === 'CPR' ? 'ows_CCMContactData_CPR' : 'ows_CCMContactData_CVR', Value: id }],
      CaseTypePrefixes: [config.caseTypePrefix],
      LogicalOperator: 'AND',
      ExcludeDeletedCases: true,
      ReturnCasesNumber: 25,
    });
    // Sub-cases carry the party too; parent cases are AAA-YYYY-NNNNNN (two dashes), as OS2Forms filters.
    const parents = found.filter((c: GoCaseInfo) => c.CaseID.split('-').length === 3);
    if (parents.length > 1)
      throw new ArchiveError('permanent', 'SEVERAL_CASES', messages.tooManyCases(parents.length, config.caseTypePrefix));
    let pc: PartyCase;
    if (parents[0]) {
      pc = { caseId: parents[0].CaseID, relativeUrl: parents[0].RelativeUrl ?? `/cases/${config.caseTypePrefix}/${parents[0].CaseID}` };
    } else {
      const name = item.party.name ?? '';
      // CCMContactData is "name;#ID;#CPR;#CVR;#PNumber"; we create no GetOrganized party (ID empty).
      const contact = idType === 'CPR' ? `${name};#;#${id};#;#` : `${name};#;#;#${id};#`;
      const created = await go.createCase(
        config.caseTypePrefix,
        buildMetadataXml({ ows_Title: `${id} - ${name}`.trim(), ows_CCMContactData: contact, ows_CaseStatus: 'Åben' }),
      );
      log.info({ caseId: created.CaseID }, 'created GetOrganized party case');
      pc = { caseId: created.CaseID, relativeUrl: created.CaseRelativeUrl };
    }
    await ctx.state.set(key, pc, 86_400);
    return pc;
  }

  // One look-up or creation per party at a time across all processes (a lock in the platform's
  // database), so concurrent exports for a new party make one case; a cached case needs no lock.
  async function partyCase(item: ArchiveExportItem): Promise<PartyCase> {
    const key = `case:${partyKey(item)}`;
    return (await ctx.state.get<PartyCase>(key)) ?? ctx.state.withLock(key, () => findOrCreateCase(item));
  }

  async function exportTo(pc: PartyCase, item: ArchiveExportItem, letterIndex: number): Promise<ExportResult> {
    const existing = new Map<string, number>();
    for (const f of await go.listCaseFiles(pc.relativeUrl, config.listName)) {
      const docId = f.ListItemAllFields?.DocID;
      if (typeof docId === 'number') existing.set(f.Name, docId);
    }
    const docIds: number[] = [];
    let uploaded = 0;
    for (const [i, doc] of item.documents.entries()) {
      const fileName = documentFileName(item.recordId, i, doc);
      let docId = existing.get(fileName);
      if (docId === undefined) {
        docId = await go.addToDocumentLibrary({
          caseId: pc.caseId,
          listName: config.listName,
          fileName,
          bytes: await doc.read(),
          overwrite: true,
          metadataXml: buildMetadataXml({
            ows_Title: `${item.subject} (${ARCHIVE_ROLE_LABELS[doc.role] ?? doc.role})`,
            ows_CCMMustBeOnPostList: '0',
          }),
        });
        uploaded++;
      }
      docIds.push(docId);
    }
    const letterDocId = docIds[letterIndex]!;
    const children = docIds.filter((_, i) => i !== letterIndex);
    // Relating and finalising again is harmless, and a crash may have come before them.
    if (children.length > 0) await go.relateDocuments(letterDocId, children, config.relationTypeId);
    if (config.finalize) await go.finalizeMultiple(docIds);
    log.info({ recordId: item.recordId, caseId: pc.caseId, uploaded }, 'exported to GetOrganized');
    return { externalId: String(letterDocId), externalCaseId: pc.caseId, alreadyExported: uploaded === 0 };
  }

  return {
    // Danish parties: a Norwegian (FNR/ORGNR) party has no case here.
    partyTypes: ['CPR', 'CVR'],
    async export(item: ArchiveExportItem): Promise<ExportResult> {
      const letterIndex = item.documents.findIndex((d) => d.role === 'letter');
      if (letterIndex < 0) throw new ArchiveError('permanent', 'NO_LETTER', messages.noLetter);
      const pc = await partyCase(item);
      // A cached case may have been closed or moved since: after any failure, look it up afresh.
      return exportTo(pc, item, letterIndex).catch(async (e: unknown) => {
        await ctx.state.delete(`case:${partyKey(item)}`);
        throw e;
      });
    },
    close: () => go.close(),
  };
}
