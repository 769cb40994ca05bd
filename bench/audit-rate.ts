// Child process of the audit benchmark: audits one follower file end to end with the built library (dist/) as the CLI does (kind models too), on `--threads N` (default 1), and prints followers/s, CPU seconds (every thread, and split by thread) and peak RSS as JSON.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { splitThreadCpu, threadCpuMs } from './thread-cpu.ts';

// as bin/realreach.js sets them for every CLI process
setFlagsFromString('--heap-growing-percent=50');
setFlagsFromString('--no-allocation-site-pretenuring');

const DIST = join(import.meta.dirname, '..', 'dist');
const { auditFileInThreads } = (await import(
  join(DIST, 'audit', 'threads', 'audit-threads.js')
)) as typeof import('../src/audit/threads/audit-threads.ts');
const { openAccountReader } = (await import(
  join(DIST, 'ingest', 'read.js')
)) as typeof import('../src/ingest/read.ts');
const { loadDetector, modelNameForPlatform } = (await import(
  join(DIST, 'model', 'detector.js')
)) as typeof import('../src/model/detector.ts');
const { kindDetectorsOf } = (await import(
  join(DIST, 'model', 'kind-models.js')
)) as typeof import('../src/model/kind-models.ts');

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { threads: { type: 'string', default: '1' } },
});
const [path] = positionals;
if (!path) throw new Error('usage: audit-rate.ts <followers file> [--threads N]');
// libuv's pool starts with the first asynchronous file call: before the first reading, so its threads count as helpers
await stat(path);
const started = process.hrtime.bigint();
const cpuBefore = process.cpuUsage();
const threadsBefore = threadCpuMs();
const reader = await openAccountReader(path);
// as the CLI runs it: the platform's model, and the kind models beside it
let kinds: ReturnType<typeof kindDetectorsOf>;
const { report } = await auditFileInThreads(reader, {
  threads: Number(values.threads),
  async detectorFor(platform) {
    const detector = await loadDetector(modelNameForPlatform(platform));
    kinds = kindDetectorsOf(detector);
    return detector;
  },
  kinds: true,
  kindsFor: () => kinds,
});
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const threadsAfter = threadCpuMs();
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
// the worker threads' CPU is what the threads there before and after did not spend (they may not have ended yet)
const threadCpu = threadsBefore && threadsAfter && splitThreadCpu(threadsBefore, threadsAfter, cpuSeconds);
process.stdout.write(
  `${JSON.stringify({
    followers: report.followersRead,
    rejected: report.input.rejected,
    seconds,
    rate: report.followersRead / seconds,
    cpuSeconds,
    cpuRate: report.followersRead / cpuSeconds,
    threadCpu,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    headline: report.headline,
  })}\n`,
);
