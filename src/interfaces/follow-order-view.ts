// A saved audit's followers in follow order as the "follower factory" picture shows them (follow order × creation date), with the bought batches found in them.
import type { FollowerResult } from '../audit/report-schema.ts';
import { type FollowerBatch, findBoughtBatches } from '../growth/follower-batches.ts';
import type { FollowOrderRow, Store, StoredAudit } from '../store/store.ts';

export interface FollowOrderPoint {
  /** 1-based place in follow order, oldest follower first. */
  order: number;
  /** Creation time, ms since 1970. */
  createdAt: number;
  pFake: number;
  inBatch: boolean;
}

export interface FollowOrderView {
  /** The picture's points, at most `maxPoints` (every k-th follower when there are more). */
  points: FollowOrderPoint[];
  /** Batches with 1-based positions in the list's own (saved) order, inclusive. */
  batches: (Omit<FollowerBatch, 'from' | 'to'> & { start: number; end: number })[];
  followers: number;
  /** Followers without a creation date: left out of the picture and of batch finding. */
  undated: number;
  /** Every k-th follower is drawn. */
  step: number;
  newestFirst: boolean;
  /** True when the order was read from the creation dates, not told by the audit. */
  orderInferred: boolean;
}

export const MAX_PICTURE_POINTS = 20_000;

/**
 * `rows` in the list's saved order; `knownNewestFirst` when the order is known (undefined: read from the creation
 * dates). Followers without a creation date are left out of both the picture and the batches (their positions still
 * count).
 */
export function followOrderView(
  rows: readonly FollowOrderRow[],
  knownNewestFirst: boolean | undefined,
  maxPoints = MAX_PICTURE_POINTS,
): FollowOrderView | undefined {
  const newestFirst = knownNewestFirst ?? newerAccountsFirst(rows);
  const oldestFirst = newestFirst ? [...rows].reverse() : [...rows];
  const dated = oldestFirst.flatMap((row, i) =>
    row.createdAt === null ? [] : [{ order: i + 1, createdAt: Date.parse(row.createdAt), row }],
  );
  if (dated.length < 2) return undefined;
  const found = findBoughtBatches(
    dated.map((d) => ({
      pFake: d.row.pFake,
      createdAt: new Date(d.createdAt),
      ...(d.row.handle === null ? {} : { handle: d.row.handle }),
    })),
  );
  const inBatch = new Uint8Array(dated.length);
  for (const batch of found) inBatch.fill(1, batch.from, batch.to + 1);
  const n = rows.length;
  const savedPosition = (order: number) => (newestFirst ? n - order + 1 : order);
  const step = Math.max(1, Math.ceil(dated.length / maxPoints));
  const points: FollowOrderPoint[] = [];
  for (let i = 0; i < dated.length; i += step) {
    const d = dated[i] as (typeof dated)[number];
    points.push({ order: d.order, createdAt: d.createdAt, pFake: d.row.pFake, inBatch: inBatch[i] === 1 });
  }
  return {
    points,
    batches: found.map(({ from, to, ...batch }) => {
      const a = savedPosition((dated[from] as (typeof dated)[number]).order);
      const b = savedPosition((dated[to] as (typeof dated)[number]).order);
      return { ...batch, start: Math.min(a, b), end: Math.max(a, b) };
    }),
    followers: n,
    undated: n - dated.length,
    step,
    newestFirst,
    orderInferred: knownNewestFirst === undefined,
  };
}

/**
 * Whether the list runs newest follower first, read from the data: a follower cannot follow before its account
 * exists, so later followers have newer accounts on average, and the half of the list with the newer accounts is
 * the later half.
 */
function newerAccountsFirst(rows: readonly FollowOrderRow[]): boolean {
  const half = Math.floor(rows.length / 2);
  const meanCreated = (part: readonly FollowOrderRow[]) => {
    const times = part.flatMap((row) => (row.createdAt === null ? [] : [Date.parse(row.createdAt)]));
    return times.length === 0 ? 0 : times.reduce((a, b) => a + b, 0) / times.length;
  };
  return meanCreated(rows.slice(0, half)) > meanCreated(rows.slice(half));
}

/** A follower's result as a row of the picture: `position` is its place in the list as read. */
export function followOrderRow(follower: FollowerResult, position: number): FollowOrderRow {
  return {
    position,
    id: follower.id,
    handle: follower.handle,
    type: follower.type,
    pFake: follower.pFake,
    createdAt: follower.createdAt ?? null,
  };
}

/** More followers than this are not read back for the picture: batches are sought in the first million. */
const MAX_FOLLOWERS_READ = 1_000_000;

/**
 * The picture of a saved audit. Its list is newest first when the audit says it described recent intake (the
 * platforms' order, as `fetch` writes it); otherwise the direction is read from the creation dates.
 */
export async function loadFollowOrderView(
  store: Store,
  audit: StoredAudit,
): Promise<FollowOrderView | undefined> {
  const rows = await store.listFollowOrder(audit.id, MAX_FOLLOWERS_READ);
  return rows === undefined
    ? undefined
    : followOrderView(rows, audit.report.sample.recentIntake ? true : undefined);
}
