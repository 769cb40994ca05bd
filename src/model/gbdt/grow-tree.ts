// Grows one regression tree on per-row gradients and hessians, splitting the best leaf first, from binned rows.
import { type FeatureBins, splitThreshold } from './bins.ts';
import { type BinnedRows, buildHistogram, histogramLayout, subtractHistogram } from './histogram.ts';
import { boundedWeight, findBestSplit, type SplitCandidate, type SplitConstraints } from './split.ts';
import type { Tree } from './tree.ts';

export interface TreeGrowthParams extends SplitConstraints {
  maxDepth: number;
  maxLeaves: number;
  learningRate: number;
  /** A sign per feature (+1 rising, -1 falling, 0 free); absent: no monotone constraints. */
  monotoneConstraints?: readonly number[] | undefined;
}

/** Grows a tree on the rows `rows[0..rowCount)` (reordered in place) using only `features`. */
export type GrowTree = (rows: Int32Array, rowCount: number, features: Int32Array) => Tree;

interface OpenLeaf {
  node: number;
  /** The leaf's rows are rows[start..end). */
  start: number;
  end: number;
  depth: number;
  gradient: number;
  hessian: number;
  /** Bounds on the leaf weights of this subtree, from the monotone splits above it (±Infinity without). */
  lower: number;
  upper: number;
  histogram: Float64Array | undefined;
  split: SplitCandidate | undefined;
}

/**
 * A grower bound to one binned training set; `binned.gradients` and `binned.hessians` are read at each call, so the
 * caller refreshes them in place between trees. Histogram buffers are pooled across trees.
 */
export function createTreeGrower(bins: FeatureBins, binned: BinnedRows, params: TreeGrowthParams): GrowTree {
  const layout = histogramLayout(bins);
  const { codes, nFeatures, gradients, hessians } = binned;
  const { maxDepth, maxLeaves, learningRate, lambda, minSamplesLeaf } = params;
  const pool: Float64Array[] = [];
  const takeHistogram = () => pool.pop() ?? new Float64Array(layout.length);
  const rightRows = new Int32Array(codes.length / nFeatures);
  const signs = monotoneSigns(params.monotoneConstraints, nFeatures);

  return (rows, rowCount, features) => {
    const nodes = new NodeArrays();
    const mayTrySplit = (leaf: OpenLeaf, leafCount: number) =>
      leaf.depth < maxDepth && leaf.end - leaf.start >= 2 * minSamplesLeaf && leafCount < maxLeaves;
    const findSplit = (leaf: OpenLeaf, histogram: Float64Array) => {
      const totals = { gradient: leaf.gradient, hessian: leaf.hessian, count: leaf.end - leaf.start };
      leaf.split = findBestSplit(
        histogram,
        layout,
        features,
        totals,
        params,
        signs === undefined ? undefined : { signs, lower: leaf.lower, upper: leaf.upper },
      );
      if (leaf.split === undefined) pool.push(histogram);
      else leaf.histogram = histogram;
    };

    let gradient = 0;
    let hessian = 0;
    for (let i = 0; i < rowCount; i++) {
      gradient += gradients[rows[i] as number] as number;
      hessian += hessians[rows[i] as number] as number;
    }
    const root: OpenLeaf = {
      node: nodes.addLeaf(rowCount),
      start: 0,
      end: rowCount,
      depth: 0,
      gradient,
      hessian,
      lower: Number.NEGATIVE_INFINITY,
      upper: Number.POSITIVE_INFINITY,
      histogram: undefined,
      split: undefined,
    };
    const leaves = [root];
    if (mayTrySplit(root, 1)) {
      const histogram = takeHistogram();
      buildHistogram(histogram, layout, features, binned, rows, 0, rowCount);
      findSplit(root, histogram);
    }

    while (leaves.length < maxLeaves) {
      const parentIndex = bestLeafToSplit(leaves);
      if (parentIndex < 0) break;
      const parent = leaves[parentIndex] as OpenLeaf;
      const split = parent.split as SplitCandidate;
      const missingCode = layout.valueBins[split.feature] as number;
      const middle = partitionRows(rows, rightRows, parent.start, parent.end, (row) => {
        const code = codes[row * nFeatures + split.feature] as number;
        return code === missingCode ? split.missingLeft : code <= split.bin;
      });
      const leftNode = nodes.addLeaf(middle - parent.start);
      nodes.addLeaf(parent.end - middle);
      nodes.makeSplit(
        parent.node,
        split.feature,
        splitThreshold(bins, split.feature, split.bin),
        split.missingLeft,
      );
      const left: OpenLeaf = {
        node: leftNode,
        start: parent.start,
        end: middle,
        depth: parent.depth + 1,
        gradient: split.leftGradient,
        hessian: split.leftHessian,
        lower: parent.lower,
        upper: parent.upper,
        histogram: undefined,
        split: undefined,
      };
      const right: OpenLeaf = {
        ...left,
        node: leftNode + 1,
        start: middle,
        end: parent.end,
        gradient: parent.gradient - split.leftGradient,
        hessian: parent.hessian - split.leftHessian,
      };
      const sign = signs?.[split.feature] ?? 0;
      if (sign !== 0) {
        // Every leaf under the lower side stays at or below the children's mean weight, every leaf under the other above.
        const middleWeight = (split.leftWeight + split.rightWeight) / 2;
        if (sign > 0) {
          left.upper = middleWeight;
          right.lower = middleWeight;
        } else {
          left.lower = middleWeight;
          right.upper = middleWeight;
        }
      }
      leaves[parentIndex] = left;
      leaves.push(right);

      const parentHistogram = parent.histogram as Float64Array;
      const leftTries = mayTrySplit(left, leaves.length);
      const rightTries = mayTrySplit(right, leaves.length);
      if (!leftTries && !rightTries) {
        pool.push(parentHistogram);
        continue;
      }
      const [smaller, larger] = middle - left.start <= right.end - middle ? [left, right] : [right, left];
      const smallerHistogram = takeHistogram();
      buildHistogram(smallerHistogram, layout, features, binned, rows, smaller.start, smaller.end);
      subtractHistogram(parentHistogram, smallerHistogram, layout, features);
      if (smaller === left ? leftTries : rightTries) findSplit(smaller, smallerHistogram);
      else pool.push(smallerHistogram);
      if (larger === left ? leftTries : rightTries) findSplit(larger, parentHistogram);
      else pool.push(parentHistogram);
    }

    for (const leaf of leaves) {
      if (leaf.histogram !== undefined) pool.push(leaf.histogram);
      if (signs !== undefined) {
        const weight = boundedWeight(leaf.gradient, leaf.hessian, lambda, leaf.lower, leaf.upper);
        nodes.setLeafValue(leaf.node, learningRate * weight);
        continue;
      }
      const denominator = leaf.hessian + lambda;
      nodes.setLeafValue(leaf.node, denominator > 0 ? (-learningRate * leaf.gradient) / denominator : 0);
    }
    return nodes.toTree();
  };
}

/** The constraints as one sign per feature, or undefined when none is constrained (the unconstrained path). */
function monotoneSigns(constraints: readonly number[] | undefined, nFeatures: number): Int8Array | undefined {
  if (constraints === undefined || constraints.every((sign) => sign === 0)) return undefined;
  if (constraints.length !== nFeatures)
    throw new RangeError(`monotoneConstraints has ${constraints.length} signs for ${nFeatures} features`);
  return Int8Array.from(constraints, (sign) => Math.sign(sign));
}

function bestLeafToSplit(leaves: OpenLeaf[]): number {
  let best = -1;
  let bestGain = 0;
  for (let i = 0; i < leaves.length; i++) {
    const gain = leaves[i]?.split?.gain ?? 0;
    if (gain > bestGain) {
      bestGain = gain;
      best = i;
    }
  }
  return best;
}

/** Stable partition of rows[start..end): rows where `goesLeft` first. Returns where the right rows begin. */
function partitionRows(
  rows: Int32Array,
  scratch: Int32Array,
  start: number,
  end: number,
  goesLeft: (row: number) => boolean,
): number {
  let nextLeft = start;
  let rightCount = 0;
  for (let i = start; i < end; i++) {
    const row = rows[i] as number;
    if (goesLeft(row)) rows[nextLeft++] = row;
    else scratch[rightCount++] = row;
  }
  rows.set(scratch.subarray(0, rightCount), nextLeft);
  return nextLeft;
}

/** Growable node arrays, turned into a Tree once grown. */
class NodeArrays {
  private readonly feature: number[] = [];
  private readonly threshold: number[] = [];
  private readonly missingLeft: number[] = [];
  private readonly left: number[] = [];
  private readonly right: number[] = [];
  private readonly value: number[] = [];
  private readonly cover: number[] = [];

  addLeaf(cover: number): number {
    this.feature.push(-1);
    this.threshold.push(0);
    this.missingLeft.push(0);
    this.left.push(-1);
    this.right.push(-1);
    this.value.push(0);
    this.cover.push(cover);
    return this.feature.length - 1;
  }

  /** Makes `node` a split whose children are the two nodes added just before. */
  makeSplit(node: number, feature: number, threshold: number, missingLeft: boolean): void {
    const leftChild = this.feature.length - 2;
    this.feature[node] = feature;
    this.threshold[node] = threshold;
    this.missingLeft[node] = missingLeft ? 1 : 0;
    this.left[node] = leftChild;
    this.right[node] = leftChild + 1;
  }

  setLeafValue(node: number, value: number): void {
    this.value[node] = value;
  }

  toTree(): Tree {
    return {
      feature: Int32Array.from(this.feature),
      threshold: Float64Array.from(this.threshold),
      missingLeft: Uint8Array.from(this.missingLeft),
      left: Int32Array.from(this.left),
      right: Int32Array.from(this.right),
      value: Float64Array.from(this.value),
      cover: Float64Array.from(this.cover),
    };
  }
}
