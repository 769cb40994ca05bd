// `realreach worker`: works audit jobs from the PostgreSQL queue (pg-boss) on this machine — as many of these as the load needs, on any machine that reaches the database.
import { once } from 'node:events';
import type { Command } from 'commander';
import { PLATFORMS } from '../../../core/account.ts';
import { AuditJobService } from '../../../jobs/audit/audit-job-service.ts';
import { FetchJobService } from '../../../jobs/fetch/fetch-job-service.ts';
import { phaseReporterFromEnv } from '../../../jobs/phase-timing.ts';
import { openJobQueue } from '../../../jobs/queue/open-job-queue.ts';
import { openRateSlots } from '../../../jobs/rate-limit/open-rate-slots.ts';
import { WatchJobRunner } from '../../../jobs/watch-jobs.ts';
import { type Detector, loadDetector, modelNameForPlatform } from '../../../model/detector.ts';
import { locateStore, openStore } from '../../../store/dialects/open-store.ts';
import { UsageError } from '../exit.ts';
import { type StoreFlags, withStoreOption } from '../store-option.ts';
import { surviveLostDatabase } from '../survive-lost-database.ts';

interface WorkerFlags extends StoreFlags {
  concurrency: number;
  fetches: number;
}

function say(line: string): void {
  process.stdout.write(`realreach worker: ${line}\n`);
}

export function parseConcurrency(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 64)
    throw new UsageError(`--concurrency: expected a whole number from 1 to 64, got "${value}"`);
  return n;
}

/** Each model loaded once per process. */
export function cachedDetectors(): (name: string) => Promise<Detector> {
  const loaded = new Map<string, Promise<Detector>>();
  return (name) => {
    let detector = loaded.get(name);
    if (!detector) {
      detector = loadDetector(name);
      loaded.set(name, detector);
    }
    return detector;
  };
}

export function registerWorker(program: Command): void {
  withStoreOption(
    program
      .command('worker')
      .description(
        'work audit jobs, fetch jobs (`fetch --queue`) and watch rounds (`watch --queue`) from the PostgreSQL queue (DATABASE_URL): run one or more on any machine that reaches the database',
      )
      .option('--concurrency <n>', 'shards taken at a time (one core scores one shard)', parseConcurrency, 1)
      .option(
        '--fetches <n>',
        'fetch steps taken at a time (they wait on the platform, under the rate limit every worker shares)',
        parseConcurrency,
        2,
      ),
  ).action(async (flags: WorkerFlags) => {
    surviveLostDatabase();
    const location = locateStore({ db: flags.db });
    if (location.dialect !== 'postgres')
      throw new UsageError(
        'realreach worker needs PostgreSQL: set DATABASE_URL (with SQLite, `realreach serve` works the audit jobs itself)',
      );
    const store = await openStore({ db: flags.db });
    const detectors = cachedDetectors();
    // The bundled models, loaded before the first shard is taken rather than inside it (0.1-0.2 s of its wall,
    // measured by the scale bench's shard:model phase): a job then waits for no model. Others load when a job names them.
    await Promise.all([...new Set(PLATFORMS.map(modelNameForPlatform))].map(detectors));
    const jobs = new AuditJobService({
      store,
      queue: openJobQueue(location),
      detector: detectors,
      onPhase: phaseReporterFromEnv(),
    });
    const fetches = new FetchJobService({
      store,
      queue: jobs.queue,
      audits: jobs,
      slots: openRateSlots(location),
      xBearerToken: process.env.X_BEARER_TOKEN,
      log: say,
    });
    try {
      const stopSignal = Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
      await jobs.work(flags.concurrency);
      // The rounds of `realreach watch --queue`: one lookup each, light next to a shard.
      await new WatchJobRunner({ store, queue: jobs.queue, log: say }).start(1);
      // Fetch steps (`fetch --queue`): each waits on the platform, under the limit every worker shares.
      await fetches.work(flags.fetches);
      say(
        `working audit jobs, ${flags.concurrency} shard(s) at a time, fetch jobs, ${flags.fetches} step(s) at a time, and watch rounds; Ctrl+C to stop`,
      );
      await stopSignal;
      say('stopping (the shard under way finishes first)');
    } finally {
      // The queue first: it waits for the fetch steps under way, which still draw on the rate slots.
      await jobs.stop();
      await fetches.stop({ stopQueue: false });
      await store.close();
    }
  });
}
