// Load with faults: reads and uploads against `realreach serve` on a private PostgreSQL while its connections are cut and it is stopped and restarted — requests served, errors by kind, p99, audits saved exactly once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { privatePostgresSkip, startPrivatePostgres, startServer } from '../test/faults/fault-processes.ts';
import { type Answer, isServed, percentile, runLoad, tally } from '../test/faults/load.ts';
import { type SavedOnce, savedOnce } from '../test/faults/saved-once.ts';

export interface FaultPhase {
  name: string;
  answers: Answer[];
}

export interface FaultBench {
  skipped?: string;
  phases: FaultPhase[];
  saved?: SavedOnce;
  serverAlive: boolean;
  serverPeakMiB: number;
}

/** Each phase runs `phaseMs` of load (4 workers, one upload in three requests) with its fault fired at its start. */
export async function benchFaults(options: {
  phaseMs: number;
  log: (line: string) => void;
}): Promise<FaultBench> {
  if (privatePostgresSkip)
    return { skipped: privatePostgresSkip, phases: [], serverAlive: false, serverPeakMiB: 0 };
  const work = mkdtempSync(join(tmpdir(), 'realreach-bench-faults-'));
  const postgres = await startPrivatePostgres();
  const server = await startServer([], { DATABASE_URL: postgres.url, TMPDIR: work }, work);
  const phases: FaultPhase[] = [];
  try {
    const token = server.token as string;
    const phase = async (name: string, fault?: () => void) => {
      options.log(`  ${name}…`);
      const stop = new AbortController();
      const load = runLoad(server.url, token, stop.signal, { workers: 4, uploadEvery: 3 });
      await delay(100);
      fault?.();
      await delay(options.phaseMs);
      stop.abort();
      phases.push({ name, answers: await load });
    };
    await phase('healthy');
    await phase('connections terminated (pg_terminate_backend)', () => postgres.terminateConnections());
    await phase('PostgreSQL stopped (immediate)', () => postgres.stop());
    await phase('PostgreSQL restarted', () => postgres.start());
    await phase('healthy again');
    const serverAlive = server.child.exitCode === null && server.child.signalCode === null;
    options.log('  waiting for the accepted audits to be saved…');
    return {
      phases,
      saved: await savedOnce(
        postgres.url,
        phases.flatMap((p) => p.answers),
      ),
      serverAlive,
      serverPeakMiB: server.peakMiB(),
    };
  } finally {
    await server.stop();
    postgres.destroy();
    rmSync(work, { recursive: true, force: true });
  }
}

export function renderFaultBench(bench: FaultBench, phaseMs: number): string {
  if (bench.skipped !== undefined) return `## Load with faults\n\nskipped: ${bench.skipped}\n`;
  const rows = bench.phases.map((phase) => {
    const served = phase.answers.filter(isServed).length;
    const errors = Object.entries(tally(phase.answers.filter((a) => !isServed(a))))
      .map(([kind, count]) => `${kind}: ${count}`)
      .join(', ');
    const p99 = Math.round(
      percentile(
        phase.answers.map((a) => a.ms),
        99,
      ),
    );
    return `| ${phase.name} | ${phase.answers.length} | ${served} | ${errors || 'none'} | ${p99} |`;
  });
  return [
    '## Load with faults',
    '',
    `\`realreach serve\` on a private PostgreSQL, 4 clients (2 reads to 1 upload of 60 followers), ${phaseMs / 1000} s per phase, each fault fired at its phase's start.`,
    '',
    '| phase | requests | served (2xx, or 429: queue full) | errors by kind | p99 ms |',
    '| --- | ---: | ---: | --- | ---: |',
    ...rows,
    '',
    `Uploads accepted: ${bench.saved?.accepted}; saved as audits: ${bench.saved?.done} (failed jobs: ${bench.saved?.failed}); audits in the database: ${bench.saved?.audits}; saved twice or unaccounted for: ${bench.saved?.extra}; accepted but lost: ${bench.saved?.lost}. The server ${bench.serverAlive ? 'stayed up' : 'DIED'} (peak ${Math.round(bench.serverPeakMiB)} MiB).`,
    '',
  ].join('\n');
}
