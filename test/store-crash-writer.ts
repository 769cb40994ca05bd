// Child process of the store's crash test: starts saving a large audit, says so on stdout, and waits mid-transaction to be killed.

import { openPostgresStore, type PostgresLocation } from '../src/store/dialects/postgres.ts';
import { openSqliteStore } from '../src/store/dialects/sqlite.ts';
import { syntheticFollower, syntheticReport } from '../src/store/fixtures/synthetic-audit.ts';

// Argument: the store as JSON, {"dialect": "sqlite", "path": …} or {"dialect": "postgres", "connectionString": …, "schema": …}.
type CrashWriterTarget = { dialect: 'sqlite'; path: string } | ({ dialect: 'postgres' } & PostgresLocation);

/** Followers written before the writer reports: several batches in either dialect. */
const ROWS_BEFORE_PAUSE = 25_000;

const target = JSON.parse(process.argv[2] as string) as CrashWriterTarget;
const store =
  target.dialect === 'sqlite' ? await openSqliteStore(target.path) : await openPostgresStore(target);

async function* followersThenPause() {
  for (let position = 0; position < ROWS_BEFORE_PAUSE; position += 1) yield syntheticFollower(position);
  // The rows above are in the open transaction: the next batch is only asked for after the last one was written.
  process.stdout.write('writing\n');
  await new Promise(() => setInterval(() => undefined, 60_000));
  yield syntheticFollower(ROWS_BEFORE_PAUSE);
}

await store.saveAudit(
  syntheticReport({ profile: { id: '42', handle: 'crash_test' }, followersRead: 1_000_000 }),
  followersThenPause(),
);
process.stdout.write('saved: the writer was not killed\n');
