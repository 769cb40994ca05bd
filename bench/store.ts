// Store benchmark: follower rows/s of saving a whole audit (one transaction, batched inserts) on SQLite and PostgreSQL, at 100k and 1M rows.
import { join } from 'node:path';
import {
  connectPostgres,
  openPostgresStore,
  POSTGRES_FOLLOWERS_PER_INSERT,
  POSTGRES_MAX_PARAMETERS,
} from '../src/store/dialects/postgres.ts';
import { openSqliteStore } from '../src/store/dialects/sqlite.ts';
import { syntheticFollowers, syntheticReport } from '../src/store/fixtures/synthetic-audit.ts';
import {
  type FollowerRowWriter,
  multiRowInsertWriter,
  unnestInsertWriter,
} from '../src/store/rows/follower-rows.ts';
import type { Store } from '../src/store/store.ts';
import { median } from './readers.ts';

const rate = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** $REALREACH_BENCH_DATABASE_URL, else the local server the tests use; each run gets a schema of its own. */
const POSTGRES_URL = process.env.REALREACH_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface StoreBenchOptions {
  dir: string;
  /** 1 = 100k and 1M follower rows. */
  scale: number;
  repeats: number;
  log: (line: string) => void;
}

interface StoreSetup {
  name: string;
  open(run: number): Promise<{ store: Store; drop(): Promise<void> }>;
}

export interface StoreBenchRow {
  setup: string;
  rows: number;
  /** Median over the repeats (one run at the large size). */
  seconds: number;
  rate: number;
}

export interface StoreBenchResult {
  small: number;
  large: number;
  rows: StoreBenchRow[];
  /** Why PostgreSQL was left out, when it was. */
  postgresSkipped: string | null;
}

/** `writer` undefined: the store's own (COPY). */
function postgresSetup(name: string, writer?: () => FollowerRowWriter): StoreSetup {
  return {
    name,
    async open(run) {
      const schema = `realreach_bench_${process.pid}_${run < 0 ? 'probe' : run}`;
      const location = { connectionString: POSTGRES_URL, schema };
      const store = await openPostgresStore(location, writer?.());
      return {
        store,
        async drop() {
          const db = connectPostgres(location);
          await db.schema.dropSchema(schema).cascade().execute();
          await db.destroy();
        },
      };
    },
  };
}

/** Seconds to save one audit of `rows` synthetic followers into a new, empty store. */
async function timeSave(setup: StoreSetup, rows: number, run: number): Promise<number> {
  const { store, drop } = await setup.open(run);
  try {
    const started = performance.now();
    await store.saveAudit(syntheticReport({ profile: null, followersRead: rows }), syntheticFollowers(rows));
    return (performance.now() - started) / 1000;
  } finally {
    await store.close();
    await drop();
  }
}

export async function benchStore({ dir, scale, repeats, log }: StoreBenchOptions): Promise<StoreBenchResult> {
  const small = Math.max(1, Math.round(100_000 * scale));
  const large = Math.max(1, Math.round(1_000_000 * scale));
  const setups: StoreSetup[] = [
    {
      name: 'SQLite (multi-row INSERT, 2,520 rows × 13 parameters)',
      async open(run) {
        const path = join(dir, `store-bench-${run}.db`);
        return { store: await openSqliteStore(path), drop: async () => undefined };
      },
    },
  ];
  let postgresSkipped: string | null = null;
  try {
    const probe = await postgresSetup('probe').open(-1);
    await probe.store.close();
    await probe.drop();
    setups.push(
      postgresSetup('PostgreSQL (COPY FROM STDIN, 10,000 rows a COPY)'),
      postgresSetup('PostgreSQL (unnest of column arrays, 2,500 rows)', () =>
        unnestInsertWriter(POSTGRES_FOLLOWERS_PER_INSERT),
      ),
      postgresSetup('PostgreSQL (multi-row INSERT, 5,041 rows × 13 parameters)', () =>
        multiRowInsertWriter(POSTGRES_MAX_PARAMETERS),
      ),
    );
  } catch (error) {
    postgresSkipped = `PostgreSQL at ${POSTGRES_URL} unreachable: ${(error as Error).message}`;
    log(postgresSkipped);
  }

  const rows: StoreBenchRow[] = [];
  let run = 0;
  for (const setup of setups) {
    for (const [count, times] of [
      [small, repeats],
      [large, 1],
    ] as const) {
      const seconds: number[] = [];
      for (let repeat = 0; repeat < times; repeat += 1) {
        seconds.push(await timeSave(setup, count, run));
        run += 1;
        log(`store: ${setup.name}, ${rate.format(count)} rows: ${(seconds.at(-1) as number).toFixed(2)} s`);
      }
      const middle = median(seconds);
      rows.push({ setup: setup.name, rows: count, seconds: middle, rate: count / middle });
    }
  }
  return { small, large, rows, postgresSkipped };
}

export function renderStoreBench(result: StoreBenchResult): string {
  const rateOf = (setup: string, rows: number) =>
    result.rows.find((row) => row.setup === setup && row.rows === rows)?.rate;
  const setups = [...new Set(result.rows.map((row) => row.setup))];
  const lines = [
    '## Store: saving an audit',
    '',
    `One transaction per audit, follower rows streamed in batches; ${rate.format(result.small)} rows median of repeats, ${rate.format(result.large)} rows once.`,
    '',
    `| store | rows | seconds | rows/s | ${rate.format(result.large)} vs ${rate.format(result.small)} rows/s (goal: flat) |`,
    '|---|---:|---:|---:|---:|',
  ];
  for (const setup of setups) {
    const smallRate = rateOf(setup, result.small);
    for (const row of result.rows.filter((candidate) => candidate.setup === setup)) {
      const ratio =
        row.rows === result.large && smallRate !== undefined
          ? `${((row.rate / smallRate) * 100).toFixed(0)} %`
          : '';
      lines.push(
        `| ${setup} | ${rate.format(row.rows)} | ${row.seconds.toFixed(2)} | ${rate.format(row.rate)} | ${ratio} |`,
      );
    }
  }
  const copy = rateOf(setups[1] ?? '', result.large);
  const unnest = rateOf(setups[2] ?? '', result.large);
  const multiRow = rateOf(setups[3] ?? '', result.large);
  if (copy !== undefined && unnest !== undefined && multiRow !== undefined)
    lines.push(
      '',
      `PostgreSQL at ${rate.format(result.large)} rows: COPY writes ${(copy / unnest).toFixed(2)}× the rows/s of the unnest INSERT and ${(copy / multiRow).toFixed(2)}× those of multi-row INSERTs (the store uses COPY).`,
    );
  if (result.postgresSkipped !== null) lines.push('', `PostgreSQL skipped: ${result.postgresSkipped}`);
  return `${lines.join('\n')}\n`;
}
