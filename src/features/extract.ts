// Account -> feature rows: one account into a Float64Array row, many into a row-major matrix, for any feature subset.
import type { Account } from '../core/account.ts';
import { accountAgeDays } from './account-age.ts';
import { FEATURE_SET_VERSION, FEATURES, type FeatureSpec } from './feature-list.ts';

/** An ordered subset of FEATURES and its extractors; a model's columns are its feature set's names in order. */
export interface FeatureSet {
  readonly version: string;
  readonly features: readonly FeatureSpec[];
  readonly names: readonly string[];
  /** Writes the account's row at `out[offset … offset + features.length)`; a new row when `out` is not given. */
  extract(account: Account, out?: Float64Array, offset?: number): Float64Array;
  /** One row per account, row-major. */
  extractMatrix(accounts: readonly Account[]): Float64Array;
}

type RowWriter = (account: Account, ageDays: number, out: Float64Array, offset: number) => void;

/** Features a row writer computes at most: few enough that V8 inlines all of them and what they call into it. */
const FEATURES_PER_WRITER = 5;
/** Writers a row has at least, when it has that many features: V8 inlines up to 4 targets of one call site. */
const MIN_WRITERS = 5;

/**
 * Writes the features from `first` on into a row, one call site for each, so V8 inlines each feature's function there
 * (a loop over the functions calls them all from one site, which goes through a generic call for every feature).
 */
function rowWriter(computes: readonly FeatureSpec['compute'][], first: number): RowWriter {
  const body = computes
    .map((_, i) => `out[offset + ${first + i}] = compute${i}(account, ageDays);`)
    .join('\n');
  const names = computes.map((_, i) => `compute${i}`);
  return new Function(...names, `return (account, ageDays, out, offset) => {\n${body}\n};`)(
    ...computes,
  ) as RowWriter;
}

/**
 * A row's writers, FEATURES_PER_WRITER features each or fewer. One writer for all 30 features made a heap number for 12 of
 * them a follower (the five log counts, the five rates a day, the two following-per-follower ratios): its inlining
 * budget ran out about halfway, and a value returned from a call not inlined is a heap number. The writers are called
 * from one site in a loop, which sees too many of them for V8 to inline any there, so each is optimised on its own,
 * with its few features inlined, and returns nothing.
 */
function rowWriters(computes: readonly FeatureSpec['compute'][]): RowWriter[] {
  const each = Math.max(1, Math.min(FEATURES_PER_WRITER, Math.floor(computes.length / MIN_WRITERS)));
  const writers: RowWriter[] = [];
  for (let first = 0; first < computes.length; first += each)
    writers.push(rowWriter(computes.slice(first, first + each), first));
  return writers;
}

function createFeatureSet(features: readonly FeatureSpec[]): FeatureSet {
  const computes = features.map((spec) => spec.compute);
  const width = computes.length;
  const writers = rowWriters(computes);
  const extract = (account: Account, out = new Float64Array(width), offset = 0): Float64Array => {
    if (offset < 0 || offset + width > out.length) {
      throw new RangeError(
        `a row of ${width} features at offset ${offset} does not fit in ${out.length} values`,
      );
    }
    const ageDays = accountAgeDays(account);
    for (let w = 0; w < writers.length; w++) (writers[w] as RowWriter)(account, ageDays, out, offset);
    return out;
  };
  return {
    version: FEATURE_SET_VERSION,
    features,
    names: features.map((spec) => spec.name),
    extract,
    extractMatrix(accounts) {
      const matrix = new Float64Array(accounts.length * width);
      for (let row = 0; row < accounts.length; row++) extract(accounts[row] as Account, matrix, row * width);
      return matrix;
    },
  };
}

const FEATURES_BY_NAME = new Map(FEATURES.map((spec) => [spec.name, spec]));

/** Every feature, in FEATURES order. */
export const ALL_FEATURES: FeatureSet = createFeatureSet(FEATURES);

/** The features with these names, in the order given (a model's column order). Throws on unknown or repeated names. */
export function selectFeatures(names: readonly string[]): FeatureSet {
  const seen = new Set<string>();
  const features = names.map((name) => {
    const spec = FEATURES_BY_NAME.get(name);
    if (spec === undefined) {
      throw new Error(
        `unknown feature "${name}" (feature set version ${FEATURE_SET_VERSION} has: ${[...FEATURES_BY_NAME.keys()].join(', ')})`,
      );
    }
    if (seen.has(name)) throw new Error(`feature "${name}" is listed twice`);
    seen.add(name);
    return spec;
  });
  return createFeatureSet(features);
}

/** The row of every feature for one account, written at `out[offset…]` (a new array when `out` is not given). */
export function extractFeatures(account: Account, out?: Float64Array, offset = 0): Float64Array {
  return ALL_FEATURES.extract(account, out, offset);
}

/** Every feature for every account, row-major: account r's feature c is at `r * FEATURES.length + c`. */
export function extractMatrix(accounts: readonly Account[]): Float64Array {
  return ALL_FEATURES.extractMatrix(accounts);
}
