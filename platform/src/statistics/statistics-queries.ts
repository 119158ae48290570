/**
 * @module
 * The statistics of one caller's part of the organisation, counted in PostgreSQL: letters
 * submitted per day and channel, failures per day and by reason code, received post per day, and
 * the registration of the recipients of letters created in the period. The caller sees what `GET
 * /v1/letters` and `GET /v1/inbox` show them (`lettersOwnedBy`, `visibleTo`), counted, never
 * listed: no row leaves the database, only counts.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { REGISTRATIONS, type Channel, type Registration } from '@brevdue/shared';
import { STATISTICS_TIME_ZONE, type Statistics } from '@brevdue/shared/api';
import { lettersOwnedBy } from '../auth/ownership.ts';
import type { Database } from '../db/schema.ts';
import type { AuthInfo } from '../http/app-env.ts';
import { inboxScopeOf, visibleTo } from '../inbox/inbox-access.ts';
import { type Period, daysOf } from './statistics-period.ts';

const TZ = STATISTICS_TIME_ZONE;

/** The day (Danish time) of a timestamptz column, as `YYYY-MM-DD` text. */
const dayOf = (col: string) => sql<string>`to_char(${sql.ref(col)} at time zone ${TZ}, 'YYYY-MM-DD')`;

/** `col` within the period: from local midnight of `from` to local midnight after `to`. */
function within(col: string, p: Period): RawBuilder<boolean> {
  const start = sql`(${p.from}::date)::timestamp at time zone ${TZ}`;
  const end = sql`(${p.to}::date + 1)::timestamp at time zone ${TZ}`;
  return sql<boolean>`${sql.ref(col)} >= ${start} and ${sql.ref(col)} < ${end}`;
}

/**
 * Why a letter failed, as a code (never the reason's text, which may name the recipient): the
 * provider's error code or the print check's (`data.code` of the failed event); with no attempt
 * made, no channel could take the letter (by the recipient's registration when that was the
 * cause); failed before it was handed over, the retries ran out; after, the provider reported it.
 */
const failureReason = sql<string>`case
    when coalesce(e.data->>'code', '') <> '' then e.data->>'code'
    when l.attempts = 0 and l.registration in ('not_registered', 'exempt') then l.registration
    when l.attempts = 0 then 'no_channel'
    when l.submitted_at is null then 'retries_exhausted'
    else 'provider_reported'
  end`;

const CHANNELS: readonly Channel[] = ['digital', 'print', 'sms'];

/**
 * Counts the statistics of `period` that `auth` may see.
 * @example await statisticsOf(db, auth, { from: '2026-11-01', to: '2026-11-30' })
 */
export async function statisticsOf(db: Kysely<Database>, auth: AuthInfo, period: Period): Promise<Statistics> {
  const [sent, failed, received, registrations] = await Promise.all([
    db
      .selectFrom('letters as l')
      .select([dayOf('l.submitted_at').as('day'), 'l.channel', sql<number>`count(*)::int`.as('n')])
      .where(lettersOwnedBy(auth, 'l'))
      .where(within('l.submitted_at', period))
      .groupBy(['day', 'l.channel'])
      .execute(),
    db
      .selectFrom('letter_events as e')
      .innerJoin('letters as l', 'l.id', 'e.letter_id')
      .select([dayOf('e.created_at').as('day'), failureReason.as('reason_code'), sql<number>`count(*)::int`.as('n')])
      .where('e.organisation_id', '=', auth.organisationId)
      .where('e.status', '=', 'failed')
      .where(lettersOwnedBy(auth, 'l'))
      .where(within('e.created_at', period))
      .groupBy(['day', 'reason_code'])
      .execute(),
    db
      .selectFrom('inbound_messages as m')
      .select([dayOf('m.received_at').as('day'), sql<number>`count(*)::int`.as('n')])
      .where(visibleTo(inboxScopeOf(auth), 'm'))
      .where(within('m.received_at', period))
      .groupBy('day')
      .execute(),
    db
      .selectFrom('letters as l')
      .select(['l.registration', sql<number>`count(*)::int`.as('n')])
      .where(lettersOwnedBy(auth, 'l'))
      .where('l.registration', 'is not', null)
      .where(within('l.created_at', period))
      .groupBy('l.registration')
      .execute(),
  ]);

  const days = daysOf(period).map((date) => ({ date, sent: { digital: 0, print: 0, sms: 0 }, failed: 0, received: 0 }));
  const byDate = new Map(days.map((d) => [d.date, d]));
  const totals = { sent: { digital: 0, print: 0, sms: 0 }, failed: 0, received: 0 };
  for (const r of sent) {
    const d = byDate.get(r.day);
    if (!d || !CHANNELS.includes(r.channel)) continue;
    d.sent[r.channel] += r.n;
    totals.sent[r.channel] += r.n;
  }
  const reasons = new Map<string, number>();
  for (const r of failed) {
    const d = byDate.get(r.day);
    if (!d) continue;
    d.failed += r.n;
    totals.failed += r.n;
    reasons.set(r.reason_code, (reasons.get(r.reason_code) ?? 0) + r.n);
  }
  for (const r of received) {
    const d = byDate.get(r.day);
    if (!d) continue;
    d.received += r.n;
    totals.received += r.n;
  }
  const shares = Object.fromEntries(REGISTRATIONS.map((k) => [k, 0])) as Record<Registration, number>;
  for (const r of registrations)
    if ((REGISTRATIONS as readonly string[]).includes(r.registration ?? '')) shares[r.registration as Registration] += r.n;

  return {
    from: period.from,
    to: period.to,
    timeZone: TZ,
    days,
    totals,
    failures: [...reasons]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    registrations: shares,
  };
}
