// `npm run bench`: runs every benchmark on seeded synthetic data in a temporary folder and prints ratios measured in the same run.
// Options: --scale 0.1 (smaller inputs for a quick look), --repeats 3.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchApi, DEFAULT_API_BENCH, renderApiBench } from './api.ts';
import { benchAudit, renderAuditBench } from './audit.ts';
import { benchConnectors, renderConnectorBench } from './connectors.ts';
import { benchReaders, renderReaderBench } from './readers.ts';
import { benchRedirect, renderRedirectBench } from './redirect.ts';
import { benchScoring, renderScoringBench } from './scoring.ts';
import { benchStore, renderStoreBench } from './store.ts';

const { values } = parseArgs({
  options: { scale: { type: 'string', default: '1' }, repeats: { type: 'string', default: '3' } },
});
const scale = Number(values.scale);
const repeats = Number(values.repeats);
if (!(scale > 0) || !(repeats >= 1)) throw new Error('--scale must be > 0 and --repeats >= 1');

const dir = mkdtempSync(join(tmpdir(), 'realreach-bench-'));
const log = (line: string) => process.stderr.write(`${line}\n`);
try {
  process.stdout.write(
    `# realreach benchmarks (node ${process.version}, scale ${scale}, ${repeats} repeats)\n\n`,
  );
  const readers = await benchReaders({ dir, scale, repeats, log });
  process.stdout.write(renderReaderBench(readers));
  const scoring = await benchScoring({ scale, repeats, log });
  process.stdout.write(`\n${renderScoringBench(scoring, readers.readerRate)}`);
  log('auditing…');
  process.stdout.write(`\n${renderAuditBench(benchAudit(readers.smallPath, readers.largePath, repeats))}`);
  log('storing…');
  process.stdout.write(`\n${renderStoreBench(await benchStore({ dir, scale, repeats, log }))}`);
  log('fetching from local servers…');
  process.stdout.write(`\n${renderConnectorBench(await benchConnectors({ scale, log }))}`);
  log('loading the HTTP API…');
  process.stdout.write(`\n${renderApiBench(await benchApi({ ...DEFAULT_API_BENCH, log }))}`);
  log('loading the tracked-link redirect…');
  const redirects = await benchRedirect({ dir, requests: Math.round(100_000 * scale), connections: 10, log });
  process.stdout.write(`\n${renderRedirectBench(redirects)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
