// Two shards' follower rows COPYed into PostgreSQL one after the other and side by side, in the order they were scored and in the type index's order (what the store does): wall time, the backends' CPU and what they waited on — the part of the 2-worker ratio PostgreSQL's own locks decide.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { auditPart } from '../src/audit/audit-followers.ts';
import type { Detector } from '../src/model/detector.ts';
import {
  connectPostgres,
  openPostgresStore,
  POSTGRES_FOLLOWERS_PER_COPY,
} from '../src/store/dialects/postgres.ts';
import {
  copyWriter,
  type FollowerRow,
  type FollowerRowWriter,
  followerRow,
  writeFollowerRows,
} from '../src/store/rows/follower-rows.ts';
import { BackendWaits } from './backend-waits.ts';
import { processCpuMs } from './process-cpu.ts';
import { makeFollower, seededRandom, syntheticAccount } from './synthetic-accounts.ts';

const APPLICATION = 'realreach-bench-copy';

export interface CopyOrderRun {
  order: 'as scored' | 'type index';
  sideBySide: boolean;
  wallMs: number;
  /** Both backends' CPU (from /proc). */
  backendCpuMs: number;
  /** Seconds both backends waited on other backends' buffer locks and on extending the table. */
  bufferContentSeconds: number;
  extendSeconds: number;
}

/** Scored rows of `shards` shards of `perShard` synthetic followers, for one audit, in the order they were scored. */
async function scoredRows(detector: Detector, shards: number, perShard: number): Promise<FollowerRow[][]> {
  const random = seededRandom(11);
  const observedAt = new Date('2026-10-01T00:00:00Z');
  const all: FollowerRow[][] = [];
  for (let shard = 0; shard < shards; shard++) {
    const first = shard * perShard;
    const records = Array.from({ length: perShard }, (_, i) => ({
      ok: true as const,
      account: syntheticAccount(makeFollower(random, first + i, 0.3, observedAt)),
    }));
    const rows: FollowerRow[] = [];
    await auditPart(
      {
        async *batches() {
          yield records;
        },
      },
      {
        detectorFor: async () => detector,
        firstPosition: first,
        onFollower: (follower, position) => rows.push(followerRow(1, position, follower)),
      },
    );
    all.push(rows);
  }
  return all;
}

/** Runs both orders, one after the other and side by side, `repeats` times in turn. */
export async function benchCopyOrder(
  url: string,
  detector: Detector,
  options: { perShard: number; repeats: number },
): Promise<CopyOrderRun[]> {
  const shards = await scoredRows(detector, 2, options.perShard);
  const schema = `rr_bcopy_${randomBytes(5).toString('hex')}`;
  const named = `${url}${url.includes('?') ? '&' : '?'}application_name=${APPLICATION}`;
  await (await openPostgresStore({ connectionString: url, schema })).close();
  const db = connectPostgres({ connectionString: named, schema });
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const sorted = copyWriter(POSTGRES_FOLLOWERS_PER_COPY);
  const writers: Record<CopyOrderRun['order'], FollowerRowWriter> = {
    'as scored': { batchSize: sorted.batchSize, write: sorted.write },
    'type index': sorted,
  };
  const runs: CopyOrderRun[] = [];
  try {
    for (let repeat = 0; repeat < options.repeats; repeat++)
      for (const sideBySide of [false, true])
        for (const order of ['as scored', 'type index'] as const) {
          await admin.query(`truncate ${schema}.audit_followers`);
          await admin.query('checkpoint');
          const save = (rows: FollowerRow[]) =>
            db.transaction().execute((trx) => writeFollowerRows(writers[order], trx, [...rows]));
          // Two connections open and named before the clock starts, so both backends are found and counted.
          await Promise.all([save([]), save([])]);
          const { rows: backends } = await admin.query<{ pid: number }>(
            'select pid from pg_stat_activity where application_name = $1',
            [APPLICATION],
          );
          const cpuBefore = backends.map(({ pid }) => processCpuMs(pid) ?? 0);
          const waits = new BackendWaits(url, APPLICATION, 10);
          await waits.start();
          const started = performance.now();
          if (sideBySide) await Promise.all(shards.map(save));
          else for (const rows of shards) await save(rows);
          const wallMs = performance.now() - started;
          const waited = await waits.stop();
          const cpuAfter = backends.map(({ pid }) => processCpuMs(pid) ?? 0);
          const seconds = (activity: string) =>
            waited.find((wait) => wait.activity === `active, waiting: ${activity}`)?.seconds ?? 0;
          runs.push({
            order,
            sideBySide,
            wallMs,
            backendCpuMs: cpuAfter.reduce((sum, cpu, i) => sum + cpu - (cpuBefore[i] ?? 0), 0),
            bufferContentSeconds: seconds('LWLock:BufferContent'),
            extendSeconds: seconds('Lock:extend'),
          });
        }
  } finally {
    await db.destroy();
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  }
  return runs;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

export function renderCopyOrder(runs: readonly CopyOrderRun[], perShard: number): string[] {
  if (runs.length === 0) return [];
  const repeats = runs.filter((run) => run.order === 'as scored' && !run.sideBySide).length;
  const lines = [
    `Two shards' rows (${perShard.toLocaleString('en-US')} scored followers each) COPYed into \`audit_followers\` in their own transactions, one after the other and side by side (two backends), in the order they were scored and in the type index's order (type, p(fake), position: what the store does), median of ${repeats} taken in turn:`,
    '',
    '| rows in | written | wall ms | backends CPU ms | waiting on buffer locks (ms) | waiting to extend the table (ms) |',
    '| :------ | :------ | ------: | --------------: | ---------------------------: | -------------------------------: |',
  ];
  for (const sideBySide of [false, true])
    for (const order of ['as scored', 'type index'] as const) {
      const mine = runs.filter((run) => run.order === order && run.sideBySide === sideBySide);
      const cell = (pick: (run: CopyOrderRun) => number) => Math.round(median(mine.map(pick)));
      lines.push(
        `| ${order === 'as scored' ? 'order scored' : "type index's order"} | ${sideBySide ? 'side by side' : 'one after the other'} | ${cell((run) => run.wallMs)} | ${cell((run) => run.backendCpuMs)} | ${cell((run) => run.bufferContentSeconds * 1000)} | ${cell((run) => run.extendSeconds * 1000)} |`,
      );
    }
  lines.push('');
  return lines;
}
