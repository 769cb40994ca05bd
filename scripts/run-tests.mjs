// Runs the *.test.ts files under src/ and test/ with node's own test runner (Node 20's --test has no glob, so list them), after building dist/ for the tests that run the CLI, and closes with a report naming every skipped test and its reason.
// --fast: only the in-process tests — not those that run the built CLI or a browser, or retrain from the datasets.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

/** What makes a test file slow, by what it imports or does: each costs seconds a test, not milliseconds. */
const SLOW = [
  [/_test-cli\.ts'/, 'runs the built CLI in child processes'],
  [/chromium-path\.ts'/, 'drives Chromium'],
  [/\bspawn(Sync)?\(|\bexecFile(Sync)?\(|\bfork\(/, 'starts child processes'],
];
/** In-process but minutes long: they train or evaluate on the whole labelled datasets. */
const DATASET_TESTS = [
  'src/ingest/formats/instagram-datasets.test.ts',
  'src/model/evaluation/run-evaluation.test.ts',
  'test/audit-accuracy.test.ts',
  'test/growth-labelled.test.ts',
  'test/shared-datasets.test.ts',
];

function findTests(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...findTests(path));
    else if (name.endsWith('.test.ts') || name.endsWith('.test.tsx')) found.push(path);
  }
  return found;
}

function slowReason(file) {
  if (DATASET_TESTS.some((slow) => resolve(ROOT, slow) === resolve(file))) return 'reads the whole datasets';
  const source = readFileSync(file, 'utf8');
  return SLOW.find(([pattern]) => pattern.test(source))?.[1];
}

const args = process.argv.slice(2);
const fast = args.includes('--fast');
const only = args.filter((arg) => arg !== '--fast');
let files = only.length > 0 ? only : ['src', 'test'].flatMap((dir) => findTests(join(ROOT, dir))).sort();
if (fast) {
  const left = files.filter((file) => slowReason(file) !== undefined);
  files = files.filter((file) => slowReason(file) === undefined);
  console.error(`run-tests --fast: ${files.length} in-process test files; ${left.length} slow ones left out`);
}
if (files.length === 0) {
  console.error('run-tests: no *.test.ts files found under src/ or test/');
  process.exit(1);
}
if (!fast) {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const reporter = process.stdout.isTTY ? 'spec' : 'tap';
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    // No single test may run past 15 minutes. (--test-force-exit would also end a run held by a stray handle, but
    // it ends it before the reporters finish, and the skip report is lost: the whole run's deadline is below.)
    '--test-timeout=900000',
    `--test-reporter=${reporter}`,
    '--test-reporter-destination=stdout',
    `--test-reporter=${join(ROOT, 'scripts', 'skip-report.mjs')}`,
    '--test-reporter-destination=stdout',
    ...files,
  ],
  // A test left with an open handle (a child process that never connected, a socket) must not hold CI until its
  // own deadline: the whole run is stopped after 45 minutes, and says so.
  { stdio: 'inherit', timeout: 45 * 60 * 1000, killSignal: 'SIGKILL' },
);
if (result.error?.code === 'ETIMEDOUT')
  console.error('run-tests: the test run passed 45 minutes and was stopped');
process.exit(result.status ?? 1);
