/**
 * @module
 * Routing rules of received post: per organisation, first match wins. A reply no rule takes goes
 * to the team of the letter it answers; everything else waits in the distribution queue.
 */
import { z } from 'zod';
import type { InboundMessage } from '@brevdue/shared/sdk';
import { inboxText } from './messages.ts';

const t = inboxText();

/** What a rule matches on; every given field must equal the message's (case-insensitive). */
export const routingMatchSchema = z
  .object({
    contactPointId: z.string().min(1).max(256).optional(),
    kle: z.string().min(1).max(64).optional(),
    form: z.string().min(1).max(64).optional(),
    caseId: z.string().min(1).max(256).optional(),
    senderIdType: z.string().min(1).max(16).optional(),
    pNumber: z.string().min(1).max(32).optional(),
  })
  .strict();

/** Where matched post goes: a team, a user, and/or a system (webhook URL). */
export const routingTargetSchema = z
  .object({ team: z.string().min(1).max(200).optional(), user: z.string().min(1).max(200).optional(), webhook: z.url().optional() })
  .strict();

export const routingRuleSchema = z.object({ match: routingMatchSchema, assignTo: routingTargetSchema }).strict();

/** The body of `PUT /v1/inbox/routing-rules`. Empty conditions and empty targets are refused. */
export const routingRulesSchema = z
  .object({ rules: z.array(routingRuleSchema).max(1000) })
  .strict()
  .superRefine((v, ctx) => {
    v.rules.forEach((r, n) => {
      if (Object.keys(r.match).length === 0) ctx.addIssue({ code: 'custom', path: ['rules', n, 'match'], message: t.ruleEmpty(n) });
      if (Object.keys(r.assignTo).length === 0)
        ctx.addIssue({ code: 'custom', path: ['rules', n, 'assignTo'], message: t.ruleNoTarget(n) });
    });
  });

export type RoutingRule = z.infer<typeof routingRuleSchema>;
export type RoutingTarget = z.infer<typeof routingTargetSchema>;

/** Outcome of routing: where the message goes, and which rule (index) or fallback decided it. */
export interface RoutingDecision {
  assignTo: RoutingTarget | null;
  /** Index of the matching rule, `reply` for the original sender's team, `none` for the queue. */
  by: number | 'reply' | 'none';
}

const same = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();

function matches(m: RoutingRule['match'], msg: Pick<InboundMessage, 'routing' | 'sender' | 'recipient' | 'replyTo'>): boolean {
  const contactPoint = msg.routing.contactPointId ?? msg.recipient.contactPointId;
  const caseId = msg.routing.caseId ?? msg.replyTo?.caseId;
  if (m.contactPointId !== undefined && !same(m.contactPointId, contactPoint)) return false;
  if (m.kle !== undefined && !same(m.kle, msg.routing.kle)) return false;
  if (m.form !== undefined && !same(m.form, msg.routing.form)) return false;
  if (m.caseId !== undefined && !same(m.caseId, caseId)) return false;
  if (m.senderIdType !== undefined && !same(m.senderIdType, msg.sender.idType)) return false;
  if (m.pNumber !== undefined && !same(m.pNumber, msg.routing.pNumber)) return false;
  return true;
}

/**
 * Decides where a received message goes: the first rule whose every condition holds; else, for
 * a reply, the team of the original letter's sender; else nobody (the distribution queue).
 * Pure: no I/O, the same input always routes the same way.
 * @example
 * routeInbound([{ match: { kle: '28.12.08' }, assignTo: { team: 'Børn og unge' } }], message);
 * // → { assignTo: { team: 'Børn og unge' }, by: 0 }
 */
export function routeInbound(
  rules: readonly RoutingRule[],
  message: Pick<InboundMessage, 'routing' | 'sender' | 'recipient' | 'replyTo'>,
  originalLetterTeam?: string,
): RoutingDecision {
  const n = rules.findIndex((r) => matches(r.match, message));
  if (n >= 0) return { assignTo: rules[n]!.assignTo, by: n };
  if (originalLetterTeam) return { assignTo: { team: originalLetterTeam }, by: 'reply' };
  return { assignTo: null, by: 'none' };
}
