// Reads the peers' results file that bench/peers.py writes, and keeps only figures from the same rows, features and folds as ours.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { InputError } from '../../../core/errors.ts';

const peerMetricsSchema = z.object({
  accuracy: z.number(),
  precision: z.number(),
  recall: z.number(),
  f1: z.number(),
  mcc: z.number(),
  rocAuc: z.number().nullable(),
  prAuc: z.number().nullable(),
  ece: z.number(),
  balancedAccuracy: z.number(),
  flaggedShare: z.number(),
  meanProbability: z.number(),
});
export type PeerMetrics = z.infer<typeof peerMetricsSchema>;

const peerRowsSchema = z.object({
  rows: z.int(),
  positives: z.int(),
  /** Peer model name (e.g. `scikit-learn random forest`) -> its metrics. */
  models: z.record(z.string(), peerMetricsSchema),
});

export const peerResultsSchema = z.object({
  command: z.string(),
  versions: z.record(z.string(), z.string()),
  models: z.record(z.string(), z.string()),
  seed: z.int(),
  folds: z.int(),
  featureSetVersion: z.string(),
  crossValidation: z.record(z.string(), peerRowsSchema.extend({ features: z.array(z.string()) })),
  leaveOneCollectionOut: z.object({
    features: z.array(z.string()),
    heldOut: z.record(z.string(), peerRowsSchema),
  }),
  /** Per-kind leave-one-collection-out (kind-mixes.ts splits), trained like the named kind candidate. */
  kinds: z
    .record(
      z.string(),
      z.object({
        candidate: z.string(),
        features: z.array(z.string()),
        monotone: z.array(z.number()),
        heldOut: z.record(z.string(), peerRowsSchema),
      }),
    )
    .optional(),
});
export type PeerResults = z.infer<typeof peerResultsSchema>;

/** undefined when the file does not exist; throws an InputError when it exists but is not a peers' results file. */
export async function readPeerResults(path: string): Promise<PeerResults | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = peerResultsSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new InputError(`${path}: not a peers' results file: ${parsed.error.message}`);
  return parsed.data;
}

/** What our run used, for checking the peers ran on the same rows, features and folds. */
export interface PeerExpectation {
  seed: number;
  folds: number;
  featureSetVersion: string;
  crossValidation: Record<string, { rows: number; positives: number; features: readonly string[] }>;
  leaveOneCollectionOut: {
    features: readonly string[];
    heldOut: Record<string, { rows: number; positives: number }>;
  };
}

/** Why the peers' figures cannot stand beside ours, or undefined when they can. */
export function peerMismatch(peers: PeerResults, expected: PeerExpectation): string | undefined {
  if (peers.seed !== expected.seed || peers.folds !== expected.folds) {
    return `peers used seed ${peers.seed} and ${peers.folds} folds, this run seed ${expected.seed} and ${expected.folds} folds`;
  }
  if (peers.featureSetVersion !== expected.featureSetVersion) {
    return `peers used feature set version ${peers.featureSetVersion}, this run ${expected.featureSetVersion}`;
  }
  const sameFeatures = (left: readonly string[], right: readonly string[]) => left.join() === right.join();
  for (const [collection, ours] of Object.entries(expected.crossValidation)) {
    const theirs = peers.crossValidation[collection];
    if (theirs === undefined) return `peers have no cross-validation of ${collection}`;
    if (
      theirs.rows !== ours.rows ||
      theirs.positives !== ours.positives ||
      !sameFeatures(theirs.features, ours.features)
    )
      return `peers' ${collection} rows or features differ from this run's`;
  }
  if (!sameFeatures(peers.leaveOneCollectionOut.features, expected.leaveOneCollectionOut.features))
    return "peers' leave-one-collection-out features differ from this run's";
  for (const [collection, ours] of Object.entries(expected.leaveOneCollectionOut.heldOut)) {
    const theirs = peers.leaveOneCollectionOut.heldOut[collection];
    if (theirs === undefined || theirs.rows !== ours.rows || theirs.positives !== ours.positives)
      return `peers' leave-one-collection-out of ${collection} differs from this run's`;
  }
  return undefined;
}
