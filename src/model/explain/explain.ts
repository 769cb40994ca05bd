// Exact TreeSHAP (path-dependent): per-feature attributions of a row's margin — Fast TreeSHAP v2's tables when the trees are shallow enough, else Lundberg et al. 2018's Algorithm 2.

import type { GbdtModel } from '../gbdt/model.ts';
import { type Tree, treeDepth } from '../gbdt/tree.ts';
import { checkRowFits } from '../labelled-matrix.ts';
import { addShapValues, buildShapTables, type ShapTables } from './fast-tree-shap.ts';

/** baseValue + the sum of attributions equals the row's raw margin (log-odds). */
export interface MarginExplanation {
  /** The margin expected before any feature is known: the base score plus each tree's cover-weighted leaf mean. */
  baseValue: number;
  /** One SHAP value per feature, in margin units. */
  attributions: Float64Array;
}

/** The model's expected margin over its training rows (each tree weighs its leaves by their cover). */
export function expectedMargin(model: GbdtModel): number {
  let expected = model.baseScore;
  for (const tree of model.trees) expected += expectedTreeValue(tree, 0);
  return expected;
}

function expectedTreeValue(tree: Tree, node: number): number {
  const feature = tree.feature[node] as number;
  if (feature < 0) return tree.value[node] as number;
  const left = tree.left[node] as number;
  const right = tree.right[node] as number;
  const cover = tree.cover[node] as number;
  return (
    ((tree.cover[left] as number) * expectedTreeValue(tree, left) +
      (tree.cover[right] as number) * expectedTreeValue(tree, right)) /
    cover
  );
}

/**
 * Attributes the margin of the row at `row[offset .. offset + nFeatures)` to its features. A feature never split on
 * gets 0; a missing value follows the side the split learned for it.
 */
export function explainMargin(model: GbdtModel, row: Float64Array, offset = 0): MarginExplanation {
  checkRowFits(row, offset, model.nFeatures);
  const { baseValue, tables } = prepared(model);
  if (tables === undefined) return explainMarginByPaths(model, row, offset);
  const attributions = new Float64Array(model.nFeatures);
  addShapValues(tables, row, offset, attributions);
  return { baseValue, attributions };
}

/** The same attributions by Algorithm 2 (recursion over each tree with the unique path): for any tree depth. */
export function explainMarginByPaths(model: GbdtModel, row: Float64Array, offset = 0): MarginExplanation {
  checkRowFits(row, offset, model.nFeatures);
  const { baseValue, path } = prepared(model);
  const attributions = new Float64Array(model.nFeatures);
  for (const tree of model.trees) {
    const walk: TreeWalk = { tree, row, offset, attributions, path };
    recurse(walk, 0, 0, 0, 1, 1, -1);
  }
  return { baseValue, attributions };
}

/**
 * What every explanation of a model shares: its base value, a path buffer deep enough for its trees, and Fast
 * TreeSHAP v2's tables unless the trees are too deep for them.
 */
interface PreparedModel {
  baseValue: number;
  path: PathBuffer;
  tables: ShapTables | undefined;
}

const preparedModels = new WeakMap<GbdtModel, PreparedModel>();

/** Prepared once per model object on first use; a model is never mutated after training or loading. */
function prepared(model: GbdtModel): PreparedModel {
  let found = preparedModels.get(model);
  if (found === undefined) {
    const deepest = model.trees.reduce((most, tree) => Math.max(most, treeDepth(tree)), 0);
    found = {
      baseValue: expectedMargin(model),
      path: new PathBuffer(((deepest + 2) * (deepest + 3)) / 2),
      tables: buildShapTables(model),
    };
    preparedModels.set(model, found);
  }
  return found;
}

/**
 * The unique path of Algorithm 2, one slot per feature split on so far: its index, the share of cover that flows
 * through when the feature is unknown ("zero fraction"), whether the row itself flows through ("one fraction",
 * 0 or 1), and the permutation weights. Each recursion level works on its own copy, stacked in one buffer.
 */
class PathBuffer {
  readonly feature: Int32Array;
  readonly zeroFraction: Float64Array;
  readonly oneFraction: Float64Array;
  readonly weight: Float64Array;
  constructor(size: number) {
    this.feature = new Int32Array(size);
    this.zeroFraction = new Float64Array(size);
    this.oneFraction = new Float64Array(size);
    this.weight = new Float64Array(size);
  }
  /** Element by element: paths are a few slots long, too short for copyWithin's call to pay off. */
  copy(from: number, to: number, length: number): void {
    for (let i = 0; i < length; i++) {
      this.feature[to + i] = this.feature[from + i] as number;
      this.zeroFraction[to + i] = this.zeroFraction[from + i] as number;
      this.oneFraction[to + i] = this.oneFraction[from + i] as number;
      this.weight[to + i] = this.weight[from + i] as number;
    }
  }
}

interface TreeWalk {
  tree: Tree;
  row: Float64Array;
  offset: number;
  attributions: Float64Array;
  path: PathBuffer;
}

/**
 * Visits `node` with the path of its parent starting at `parentStart` (holding `depth` slots, the first a dummy),
 * extended by the parent's split.
 */
function recurse(
  walk: TreeWalk,
  node: number,
  parentStart: number,
  depth: number,
  zeroFraction: number,
  oneFraction: number,
  featureIndex: number,
): void {
  const { tree, path } = walk;
  const start = parentStart + depth + 1;
  path.copy(parentStart, start, depth);
  extendPath(path, start, depth, zeroFraction, oneFraction, featureIndex);

  const feature = tree.feature[node] as number;
  if (feature < 0) {
    const leafValue = tree.value[node] as number;
    for (let i = 1; i <= depth; i++) {
      const contribution = unwoundPathSum(path, start, depth, i);
      const slot = start + i;
      const pathFeature = path.feature[slot] as number;
      walk.attributions[pathFeature] =
        (walk.attributions[pathFeature] as number) +
        contribution * ((path.oneFraction[slot] as number) - (path.zeroFraction[slot] as number)) * leafValue;
    }
    return;
  }

  const value = walk.row[walk.offset + feature] as number;
  const goesLeft = !Number.isNaN(value)
    ? value <= (tree.threshold[node] as number)
    : tree.missingLeft[node] === 1;
  const hot = goesLeft ? (tree.left[node] as number) : (tree.right[node] as number);
  const cold = goesLeft ? (tree.right[node] as number) : (tree.left[node] as number);
  const cover = tree.cover[node] as number;

  let incomingZero = 1;
  let incomingOne = 1;
  let pathDepth = depth;
  let earlier = 1;
  while (earlier <= depth && path.feature[start + earlier] !== feature) earlier++;
  if (earlier <= depth) {
    incomingZero = path.zeroFraction[start + earlier] as number;
    incomingOne = path.oneFraction[start + earlier] as number;
    unwindPath(path, start, pathDepth, earlier);
    pathDepth--;
  }
  recurse(
    walk,
    hot,
    start,
    pathDepth + 1,
    ((tree.cover[hot] as number) / cover) * incomingZero,
    incomingOne,
    feature,
  );
  recurse(
    walk,
    cold,
    start,
    pathDepth + 1,
    ((tree.cover[cold] as number) / cover) * incomingZero,
    0,
    feature,
  );
}

/** Adds a feature to the path (slots start..start+depth), updating the permutation weights. */
function extendPath(
  path: PathBuffer,
  start: number,
  depth: number,
  zeroFraction: number,
  oneFraction: number,
  featureIndex: number,
): void {
  const { weight } = path;
  path.feature[start + depth] = featureIndex;
  path.zeroFraction[start + depth] = zeroFraction;
  path.oneFraction[start + depth] = oneFraction;
  weight[start + depth] = depth === 0 ? 1 : 0;
  for (let i = depth - 1; i >= 0; i--) {
    const slot = start + i;
    weight[slot + 1] =
      (weight[slot + 1] as number) + (oneFraction * (weight[slot] as number) * (i + 1)) / (depth + 1);
    weight[slot] = (zeroFraction * (weight[slot] as number) * (depth - i)) / (depth + 1);
  }
}

/** Removes slot `index` from the path (slots start..start+depth), undoing its effect on the weights. */
function unwindPath(path: PathBuffer, start: number, depth: number, index: number): void {
  const { weight } = path;
  const oneFraction = path.oneFraction[start + index] as number;
  const zeroFraction = path.zeroFraction[start + index] as number;
  let nextOnePortion = weight[start + depth] as number;
  for (let i = depth - 1; i >= 0; i--) {
    const slot = start + i;
    if (oneFraction !== 0) {
      const kept = weight[slot] as number;
      weight[slot] = (nextOnePortion * (depth + 1)) / ((i + 1) * oneFraction);
      nextOnePortion = kept - ((weight[slot] as number) * zeroFraction * (depth - i)) / (depth + 1);
    } else {
      weight[slot] = ((weight[slot] as number) * (depth + 1)) / (zeroFraction * (depth - i));
    }
  }
  for (let i = index; i < depth; i++) {
    path.feature[start + i] = path.feature[start + i + 1] as number;
    path.zeroFraction[start + i] = path.zeroFraction[start + i + 1] as number;
    path.oneFraction[start + i] = path.oneFraction[start + i + 1] as number;
  }
}

/** The total permutation weight of the path with slot `index` removed, without modifying the path. */
function unwoundPathSum(path: PathBuffer, start: number, depth: number, index: number): number {
  const { weight } = path;
  const oneFraction = path.oneFraction[start + index] as number;
  const zeroFraction = path.zeroFraction[start + index] as number;
  let nextOnePortion = weight[start + depth] as number;
  let total = 0;
  for (let i = depth - 1; i >= 0; i--) {
    const slot = start + i;
    if (oneFraction !== 0) {
      const share = (nextOnePortion * (depth + 1)) / ((i + 1) * oneFraction);
      total += share;
      nextOnePortion = (weight[slot] as number) - (share * zeroFraction * (depth - i)) / (depth + 1);
    } else {
      total += (weight[slot] as number) / zeroFraction / ((depth - i) / (depth + 1));
    }
  }
  return total;
}
