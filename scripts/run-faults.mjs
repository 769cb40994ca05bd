// npm run faults: the fault suite (test/faults/*.faults.ts) with real processes — a private PostgreSQL, killed servers, a hostile platform, gzip bombs — one file at a time.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = join('test', 'faults');
const only = process.argv.slice(2);
const files =
  only.length > 0
    ? only
    : readdirSync(dir)
        .filter((name) => name.endsWith('.faults.ts'))
        .sort()
        .map((name) => join(dir, name));
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
  {
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);
