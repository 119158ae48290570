/**
 * @module
 * The audit log as the API answers it: `GET /v1/audit` (a page of entries, the party masked) and
 * `GET /v1/archive/audit/verify` (whether the hash chain is whole).
 */
import { z } from 'zod';

export const auditEntrySchema = z
  .object({
    id: z.number(),
    at: z.string(),
    actor: z.string(),
    actorName: z.string().nullable(),
    action: z.string(),
    subjectType: z.string().nullable(),
    subjectId: z.string().nullable(),
    party: z.object({ idType: z.string(), id: z.string().meta({ description: 'Masked: 010190-XXXX; CVR and ORGNR whole' }) }).nullable(),
    sourceAddress: z.string().nullable(),
    documentSha256: z.string().nullable(),
    details: z.unknown(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditPageSchema = z
  .object({ items: z.array(auditEntrySchema), page: z.number(), pageSize: z.number(), total: z.number() })
  .meta({ id: 'AuditPage' });
export type AuditPage = z.infer<typeof auditPageSchema>;

export const auditVerifySchema = z.object({
  ok: z.boolean(),
  checked: z.number(),
  brokenAt: z.object({ id: z.number().optional(), reason: z.string(), message: z.string() }).optional(),
});
export type AuditVerifyResult = z.infer<typeof auditVerifySchema>;
