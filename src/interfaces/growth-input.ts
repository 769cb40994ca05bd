// Reads what `growth` is given — a history CSV or a follower list in follow order — scores the followers and runs the growth stage on it.
import { open } from 'node:fs/promises';
import { readFetchMeta } from '../connectors/fetch/fetch-files.ts';
import type { Account, Platform } from '../core/account.ts';
import { cannotOpen, InputError, type RecordError } from '../core/errors.ts';
import { countOf, nounFor } from '../core/plural.ts';
import {
  analyseFollowerList,
  analyseHistory,
  type GrowthAnalysis,
  judgeSpikesByArrivals,
  type ScoredFollower,
} from '../growth/analyse-growth.ts';
import { dailySeries } from '../growth/follower-series.ts';
import { looksLikeHistoryCsv, readHistoryCsv } from '../ingest/companion-files/history-csv.ts';
import { DuplicateAccounts } from '../ingest/duplicates/duplicate-accounts.ts';
import { openAccountReader, type ReadOptions } from '../ingest/read.ts';
import { type Detector, modelNameForPlatform } from '../model/detector.ts';

export const FOLLOW_ORDERS = ['newest-first', 'oldest-first'] as const;
export type FollowOrder = (typeof FOLLOW_ORDERS)[number];

export interface GrowthInput {
  kind: 'history' | 'follower-list';
  analysis: GrowthAnalysis;
  /** For follower lists: the order of the input file, and where that was learnt. */
  order?: { order: FollowOrder; from: 'option' | 'fetch meta file' | 'follow times' | 'default' };
  /** Followers in the list (positions are 1..followers in the input's order). */
  followers?: number;
  model?: string;
  rejected: RecordError[];
  notes: string[];
}

export interface GrowthInputOptions {
  order?: FollowOrder;
  platform?: Platform;
  detectorFor: (modelName: string) => Promise<Detector>;
  model?: string;
  /** With a history: today's follower list in follow order, to judge its spikes by who arrived. */
  followers?: string;
  /** How the follower list is read (`--input-format`), and how the advice names that option. */
  read?: ReadOptions;
}

async function firstLine(path: string): Promise<string> {
  const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    throw cannotOpen(path, error);
  });
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** "line 33 over line 32, …": the first few repeats of a history, each the line kept over the line dropped. */
export function repeatedLines(repeats: readonly { dropped: number; kept: number }[]): string {
  const shown = repeats.slice(0, 5).map((repeat) => `line ${repeat.kept} over line ${repeat.dropped}`);
  return repeats.length > shown.length ? `${shown.join(', ')}, …` : shown.join(', ');
}

export async function readGrowthInput(path: string, options: GrowthInputOptions): Promise<GrowthInput> {
  if (looksLikeHistoryCsv(await firstLine(path))) {
    const history = await readHistoryCsv(path);
    if (history.rows.length === 0) throw new InputError(`${path}: no readable row in the history`);
    const series = dailySeries(
      history.rows.map((row) => ({ at: row.at, followers: row.followers })),
      'observed',
      `Imported from ${path}: one count per date as the file gives it; days between two dates are interpolated.`,
    );
    const notes =
      history.duplicateDates > 0
        ? [
            `${countOf(history.duplicateDates, 'row')} repeated an earlier date: the later row was kept (${repeatedLines(history.repeats)})`,
          ]
        : [];
    if (options.followers === undefined) {
      const analysis = analyseHistory(series, { platform: options.platform });
      return { kind: 'history', analysis, rejected: history.rejected, notes };
    }
    // Today's follower list in follow order: each spike judged by the followers at its places in the list, and
    // drops matched against the purges of the list's platform when --platform does not name one.
    const list = await readScoredList(options.followers, options);
    const analysis = judgeSpikesByArrivals(
      analyseHistory(series, { platform: options.platform ?? list.platform }),
      list.followers,
    );
    const unjudged = analysis.events.filter(
      (event) => event.kind === 'spike' && event.judgement === undefined,
    );
    if (unjudged.length > 0)
      notes.push(
        `${countOf(unjudged.length, 'spike')} not judged (${unjudged.map((event) => event.date).join(', ')}): today's list holds ${countOf(list.followers.length, 'follower')} against the history's last count of ${(series.days.at(-1)?.followers ?? 0).toLocaleString('en-US')}, so it does not reach back to the followers ${nounFor(unjudged.length, 'that spike', 'those spikes')} brought`,
      );
    return {
      kind: 'history',
      analysis,
      order: list.order,
      followers: list.followers.length,
      model: list.model,
      rejected: [...history.rejected, ...list.rejected],
      notes: [
        ...notes,
        ...list.notes,
        "spikes are judged by the followers at their places in today's list, shifted by the followers it lacks; unfollows since a spike shift them further",
      ],
    };
  }
  const list = await readScoredList(path, options);
  const readAt = list.meta?.snapshot.observedAt;
  return {
    kind: 'follower-list',
    analysis: analyseFollowerList(list.followers, {
      platform: list.platform,
      ...(readAt === undefined ? {} : { readAt }),
    }),
    order: list.order,
    followers: list.followers.length,
    model: list.model,
    rejected: list.rejected,
    notes: list.notes,
  };
}

interface ScoredList {
  followers: ScoredFollower[];
  order: NonNullable<GrowthInput['order']>;
  platform: Platform;
  model: string;
  rejected: RecordError[];
  notes: string[];
  meta: Awaited<ReturnType<typeof readFetchMeta>>;
}

/** A follower list read, scored by the platform's model, and put oldest first. */
async function readScoredList(path: string, options: GrowthInputOptions): Promise<ScoredList> {
  const meta = await readFetchMeta(path);
  const reader = await openAccountReader(path, options.read);
  const accounts: Account[] = [];
  const rejected: RecordError[] = [];
  // A follower listed twice (pages that overlapped while the list was fetched) followed once: its first place is kept.
  const seen = new DuplicateAccounts();
  try {
    for await (const item of reader) {
      if (!item.ok) rejected.push(item.error);
      else if (!seen.repeats(item.account)) accounts.push(item.account);
    }
  } finally {
    seen.close();
  }
  if (accounts.length === 0) throw new InputError(`${path}: no readable follower in the file`);
  const first = (accounts[0] as Account).followedAt;
  const last = (accounts.at(-1) as Account).followedAt;
  const order: NonNullable<GrowthInput['order']> =
    options.order !== undefined
      ? { order: options.order, from: 'option' }
      : meta !== undefined
        ? { order: meta.order, from: 'fetch meta file' }
        : first !== undefined && last !== undefined && first.getTime() !== last.getTime()
          ? { order: first > last ? 'newest-first' : 'oldest-first', from: 'follow times' }
          : { order: 'newest-first', from: 'default' };
  const platform = options.platform ?? meta?.platform ?? (accounts[0] as Account).platform;
  const model = options.model ?? modelNameForPlatform(platform);
  const { pFake } = (await options.detectorFor(model)).scoreAccounts(accounts);
  const followers: ScoredFollower[] = accounts.map((account, i) => ({
    pFake: pFake[i] as number,
    ...(account.createdAt === undefined ? {} : { createdAt: account.createdAt }),
    ...(account.followedAt === undefined ? {} : { followedAt: account.followedAt }),
    ...(account.handle === undefined ? {} : { handle: account.handle }),
    ...(account.hasDefaultAvatar === undefined ? {} : { hasDefaultAvatar: account.hasDefaultAvatar }),
  }));
  if (order.order === 'newest-first') followers.reverse();
  const notes = [...reader.notes];
  if (seen.duplicates > 0)
    notes.push(
      `${countOf(seen.duplicates, 'follower')} listed more than once (same platform and id) counted once, at ${nounFor(seen.duplicates, 'its', 'their')} first place; positions count each follower once`,
    );
  if (order.from === 'default')
    notes.push(
      'the follow order was taken as newest first (as the platforms list followers); say --order if not',
    );
  if (meta !== undefined && !meta.complete)
    notes.push(
      'the fetch stopped early: the list holds the newest followers only, so the rebuilt curve starts late',
    );
  return { followers, order, platform, model, rejected, notes, meta };
}

/** A 0-based oldest-first position as a 1-based position in the input's own order. */
export function inputPosition(position: number, input: GrowthInput): number {
  const n = input.followers ?? 0;
  return input.order?.order === 'newest-first' ? n - position : position + 1;
}

/** The JSON `growth --format json` prints (and the API returns): positions 1-based in the input's order. */
export function growthJson(input: GrowthInput): Record<string, unknown> {
  const { analysis } = input;
  const span = (from: number, to: number) => {
    const a = inputPosition(from, input);
    const b = inputPosition(to, input);
    return { start: Math.min(a, b), end: Math.max(a, b) };
  };
  return {
    kind: input.kind,
    ...(input.order === undefined ? {} : { order: input.order.order, orderFrom: input.order.from }),
    ...(input.followers === undefined ? {} : { followers: input.followers }),
    ...(input.model === undefined ? {} : { model: input.model }),
    seriesOrigin: analysis.series.origin,
    seriesNote: analysis.series.note,
    series: analysis.series.days,
    events: analysis.events.map(({ arrivals, ...event }) => ({
      ...event,
      ...(arrivals === undefined ? {} : { arrivals: span(arrivals.from, arrivals.to) }),
    })),
    ...(analysis.batches === undefined
      ? {}
      : {
          batches: analysis.batches.map(({ from, to, ...batch }) => ({ ...span(from, to), ...batch })),
        }),
    ...(analysis.followTimes === undefined ? {} : { followTimes: analysis.followTimes }),
    rejected: input.rejected.length,
    notes: input.notes,
  };
}
