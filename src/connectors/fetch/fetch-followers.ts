// Fetches a profile and its followers into realreach files, checkpointing after every page so a killed fetch resumes with nothing lost or repeated.

import { open, rm, stat, truncate } from 'node:fs/promises';
import type { Account } from '../../core/account.ts';
import { InputError, type RecordError } from '../../core/errors.ts';
import { faultPoint } from '../../core/fault-injection.ts';
import type { FollowerCountSnapshot } from '../../core/snapshot.ts';
import { realreachJson, toRealreachRecord } from '../../ingest/formats/realreach.ts';
import type { FollowerSource } from '../follower-source.ts';
import { writeFileAtomic } from './atomic-file.ts';
import {
  type Checkpoint,
  type FetchFiles,
  type FetchMeta,
  fetchFilesFor,
  readCheckpoint,
} from './fetch-files.ts';

export interface FetchPlan {
  profile: Account;
  snapshot: FollowerCountSnapshot;
  /** Followers still to read: the profile's count (or --max) less those already fetched. */
  followersToRead: number;
  alreadyFetched: number;
  resumed: boolean;
}

export interface FetchProgress {
  fetched: number;
  /** The profile's follower count, or --max when lower; undefined when the platform gives no count. */
  target: number | undefined;
  /** Time left at the rate limit, leaving out the server's answer times. */
  etaMs: number | undefined;
}

export interface FetchOptions {
  source: FollowerSource;
  /** The profile as the user named it (`@alice@mastodon.social`): a checkpoint resumes only the same one. */
  profileRef: string;
  /** The followers file; the profile, meta and checkpoint files go beside it. */
  out: string;
  /** Stop after this many followers (the newest ones). */
  max?: number;
  /** Continue the interrupted fetch whose checkpoint is beside `out`. */
  resume: boolean;
  /** Called once the profile is known, before any follower is requested (and before any file is written); throw to cancel. */
  approve?: (plan: FetchPlan) => Promise<void>;
  onProgress?: (progress: FetchProgress) => void;
  onRejected?: (error: RecordError) => void;
  signal?: AbortSignal;
}

export interface FetchResult {
  meta: FetchMeta;
  files: FetchFiles;
  resumed: boolean;
}

/** The state the fetch carries from page to page, as the checkpoint stores it. */
type Progress = Pick<
  Checkpoint,
  'pagesDone' | 'next' | 'outBytes' | 'followersFetched' | 'followersWithheld' | 'followersRejected' | 'max'
>;

function reviveProfile(checkpoint: Checkpoint, path: string): Account {
  const { account } = realreachJson.map(checkpoint.profile, { file: path });
  return { ...account, source: { format: 'realreach', file: path } };
}

function profileLine(profile: Account): string {
  return `${JSON.stringify(toRealreachRecord(profile))}\n`;
}

async function startFresh(options: FetchOptions, files: FetchFiles, signal: AbortSignal) {
  if (await readCheckpoint(files.checkpoint)) {
    throw new InputError(
      `${files.checkpoint}: a fetch into ${files.followers} was interrupted; add --resume to continue it, or delete the checkpoint to start over`,
    );
  }
  const lookup = await options.source.lookupProfile(signal);
  return { profile: lookup.account, snapshot: lookup.snapshot, networkHidden: lookup.networkHidden };
}

async function startResumed(options: FetchOptions, files: FetchFiles) {
  const checkpoint = await readCheckpoint(files.checkpoint);
  if (!checkpoint) {
    throw new InputError(
      `${files.checkpoint}: no checkpoint to resume from (the fetch finished, or never started)`,
    );
  }
  if (checkpoint.profileRef !== options.profileRef || checkpoint.service !== options.source.service) {
    throw new InputError(
      `${files.checkpoint}: the interrupted fetch is of ${checkpoint.profileRef} from ${checkpoint.service}, not ${options.profileRef} from ${options.source.service}`,
    );
  }
  const size = await stat(files.followers).then(
    (found) => found.size,
    () => -1,
  );
  if (size < checkpoint.outBytes) {
    throw new InputError(
      `${files.followers}: holds ${Math.max(size, 0)} bytes but the checkpoint counted ${checkpoint.outBytes}; the file was changed, start over`,
    );
  }
  // a page written after the last checkpoint is fetched again: drop what the killed run wrote of it
  await truncate(files.followers, checkpoint.outBytes);
  return checkpoint;
}

function metaOf(
  source: FollowerSource,
  profile: Account,
  snapshot: FollowerCountSnapshot,
  progress: Progress,
  ending: { complete: boolean; incompleteBecause?: 'max' | 'network-hidden' },
): FetchMeta {
  return {
    version: 1,
    profile: toRealreachRecord(profile),
    platform: source.platform,
    source: source.followersSource(profile),
    fetchedAt: new Date().toISOString(),
    followersFetched: progress.followersFetched,
    followersWithheld: progress.followersWithheld,
    followersRejected: progress.followersRejected,
    ...ending,
    order: 'newest-first',
    snapshot,
  };
}

/**
 * Looks the profile up (or reads it from the checkpoint), then writes its followers page by page. After each page is
 * in the followers file, the checkpoint records the file's length and the next cursor, so `resume` truncates any
 * half-written page and asks for it again: no follower twice, none missing.
 */
export async function fetchFollowers(options: FetchOptions): Promise<FetchResult> {
  const { source } = options;
  const files = fetchFilesFor(options.out);
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  const checkpoint = options.resume ? await startResumed(options, files) : undefined;
  const started = checkpoint
    ? {
        profile: reviveProfile(checkpoint, files.checkpoint),
        snapshot: checkpoint.snapshot,
        networkHidden: false,
      }
    : await startFresh(options, files, signal);
  const { profile, snapshot } = started;
  const max = options.max ?? checkpoint?.max;
  const progress: Progress = {
    pagesDone: checkpoint?.pagesDone ?? 0,
    next: checkpoint?.next,
    outBytes: checkpoint?.outBytes ?? 0,
    followersFetched: checkpoint?.followersFetched ?? 0,
    followersWithheld: checkpoint?.followersWithheld ?? 0,
    followersRejected: checkpoint?.followersRejected ?? 0,
    max,
  };
  const target =
    profile.followersCount === undefined
      ? max
      : Math.min(profile.followersCount, max ?? Number.POSITIVE_INFINITY);

  if (started.networkHidden) {
    await writeFileAtomic(files.profile, profileLine(profile));
    await writeFileAtomic(files.followers, '');
    const meta = metaOf(source, profile, snapshot, progress, {
      complete: false,
      incompleteBecause: 'network-hidden',
    });
    await writeFileAtomic(files.meta, `${JSON.stringify(meta, null, 2)}\n`);
    return { meta, files, resumed: false };
  }
  await options.approve?.({
    profile,
    snapshot,
    followersToRead: Math.max(0, (target ?? 0) - progress.followersFetched),
    alreadyFetched: progress.followersFetched,
    resumed: checkpoint !== undefined,
  });

  const saveCheckpoint = () => {
    const state: Checkpoint = {
      version: 1,
      profileRef: options.profileRef,
      platform: source.platform,
      service: source.service,
      profile: toRealreachRecord(profile),
      snapshot,
      startedAt: checkpoint?.startedAt ?? new Date().toISOString(),
      ...progress,
    };
    return writeFileAtomic(files.checkpoint, `${JSON.stringify(state)}\n`);
  };
  if (!checkpoint) {
    await rm(files.meta, { force: true });
    await writeFileAtomic(files.profile, profileLine(profile));
    await writeFileAtomic(files.followers, '');
    await saveCheckpoint();
  }

  const report = () =>
    options.onProgress?.({
      fetched: progress.followersFetched,
      target,
      etaMs:
        target === undefined
          ? undefined
          : source.limiter.estimateMs(
              Math.ceil(Math.max(0, target - progress.followersFetched) / source.followersPerRequest),
            ),
    });
  report();

  const reachedMax = () => max !== undefined && progress.followersFetched >= max;
  const listEnded = () => progress.pagesDone > 0 && progress.next === undefined;
  let networkHidden = false;
  let trimmed = false;
  const output = await open(files.followers, 'a');
  try {
    if (!reachedMax() && !listEnded()) {
      const from = progress.pagesDone > 0 ? progress.next : undefined;
      for await (const page of source.pages(profile, from, signal)) {
        if (page.networkHidden) {
          networkHidden = true;
          break;
        }
        const room = max === undefined ? page.followers.length : max - progress.followersFetched;
        const kept = page.followers.slice(0, room);
        trimmed = kept.length < page.followers.length;
        const lines = kept.map((account) => `${JSON.stringify(toRealreachRecord(account))}\n`).join('');
        await output.write(lines);
        await output.datasync();
        // The risky moment: the page is on disk, its checkpoint not yet (a resume must drop it and fetch it again).
        faultPoint('fetch:after-page');
        for (const error of page.rejected) options.onRejected?.(error);
        progress.outBytes += Buffer.byteLength(lines);
        progress.followersFetched += kept.length;
        progress.followersWithheld += page.withheld;
        progress.followersRejected += page.rejected.length;
        progress.pagesDone++;
        progress.next = page.next;
        await saveCheckpoint();
        report();
        if (reachedMax()) break;
      }
    }
  } finally {
    stop.abort();
    await output.close();
  }
  const complete = !networkHidden && !trimmed && listEnded();
  const meta = metaOf(source, profile, snapshot, progress, {
    complete,
    ...(complete ? {} : { incompleteBecause: networkHidden ? 'network-hidden' : 'max' }),
  });
  await writeFileAtomic(files.meta, `${JSON.stringify(meta, null, 2)}\n`);
  await rm(files.checkpoint, { force: true });
  return { meta, files, resumed: checkpoint !== undefined };
}
