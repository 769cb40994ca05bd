// `npm run bench`: runs every benchmark on seeded synthetic data in a temporary folder and prints ratios measured in the same run.
// Options: --scale 0.1 (smaller inputs for a quick look), --repeats 3, --check (exit 1 when the audit's peak RSS at
// 5x the followers exceeds 1x's by more than 10 %), --only memory (just that check: `npm run bench:memory`),
// --only faults (just the load-with-faults section), --only scale (just the scale-out section: worker processes on PostgreSQL),
// --only audit (the audit's rates on 1 and 2 threads against the bare parse, wall and CPU time), --only trees (tree
// evaluation and TreeSHAP against XGBoost), --only startup (the CLI's start-up against `node -e 0`, median of
// max(5, --repeats) runs), --only scoring (training each bundled model, and scoring rates on one core).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchApi, DEFAULT_API_BENCH, renderApiBench } from './api.ts';
import { benchAudit, renderAuditBench } from './audit.ts';
import { benchConnectors, renderConnectorBench } from './connectors.ts';
import { benchFaults, renderFaultBench } from './faults.ts';
import {
  benchDuplicateCheck,
  benchMemory,
  memoryCheckFailure,
  renderDuplicateCheckBench,
  renderMemoryBench,
} from './memory.ts';
import { benchReaders, renderReaderBench } from './readers.ts';
import { benchRedirect, renderRedirectBench } from './redirect.ts';
import { benchScale, renderScaleBench } from './scale.ts';
import { benchScoring, renderScoringBench } from './scoring.ts';
import { benchStartup, renderStartupBench } from './startup.ts';
import { benchStore, renderStoreBench } from './store.ts';
import { writeSyntheticFollowers } from './synthetic-accounts.ts';
import { benchTrees, renderTreeBench } from './trees.ts';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    repeats: { type: 'string', default: '3' },
    check: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const scale = Number(values.scale);
const repeats = Number(values.repeats);
if (!(scale > 0) || !(repeats >= 1)) throw new Error('--scale must be > 0 and --repeats >= 1');

const dir = mkdtempSync(join(tmpdir(), 'realreach-bench-'));
const log = (line: string) => process.stderr.write(`${line}\n`);

/** With --check, a failed claim makes the run fail (after printing everything). */
function check(failure: string | undefined): void {
  if (failure === undefined || !values.check) return;
  process.stderr.write(`bench --check: ${failure}\n`);
  process.exitCode = 1;
}

if (
  values.only !== undefined &&
  !['memory', 'faults', 'scale', 'audit', 'trees', 'startup', 'scoring'].includes(values.only)
)
  throw new Error('--only: expected memory, faults, scale, audit, trees, startup or scoring');
/** Load with faults: seconds of load per phase (five phases). */
const FAULT_PHASE_MS = Math.max(2_000, Math.round(6_000 * Math.min(1, scale)));

async function scaleSection(): Promise<void> {
  log('scale-out on PostgreSQL…');
  process.stdout.write(`\n${renderScaleBench(await benchScale({ scale, log }))}`);
}

async function faultSection(): Promise<void> {
  log('loading the server while its PostgreSQL fails…');
  process.stdout.write(
    `\n${renderFaultBench(await benchFaults({ phaseMs: FAULT_PHASE_MS, log }), FAULT_PHASE_MS)}`,
  );
}

try {
  if (values.only === 'memory') {
    const small = join(dir, 'followers-1x.jsonl');
    const large = join(dir, 'followers-5x.jsonl');
    log(`writing ${Math.round(1e6 * scale)} and ${Math.round(5e6 * scale)} X v1.1 JSONL followers…`);
    await writeSyntheticFollowers(small, 'x-v1', { seed: 1, count: Math.round(1_000_000 * scale) });
    await writeSyntheticFollowers(large, 'x-v1', { seed: 1, count: Math.round(5_000_000 * scale) });
    log('auditing each on 1 and 2 threads…');
    const memory = benchMemory(small, large);
    process.stdout.write(renderMemoryBench(memory));
    process.stdout.write(renderDuplicateCheckBench(benchDuplicateCheck(Math.round(1e6 * scale), 20_000)));
    check(memoryCheckFailure(memory));
  } else if (values.only === 'audit') {
    const path = join(dir, 'followers-1x.jsonl');
    log(`writing ${Math.round(1e6 * scale)} X v1.1 JSONL followers…`);
    await writeSyntheticFollowers(path, 'x-v1', { seed: 1, count: Math.round(1_000_000 * scale) });
    log('auditing on 1 and 2 threads…');
    process.stdout.write(renderAuditBench(benchAudit(path, repeats)));
  } else if (values.only === 'scoring') {
    process.stdout.write(renderScoringBench(await benchScoring({ scale, repeats, log })));
  } else if (values.only === 'startup') {
    process.stdout.write(renderStartupBench(benchStartup({ dir, runs: Math.max(5, repeats) })));
  } else if (values.only === 'trees') {
    process.stdout.write(renderTreeBench(await benchTrees({ dir, scale, repeats, log })));
  } else if (values.only === 'faults') {
    await faultSection();
  } else if (values.only === 'scale') {
    await scaleSection();
  } else {
    await everyBenchmark();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

async function everyBenchmark(): Promise<void> {
  process.stdout.write(
    `# realreach benchmarks (node ${process.version}, scale ${scale}, ${repeats} repeats)\n\n`,
  );
  log('starting the CLI…');
  process.stdout.write(`${renderStartupBench(benchStartup({ dir, runs: 5 }))}\n`);
  const readers = await benchReaders({ dir, scale, repeats, log });
  process.stdout.write(renderReaderBench(readers));
  const scoring = await benchScoring({ scale, repeats, log });
  process.stdout.write(`\n${renderScoringBench(scoring, readers.readerRate)}`);
  process.stdout.write(`\n${renderTreeBench(await benchTrees({ dir, scale, repeats, log }))}`);
  log('auditing…');
  process.stdout.write(`\n${renderAuditBench(benchAudit(readers.smallPath, repeats))}`);
  log('peak RSS of the audit at 1x and 5x…');
  const memory = benchMemory(readers.smallPath, readers.largePath);
  process.stdout.write(`\n${renderMemoryBench(memory)}`);
  process.stdout.write(renderDuplicateCheckBench(benchDuplicateCheck(Math.round(1e6 * scale), 20_000)));
  check(memoryCheckFailure(memory));
  log('storing…');
  process.stdout.write(`\n${renderStoreBench(await benchStore({ dir, scale, repeats, log }))}`);
  log('fetching from local servers…');
  process.stdout.write(`\n${renderConnectorBench(await benchConnectors({ scale, log }))}`);
  log('loading the HTTP API…');
  process.stdout.write(`\n${renderApiBench(await benchApi({ ...DEFAULT_API_BENCH, log }))}`);
  await scaleSection();
  log('loading the tracked-link redirect…');
  const redirects = await benchRedirect({ dir, requests: Math.round(100_000 * scale), connections: 10, log });
  process.stdout.write(`\n${renderRedirectBench(redirects)}`);
  await faultSection();
}
