// The trees of a model padded to complete heaps, and the walk that scores eight rows through each tree in lockstep.
import type { GbdtModel } from './model.ts';
import { type Tree, treeDepth } from './tree.ts';

/**
 * Each tree is padded to the complete heap of its own depth: node i's children are 2i + 1 and 2i + 2, so a walk
 * reads no child pointers, and every walk takes exactly the tree's depth in steps. A leaf above the last level
 * becomes a chain of splits that always go left (they read the row's last slot, -Infinity) down to its leftmost
 * descendant, which holds its value.
 *
 * Every row is first "widened" to 2 x nFeatures + 1 slots: its values with NaN replaced by +Infinity, then by
 * -Infinity, then one -Infinity. A split reads the first copy when missing values go right (+Infinity is above any
 * finite threshold) and the second when they go left, so the walk needs no missing-value test.
 */
export interface TreeHeaps {
  nFeatures: number;
  baseScore: number;
  /** Per heap node (each tree's 2^depth − 1 from roots[tree]): the widened-row slot it reads, and its threshold. */
  slot: Int32Array;
  threshold: Float64Array;
  /** Per tree, 2^depth leaf values; a walk ending at heap index i reads leaves[leafBase[tree] + i]. */
  leaves: Float64Array;
  roots: Int32Array;
  leafBase: Int32Array;
  depths: Int32Array;
  /** Room for the widened rows of one lockstep group. */
  widened: Float64Array;
}

/** Rows that walk each tree together: their loads overlap, hiding each other's memory latency. */
export const LOCKSTEP_ROWS = 8;
/** Deeper trees keep the pointer walk: a complete heap doubles with every level. */
export const MAX_HEAP_DEPTH = 10;
/** Heap nodes over all trees above which the heaps are not built (20 bytes each: slot, threshold, leaf). */
const MAX_HEAP_NODES = 1 << 20;

/** A lone leaf counts as depth 1 (a root that always goes left), so every walk starts with a split at the root. */
const depthOf = (tree: Tree): number => Math.max(1, treeDepth(tree));

/** The heaps of a model, or undefined when its trees are too deep to pad. */
export function buildTreeHeaps(model: GbdtModel): TreeHeaps | undefined {
  const { nFeatures, trees } = model;
  const depths = Int32Array.from(trees, depthOf);
  const roots = new Int32Array(trees.length);
  const leafBase = new Int32Array(trees.length);
  let nodeCount = 0;
  let leafCount = 0;
  for (let tree = 0; tree < trees.length; tree++) {
    const depth = depths[tree] as number;
    if (depth > MAX_HEAP_DEPTH) return undefined;
    roots[tree] = nodeCount;
    leafBase[tree] = leafCount - (2 ** depth - 1);
    nodeCount += 2 ** depth - 1;
    leafCount += 2 ** depth;
  }
  if (nodeCount > MAX_HEAP_NODES) return undefined;
  const heaps: TreeHeaps = {
    nFeatures,
    baseScore: model.baseScore,
    slot: new Int32Array(nodeCount),
    threshold: new Float64Array(nodeCount),
    leaves: new Float64Array(leafCount),
    roots,
    leafBase,
    depths,
    widened: new Float64Array(LOCKSTEP_ROWS * (2 * nFeatures + 1)),
  };
  trees.forEach((tree, index) => {
    const depth = depths[index] as number;
    const root = roots[index] as number;
    const base = leafBase[index] as number;
    const place = (source: number, position: number, level: number): void => {
      const feature = tree.feature[source] as number;
      if (level === depth) {
        heaps.leaves[base + position] = tree.value[source] as number;
      } else if (feature < 0) {
        heaps.slot[root + position] = 2 * nFeatures;
        place(source, 2 * position + 1, level + 1);
      } else {
        heaps.slot[root + position] = tree.missingLeft[source] === 1 ? nFeatures + feature : feature;
        heaps.threshold[root + position] = tree.threshold[source] as number;
        place(tree.left[source] as number, 2 * position + 1, level + 1);
        place(tree.right[source] as number, 2 * position + 2, level + 1);
      }
    };
    place(0, 0, 0);
  });
  return heaps;
}

/** Writes the widened row at `matrix[offset ..]` into `widened[at .. at + 2 x nFeatures + 1)`. */
export function widenRow(
  matrix: Float64Array,
  offset: number,
  nFeatures: number,
  widened: Float64Array,
  at: number,
): void {
  for (let feature = 0; feature < nFeatures; feature++) {
    const value = matrix[offset + feature] as number;
    const present = !Number.isNaN(value);
    widened[at + feature] = present ? value : Number.POSITIVE_INFINITY;
    widened[at + nFeatures + feature] = present ? value : Number.NEGATIVE_INFINITY;
  }
  widened[at + 2 * nFeatures] = Number.NEGATIVE_INFINITY;
}

/** The margin of the row at `matrix[offset ..]`. */
export function heapMargin(heaps: TreeHeaps, matrix: Float64Array, offset: number): number {
  const { nFeatures, slot, threshold, leaves, roots, leafBase, depths, widened } = heaps;
  widenRow(matrix, offset, nFeatures, widened, 0);
  let margin = heaps.baseScore;
  for (let tree = 0; tree < roots.length; tree++) {
    const root = roots[tree] as number;
    let node = 0;
    for (let level = depths[tree] as number; level > 0; level--) {
      const at = root + node;
      node = 2 * node + 1 + +((widened[slot[at] as number] as number) > (threshold[at] as number));
    }
    margin += leaves[(leafBase[tree] as number) + node] as number;
  }
  return margin;
}

/**
 * The margins of the rows of a row-major matrix into `out`, LOCKSTEP_ROWS rows at a time (written out by hand:
 * eight independent walks keep the core busy while each waits on its loads; four were 20 % slower).
 */
export function heapMargins(heaps: TreeHeaps, matrix: Float64Array, out: Float64Array): void {
  const { nFeatures, slot, threshold, leaves, roots, leafBase, depths, widened } = heaps;
  const w = 2 * nFeatures + 1;
  let row = 0;
  for (; row + LOCKSTEP_ROWS <= out.length; row += LOCKSTEP_ROWS) {
    for (let k = 0; k < LOCKSTEP_ROWS; k++)
      widenRow(matrix, (row + k) * nFeatures, nFeatures, widened, k * w);
    let m0 = heaps.baseScore;
    let m1 = m0;
    let m2 = m0;
    let m3 = m0;
    let m4 = m0;
    let m5 = m0;
    let m6 = m0;
    let m7 = m0;
    for (let tree = 0; tree < roots.length; tree++) {
      const root = roots[tree] as number;
      // The root is every row's first split: its slot and threshold are read once for all eight.
      const rootSlot = slot[root] as number;
      const rootThreshold = threshold[root] as number;
      let n0 = 1 + +((widened[rootSlot] as number) > rootThreshold);
      let n1 = 1 + +((widened[w + rootSlot] as number) > rootThreshold);
      let n2 = 1 + +((widened[2 * w + rootSlot] as number) > rootThreshold);
      let n3 = 1 + +((widened[3 * w + rootSlot] as number) > rootThreshold);
      let n4 = 1 + +((widened[4 * w + rootSlot] as number) > rootThreshold);
      let n5 = 1 + +((widened[5 * w + rootSlot] as number) > rootThreshold);
      let n6 = 1 + +((widened[6 * w + rootSlot] as number) > rootThreshold);
      let n7 = 1 + +((widened[7 * w + rootSlot] as number) > rootThreshold);
      for (let level = (depths[tree] as number) - 1; level > 0; level--) {
        const a0 = root + n0;
        const a1 = root + n1;
        const a2 = root + n2;
        const a3 = root + n3;
        const a4 = root + n4;
        const a5 = root + n5;
        const a6 = root + n6;
        const a7 = root + n7;
        n0 = 2 * n0 + 1 + +((widened[slot[a0] as number] as number) > (threshold[a0] as number));
        n1 = 2 * n1 + 1 + +((widened[w + (slot[a1] as number)] as number) > (threshold[a1] as number));
        n2 = 2 * n2 + 1 + +((widened[2 * w + (slot[a2] as number)] as number) > (threshold[a2] as number));
        n3 = 2 * n3 + 1 + +((widened[3 * w + (slot[a3] as number)] as number) > (threshold[a3] as number));
        n4 = 2 * n4 + 1 + +((widened[4 * w + (slot[a4] as number)] as number) > (threshold[a4] as number));
        n5 = 2 * n5 + 1 + +((widened[5 * w + (slot[a5] as number)] as number) > (threshold[a5] as number));
        n6 = 2 * n6 + 1 + +((widened[6 * w + (slot[a6] as number)] as number) > (threshold[a6] as number));
        n7 = 2 * n7 + 1 + +((widened[7 * w + (slot[a7] as number)] as number) > (threshold[a7] as number));
      }
      const base = leafBase[tree] as number;
      m0 += leaves[base + n0] as number;
      m1 += leaves[base + n1] as number;
      m2 += leaves[base + n2] as number;
      m3 += leaves[base + n3] as number;
      m4 += leaves[base + n4] as number;
      m5 += leaves[base + n5] as number;
      m6 += leaves[base + n6] as number;
      m7 += leaves[base + n7] as number;
    }
    out[row] = m0;
    out[row + 1] = m1;
    out[row + 2] = m2;
    out[row + 3] = m3;
    out[row + 4] = m4;
    out[row + 5] = m5;
    out[row + 6] = m6;
    out[row + 7] = m7;
  }
  for (; row < out.length; row++) out[row] = heapMargin(heaps, matrix, row * nFeatures);
}
