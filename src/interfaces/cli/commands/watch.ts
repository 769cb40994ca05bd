// `realreach watch <profile>… [--every 1d] [--queue]`: records each profile's follower count in the store on a schedule, at the time the platform answered — in this process, or with --queue as recurring jobs the workers run.
import type { Command } from 'commander';
import { MissingCredentialError } from '../../../connectors/connect.ts';
import { lookupFollowerCount } from '../../../connectors/fetch/lookup-follower-count.ts';
import { ProfileSyntaxError, parseProfileRef } from '../../../connectors/profile-ref.ts';
import { DEFAULT_RETRY_POLICY } from '../../../connectors/requests/api-client.ts';
import { countOf } from '../../../core/plural.ts';
import { openJobQueue } from '../../../jobs/queue/open-job-queue.ts';
import { cancelWatches, queueWatches } from '../../../jobs/watch-jobs.ts';
import { locateStore } from '../../../store/dialects/open-store.ts';
import { UsageError } from '../exit.ts';
import { parseCountOption } from '../options.ts';
import { type StoreFlags, useStore, withStoreOption } from '../store-option.ts';

interface WatchFlags extends StoreFlags {
  every: number;
  times?: number;
  baseUrl?: string;
  json?: boolean;
  queue?: boolean;
  stop?: boolean;
}

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };
/** Follower counts change slowly, and the platforms' lookup limits are shared with every other use of the token. */
const MIN_EVERY_MS = 60_000;

/** `30m`, `6h`, `1d`, `1.5d`. */
export function parseEvery(value: string): number {
  const match = /^(\d+(?:\.\d+)?)([mhd])$/.exec(value.trim());
  const ms = match ? Number(match[1]) * (UNITS[match[2] as string] as number) : Number.NaN;
  if (!(ms >= MIN_EVERY_MS))
    throw new UsageError(`--every: expected a period of at least 1m such as 30m, 6h or 1d, got "${value}"`);
  return ms;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      done();
    });
  });
}

/** `--queue`: the first round of each watch, queued on PostgreSQL; the workers run it and queue the next ones. */
async function queueWatchJobs(profiles: string[], flags: WatchFlags): Promise<void> {
  if (flags.times !== undefined)
    throw new UsageError('--times: a queued watch runs until its jobs are removed');
  const location = locateStore({ db: flags.db });
  if (location.dialect !== 'postgres')
    throw new UsageError(
      '--queue needs PostgreSQL (DATABASE_URL) and `realreach worker` processes: with SQLite, `realreach watch` records in this process',
    );
  const queue = openJobQueue(location);
  await queue.start();
  try {
    const options = {
      everyMs: flags.every,
      ...(flags.baseUrl === undefined ? {} : { baseUrl: flags.baseUrl }),
    };
    if (flags.stop) {
      await cancelWatches(queue, profiles, options);
      for (const profile of profiles)
        process.stdout.write(`stopped: ${profile} every ${flags.every / 60_000} min\n`);
      return;
    }
    const messages = await queueWatches(queue, profiles, {
      everyMs: flags.every,
      ...(flags.baseUrl === undefined ? {} : { baseUrl: flags.baseUrl }),
    });
    for (const message of messages)
      process.stdout.write(
        flags.json
          ? `${JSON.stringify(message)}\n`
          : `queued: ${message.profile} now, then every ${flags.every / 60_000} min (rounds aligned to the period, UTC), run by \`realreach worker\`\n`,
      );
  } finally {
    await queue.stop();
  }
}

export function registerWatch(program: Command): void {
  withStoreOption(
    program
      .command('watch')
      .description(
        "record profiles' follower counts in the store on a schedule (each stamped with the time the platform answered), for their history",
      )
      .argument(
        '<profiles...>',
        '@user@instance (Mastodon), bsky:handle (Bluesky) or x:handle (X, needs X_BEARER_TOKEN)',
      )
      .option('--every <period>', 'how often: 30m, 6h, 1d …', parseEvery, 86_400_000)
      .option(
        '--times <n>',
        'stop after this many rounds (default: until interrupted)',
        parseCountOption('--times'),
      )
      .option('--base-url <url>', 'the API base, for self-hosted servers and tests')
      .option('--json', 'print each snapshot as a JSON line')
      .option(
        '--queue',
        'PostgreSQL (DATABASE_URL): register the watches as recurring jobs that `realreach worker` processes run, and return',
      )
      .option(
        '--stop',
        'with --queue: stop these queued watches (give the --every and --base-url they were registered with)',
      ),
  ).action(async (profiles: string[], flags: WatchFlags) => {
    for (const profile of profiles) {
      try {
        parseProfileRef(profile);
      } catch (error) {
        if (error instanceof ProfileSyntaxError) throw new UsageError(error.message);
        throw error;
      }
    }
    if (flags.stop && !flags.queue)
      throw new UsageError('--stop: only with --queue (a watch in this process stops with Ctrl+C)');
    if (flags.queue) {
      await queueWatchJobs(profiles, flags);
      return;
    }
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      await useStore(flags, async (store) => {
        for (let round = 0; flags.times === undefined || round < flags.times; round++) {
          if (round > 0) await sleep(flags.every, stop.signal);
          if (stop.signal.aborted) break;
          for (const profile of profiles) {
            try {
              const snapshot = await lookupFollowerCount(profile, {
                baseUrl: flags.baseUrl,
                retry: DEFAULT_RETRY_POLICY,
                xBearerToken: process.env.X_BEARER_TOKEN,
              });
              await store.addSnapshot(snapshot);
              process.stdout.write(
                flags.json
                  ? `${JSON.stringify(snapshot)}\n`
                  : `${snapshot.observedAt.toISOString()}  ${profile}  ${countOf(snapshot.followersCount, 'follower')}\n`,
              );
            } catch (error) {
              if (error instanceof MissingCredentialError) throw new UsageError(error.message);
              // One profile failing (a timeout, a rename) must not stop the others' history.
              process.stderr.write(`realreach: ${profile}: ${(error as Error).message}\n`);
              process.exitCode = 1;
            }
          }
        }
      });
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  });
}
