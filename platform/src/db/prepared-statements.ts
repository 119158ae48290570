/**
 * @module
 * A `pg` client that runs the statements a process repeats as named prepared statements, so
 * PostgreSQL parses and plans each once per connection instead of on every call.
 *
 * Why: Kysely and pg-boss send every query as an unnamed statement, which PostgreSQL parses,
 * analyses and plans anew each time. For the statements on the sending path (the shipment
 * insert, pg-boss's job insert and fetch, the batch update of letters) planning alone was a
 * third of the server's time per statement (pg_stat_statements in `npm run bench`).
 *
 * Only texts seen twice are named (one-off statements such as migrations are left alone), texts
 * holding several commands never are (PostgreSQL refuses them in a prepared statement), and the
 * number of names is capped, because a connection keeps every statement prepared on it and
 * statements such as `where id in ($1, …, $n)` differ by list length.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';

/** Most distinct statements a process prepares (per connection PostgreSQL keeps each one). */
const MAX_NAMED = 400;
/** Texts counted while deciding; cleared when full so rare texts cannot grow it for ever. */
const MAX_COUNTED = 5000;

const names = new Map<string, string>();
const counts = new Map<string, number>();

/** The statement name for a text, once it has been seen often enough; else undefined. */
export function statementName(text: string): string | undefined {
  const known = names.get(text);
  if (known !== undefined) return known;
  if (names.size >= MAX_NAMED || text.length > 20_000 || text.trimEnd().replace(/;$/, '').includes(';')) return undefined;
  const n = (counts.get(text) ?? 0) + 1;
  if (n < 2) {
    if (counts.size >= MAX_COUNTED) counts.clear();
    counts.set(text, n);
    return undefined;
  }
  counts.delete(text);
  const name = `b_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
  names.set(text, name);
  return name;
}

/** Texts whose prepared form PostgreSQL refused after a schema change: sent unnamed from then on. */
const refused = new Set<string>();

/**
 * PostgreSQL re-plans a prepared statement when its tables change, but refuses one whose result
 * columns changed ("cached plan must not change result type", e.g. `select *` after a migration
 * added a column while this process ran). The statement then goes unnamed for good.
 */
function forgetIfStale(text: string, err: unknown): void {
  const e = err as { code?: string; message?: string };
  if (e?.code === '0A000' && /cached plan must not change result type/.test(e.message ?? '')) {
    names.delete(text);
    refused.add(text);
  }
}

export class PreparingClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    // pg-pool listens for errors only while a client is idle; one that loses its connection while
    // checked out (a query or transaction in flight when the server dies) emits 'error' with no
    // listener, which ends the process. The query in flight rejects with the same error, and the
    // pool drops the broken client when it is released, so hearing the event is all that is needed.
    this.on('error', () => undefined);
  }

  // pg.Client's overloads, which one implementation serves: a text with values may be named, the rest pass through.
  override query<T extends pg.Submittable>(queryStream: T): T;
  override query<R extends pg.QueryResultRow = pg.QueryResultRow, I = unknown[]>(
    queryTextOrConfig: string | pg.QueryConfig<I>,
    values?: pg.QueryConfigValues<I>,
  ): Promise<pg.QueryResult<R>>;
  override query<R extends pg.QueryResultRow = pg.QueryResultRow, I = unknown[]>(
    queryTextOrConfig: string | pg.QueryConfig<I>,
    callback: (err: Error, result: pg.QueryResult<R>) => void,
  ): void;
  override query<R extends pg.QueryResultRow = pg.QueryResultRow, I = unknown[]>(
    queryText: string,
    values: pg.QueryConfigValues<I>,
    callback: (err: Error, result: pg.QueryResult<R>) => void,
  ): void;
  override query(config: unknown, values?: unknown, callback?: unknown): unknown {
    if (typeof config === 'string' && Array.isArray(values) && !refused.has(config)) {
      const name = statementName(config);
      if (name) {
        const named = { name, text: config, values } as pg.QueryConfig;
        if (typeof callback === 'function') {
          return super.query(named, (err: Error, res: pg.QueryResult) => {
            if (err) forgetIfStale(config, err);
            (callback as (e: Error, r: pg.QueryResult) => void)(err, res);
          });
        }
        return super.query(named).catch((err: unknown) => {
          forgetIfStale(config, err);
          throw err;
        });
      }
    }
    return (super.query as (...a: unknown[]) => unknown)(config, values, callback);
  }
}
