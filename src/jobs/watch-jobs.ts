// Watched profiles as recurring jobs: each round records the profile's follower count, after first queueing the next round under an id made of profile, period and round — so any number of workers keep one chain per watch.

import { lookupFollowerCount } from '../connectors/fetch/lookup-follower-count.ts';
import { parseProfileRef } from '../connectors/profile-ref.ts';
import { DEFAULT_RETRY_POLICY } from '../connectors/requests/api-client.ts';
import type { FollowerCountSnapshot } from '../core/snapshot.ts';
import type { Store } from '../store/store.ts';
import type { JobQueue, QueueMessage, SendOptions } from './queue/job-queue.ts';
import { messageId } from './queue/message-id.ts';

export const WATCH_QUEUE = 'watch-profile';

export interface WatchMessage {
  /** As `fetch` and `watch` take it: `@user@instance`, `bsky:handle`, `x:handle`. */
  profile: string;
  everyMs: number;
  /** Round r is due at r × everyMs since the epoch (rounds are aligned to the period, in UTC). */
  round: number;
  /** The API base, for self-hosted servers and tests. */
  baseUrl?: string;
}

/** Reads a profile's follower count now (the platform's answer time); tests may give their own. */
export type LookupFollowerCount = (
  profile: string,
  baseUrl: string | undefined,
) => Promise<FollowerCountSnapshot>;

const roundAt = (time: number, everyMs: number) => Math.floor(time / everyMs);

/** The message's id (one per profile, period, API base and round) and its delivery: no sooner than its round. */
export function watchSendOptions(message: WatchMessage, now = Date.now()): SendOptions {
  return {
    id: messageId(
      `${WATCH_QUEUE}:${message.profile}:${message.everyMs}:${message.baseUrl ?? ''}:${message.round}`,
    ),
    // A platform down for a while: a few tries within the round; the next round is queued either way.
    retryLimit: 3,
    retryDelaySeconds: 30,
    retryBackoff: true,
    expireInSeconds: 300,
    startAfterSeconds: Math.max(0, (message.round * message.everyMs - now) / 1000),
  };
}

/**
 * Queues the current round of each profile's watch, to run at once. Registering a watch again in the same round
 * is kept once; the rounds that follow are queued by the workers that run them.
 */
export async function queueWatches(
  queue: JobQueue,
  profiles: readonly string[],
  options: { everyMs: number; baseUrl?: string },
  now = Date.now(),
): Promise<WatchMessage[]> {
  for (const profile of profiles) parseProfileRef(profile);
  const messages = profiles.map((profile) => ({
    profile,
    everyMs: options.everyMs,
    round: roundAt(now, options.everyMs),
    ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
  }));
  for (const message of messages) await queue.send(WATCH_QUEUE, message, watchSendOptions(message, now));
  return messages;
}

/**
 * Stops watches registered with the same period and API base: cancels this period's round and the next (a round
 * running now still records its snapshot). Cancelled ids stay taken: the same watch registered again starts with
 * the period after next.
 */
export async function cancelWatches(
  queue: JobQueue,
  profiles: readonly string[],
  options: { everyMs: number; baseUrl?: string },
  now = Date.now(),
): Promise<void> {
  for (const profile of profiles) parseProfileRef(profile);
  const current = roundAt(now, options.everyMs);
  for (const profile of profiles)
    for (const round of [current, current + 1]) {
      const message: WatchMessage = {
        profile,
        everyMs: options.everyMs,
        round,
        ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
      };
      await queue.cancel(WATCH_QUEUE, watchSendOptions(message, now).id);
    }
}

export interface WatchJobRunnerOptions {
  store: Store;
  queue: JobQueue;
  lookup?: LookupFollowerCount;
  log?: (line: string) => void;
}

/** The follower count from the platform's API, with the credentials of this worker's environment. */
const lookupFromPlatform: LookupFollowerCount = (profile, baseUrl) =>
  lookupFollowerCount(profile, {
    baseUrl,
    retry: DEFAULT_RETRY_POLICY,
    xBearerToken: process.env.X_BEARER_TOKEN,
  });

export class WatchJobRunner {
  readonly #options: WatchJobRunnerOptions;
  readonly #lookup: LookupFollowerCount;
  readonly #log: (line: string) => void;

  constructor(options: WatchJobRunnerOptions) {
    this.#options = options;
    this.#lookup = options.lookup ?? lookupFromPlatform;
    this.#log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  }

  async start(concurrency = 1): Promise<void> {
    await this.#options.queue.work<WatchMessage>(WATCH_QUEUE, { concurrency }, (message) =>
      this.runRound(message),
    );
  }

  /**
   * One round: queue the next (first, so a failing platform never ends the watch; a worker that was down skips
   * the rounds it missed instead of recording them all at once), then read and save the follower count.
   */
  async runRound(message: QueueMessage<WatchMessage>): Promise<void> {
    const { store, queue } = this.#options;
    const now = Date.now();
    const next: WatchMessage = {
      ...message.data,
      round: Math.max(message.data.round + 1, roundAt(now, message.data.everyMs) + 1),
    };
    await queue.send(WATCH_QUEUE, next, watchSendOptions(next, now));
    try {
      const snapshot = await this.#lookup(message.data.profile, message.data.baseUrl);
      await store.addSnapshot(snapshot);
      this.#log(
        `watch ${message.data.profile}: ${snapshot.followersCount} followers at ${snapshot.observedAt.toISOString()}`,
      );
    } catch (error) {
      this.#log(`watch ${message.data.profile}: ${(error as Error).message}`);
      throw error;
    }
  }
}
