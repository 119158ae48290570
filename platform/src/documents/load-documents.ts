/**
 * @module
 * Loads an organisation's documents by id for the shipment code, in the order asked.
 */
import type { Kysely } from 'kysely';
import type { Database, DocumentRow } from '../db/schema.ts';
import { ApiError } from '../http/api-error.ts';
import { documentMessages as msg } from './document-messages.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Loads documents of one organisation. Another organisation's document, a deleted one and an
 * id that is not a UUID all count as missing.
 * @param field the request field the ids came from, named in the error: a name
 * (`mainDocument`) or a function of the index (`(i) => \`attachments[${i}]\``)
 * @returns the rows in the order of `ids` (duplicates repeated)
 * @throws ApiError 400 `document_not_found` naming the field of the first missing id
 * @example
 * const [main] = await loadDocuments(rt.db, auth.organisationId, [body.mainDocument], 'mainDocument');
 */
export async function loadDocuments(
  db: Kysely<Database>,
  organisationId: string,
  ids: string[],
  field: string | ((index: number) => string) = (i) => `documents[${i}]`,
): Promise<DocumentRow[]> {
  const wanted = [...new Set(ids.filter((id) => UUID.test(id)).map((id) => id.toLowerCase()))];
  const rows = wanted.length
    ? await db
        .selectFrom('documents')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('id', 'in', wanted)
        .where('deleted_at', 'is', null)
        .execute()
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id, i) => {
    const row = byId.get(id.toLowerCase());
    if (!row) {
      const name = typeof field === 'string' ? field : field(i);
      throw new ApiError(400, 'document_not_found', msg.documentNotFound(name, id), { field: name });
    }
    return row;
  });
}
