/**
 * @module
 * Issue 15's load: `POST /v1/shipments` held at a steady 200 requests/s (single-recipient
 * shipments) for BENCH_LOAD_SECONDS (60) while a big run is always sending — a new run of
 * `letters` is created whenever the last one is done, as on a post room's busiest day. Prints
 * p50/p99, the errors, each process's CPU, and then checks that nothing was lost: every letter
 * created reaches a final status and the remote accepted none twice.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/src/db/schema.ts';
import { cpuDiff, cpuSeconds, finalCount, percentile, post } from './bench-processes.ts';
import type { Figure } from './platform-throughput.ts';

const RATE = 200;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface LoadTarget {
  apiUrl: string;
  token: string;
  /** An uploaded document every shipment sends. */
  doc: string;
  db: Kysely<Database>;
  /** Letters per big run. */
  letters: number;
  /** Process groups whose CPU is printed. */
  groups: Record<string, number[]>;
  postmaster: number;
  simUrl: string;
}

export async function holdLoad(t: LoadTarget): Promise<Figure[]> {
  const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
  const failures: string[] = [];
  let runs = 0;
  let runLetters = 0;

  /** A big run of distinct recipients (the day and month of each run's CPR numbers differ). */
  const createRun = async (): Promise<string | undefined> => {
    const month = String((runs % 12) + 1).padStart(2, '0');
    const day = String(Math.floor(runs / 12) + 10).padStart(2, '0');
    const recipients = Array.from({ length: t.letters }, (_, i) => ({
      idType: 'CPR',
      id: `${day}${month}${String(800000 + i).slice(-6)}`,
    }));
    const res = await post(
      `${t.apiUrl}/v1/shipments`,
      t.token,
      JSON.stringify({ subject: `Big run ${runs}`, mainDocument: t.doc, recipients }),
    );
    runs++;
    if (res.status !== 201) {
      failures.push(`big run: ${res.status} ${res.body.slice(0, 200)}`);
      return undefined;
    }
    runLetters += t.letters;
    return (JSON.parse(res.body) as { id: string }).id;
  };
  const open = async (shipmentId: string) =>
    (
      await sql<{ n: number }>`select count(*)::int as n from letters where shipment_id = ${shipmentId}
        and status not in ('delivered_digital', 'delivered_print', 'failed')`.execute(t.db)
    ).rows[0]!.n;

  let loading = true;
  let run = await createRun();
  const keepARunSending = (async () => {
    while (loading) {
      await sleep(250);
      if (loading && (run === undefined || (await open(run)) === 0)) run = await createRun();
    }
  })();

  const body = JSON.stringify({ subject: 'Load', mainDocument: t.doc, recipients: [{ idType: 'CPR', id: '0101904321' }] });
  let singles = 0;
  const load = async (secs: number): Promise<number[]> => {
    const latencies: number[] = [];
    const t0 = performance.now();
    const inflight: Promise<void>[] = [];
    for (let i = 0; i < RATE * secs; i++) {
      const wait = t0 + (i * 1000) / RATE - performance.now();
      if (wait > 0) await sleep(wait);
      inflight.push(
        (async () => {
          const s = performance.now();
          const res = await post(`${t.apiUrl}/v1/shipments`, t.token, body).catch((e: Error) => ({ status: 0, body: e.message }));
          if (res.status === 201) singles++;
          else failures.push(`${res.status} ${res.body.slice(0, 200)}`);
          latencies.push(performance.now() - s);
          if (process.env.BENCH_SLOW && performance.now() - s > 50)
            console.log(`    slow: started at ${((s - t0) / 1000).toFixed(2)} s, took ${(performance.now() - s).toFixed(0)} ms`);
        })(),
      );
    }
    await Promise.all(inflight);
    return latencies.sort((a, b) => a - b);
  };

  // 3 s to warm up (a cold process compiles its code paths and opens its connections), printed apart.
  const warm = await load(3);
  console.log(
    `  [load] warm-up, 3 s from a cold start: p50 ${percentile(warm, 50).toFixed(1)} ms, p99 ${percentile(warm, 99).toFixed(1)} ms`,
  );
  const cpu1 = cpuSeconds(t.groups, t.postmaster);
  // The generator's own stalls would show as latency: printed, to tell them apart.
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const t1 = performance.now();
  const latencies = await load(seconds);
  loop.disable();
  const took = (performance.now() - t1) / 1000;
  const cpu2 = cpuSeconds(t.groups, t.postmaster);
  loading = false;
  await keepARunSending;
  console.log(
    `  [load] ${latencies.length} creates in ${took.toFixed(1)} s beside ${runs} big run(s) of ${t.letters}; CPU meanwhile: ${cpuDiff(cpu1, cpu2)}`,
  );
  console.log(
    `  [load] the load generator's event-loop delay: p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms`,
  );
  if (failures.length) console.log(`  [load] ${failures.length} creates failed, e.g. ${failures[0]}`);

  // Nothing lost: every letter created (big runs and singles) reaches a final status.
  const expected = runLetters + singles;
  let final = 0;
  for (let last = -1, at = performance.now(); ; await sleep(500)) {
    final = await finalCount(t.db);
    if (final >= expected) break;
    if (final > last) [last, at] = [final, performance.now()];
    else if (performance.now() - at > 60_000) break;
  }
  const stored = (await sql<{ n: number }>`select count(*)::int as n from letters`.execute(t.db)).rows[0]!.n;
  const stats = (await (await fetch(`${t.simUrl}/stats`)).json()) as { maxAcceptCount: number };
  console.log(
    `  [load] ${expected} letters created, ${stored} stored, ${final} final; the remote accepted a message at most ${stats.maxAcceptCount}×`,
  );
  return [
    {
      name: 'POST /v1/shipments p50 at 200 req/s',
      value: Number(percentile(latencies, 50).toFixed(1)),
      unit: 'ms',
      note: `${seconds} s after a 3 s warm-up, while ${t.letters}-letter runs send`,
    },
    { name: 'POST /v1/shipments p99 at 200 req/s', value: Number(percentile(latencies, 99).toFixed(1)), unit: 'ms' },
    { name: 'POST /v1/shipments errors at 200 req/s', value: failures.length, unit: 'errors', note: 'target 0' },
    {
      name: 'letters lost under load',
      value: expected - final,
      unit: 'letters',
      note: `${expected} created, ${final} final; the remote accepted each at most ${stats.maxAcceptCount}× (target 0 lost, 1×)`,
    },
  ];
}
