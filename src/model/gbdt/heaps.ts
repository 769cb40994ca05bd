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
  /**
   * Every double a walk reads, in one array so that the walk keeps a single base and length in registers for them
   * (the eight-row walk ran out of registers with three): first the widened rows of one lockstep group
   * (widenInterleaved), then each tree's 2^depth − 1 heap node thresholds from roots[tree], then all leaves (a walk
   * of a tree ending at heap index i reads values[leafBase[tree] + i]).
   */
  values: Float64Array;
  /** Per heap node, at its threshold's index in `values`: the widened slot it reads, times LOCKSTEP_ROWS. */
  slot: Int32Array;
  roots: Int32Array;
  leafBase: Int32Array;
  depths: Int32Array;
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
  const widenedSize = LOCKSTEP_ROWS * (2 * nFeatures + 1);
  let nodeCount = 0;
  let leafCount = 0;
  for (let tree = 0; tree < trees.length; tree++) {
    const depth = depths[tree] as number;
    if (depth > MAX_HEAP_DEPTH) return undefined;
    roots[tree] = widenedSize + nodeCount;
    leafBase[tree] = leafCount - (2 ** depth - 1);
    nodeCount += 2 ** depth - 1;
    leafCount += 2 ** depth;
  }
  if (nodeCount > MAX_HEAP_NODES) return undefined;
  const leavesAt = widenedSize + nodeCount;
  for (let tree = 0; tree < trees.length; tree++) leafBase[tree] = leavesAt + (leafBase[tree] as number);
  const heaps: TreeHeaps = {
    nFeatures,
    baseScore: model.baseScore,
    values: new Float64Array(leavesAt + leafCount),
    slot: new Int32Array(leavesAt),
    roots,
    leafBase,
    depths,
  };
  trees.forEach((tree, index) => {
    const depth = depths[index] as number;
    const root = roots[index] as number;
    const base = leafBase[index] as number;
    const place = (source: number, position: number, level: number): void => {
      const feature = tree.feature[source] as number;
      if (level === depth) {
        heaps.values[base + position] = tree.value[source] as number;
      } else if (feature < 0) {
        heaps.slot[root + position] = 2 * nFeatures * LOCKSTEP_ROWS;
        place(source, 2 * position + 1, level + 1);
      } else {
        heaps.slot[root + position] =
          (tree.missingLeft[source] === 1 ? nFeatures + feature : feature) * LOCKSTEP_ROWS;
        heaps.values[root + position] = tree.threshold[source] as number;
        place(tree.left[source] as number, 2 * position + 1, level + 1);
        place(tree.right[source] as number, 2 * position + 2, level + 1);
      }
    };
    place(0, 0, 0);
  });
  return heaps;
}

/**
 * Writes the widened row at `matrix[offset ..]` as row k of a lockstep group, slot-major: slot j of row k at
 * `widened[j x LOCKSTEP_ROWS + k]`, so row k of a split reads its (premultiplied) slot plus k — a constant offset.
 */
export function widenInterleaved(
  matrix: Float64Array,
  offset: number,
  nFeatures: number,
  widened: Float64Array,
  k: number,
): void {
  const missingLeft = nFeatures * LOCKSTEP_ROWS;
  for (let feature = 0; feature < nFeatures; feature++) {
    const value = matrix[offset + feature] as number;
    const present = !Number.isNaN(value);
    const at = feature * LOCKSTEP_ROWS + k;
    widened[at] = present ? value : Number.POSITIVE_INFINITY;
    widened[missingLeft + at] = present ? value : Number.NEGATIVE_INFINITY;
  }
  widened[2 * missingLeft + k] = Number.NEGATIVE_INFINITY;
}

/** Writes the widened row at `matrix[offset ..]` into `widened[at .. at + 2 x nFeatures + 1)` (the pointer walk's). */
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

/** The margin of the row at `matrix[offset ..]` (widened into the group's first row). */
export function heapMargin(heaps: TreeHeaps, matrix: Float64Array, offset: number): number {
  const { nFeatures, slot, values, roots, leafBase, depths } = heaps;
  widenInterleaved(matrix, offset, nFeatures, values, 0);
  let margin = heaps.baseScore;
  for (let tree = 0; tree < roots.length; tree++) {
    const root = roots[tree] as number;
    let node = 0;
    for (let level = depths[tree] as number; level > 0; level--) {
      const at = (root + node) | 0;
      node = (2 * node + 1 + +((values[slot[at] as number] as number) > (values[at] as number))) | 0;
    }
    margin += values[(leafBase[tree] as number) + node] as number;
  }
  return margin;
}

/**
 * The margins of the rows of a row-major matrix into `out`, LOCKSTEP_ROWS rows at a time (written out by hand:
 * eight independent walks keep the core busy while each waits on its loads; four were 20 % slower). Row k's slot
 * is the split's slot plus the constant k (widenInterleaved), and the `| 0`s let V8 add without overflow checks;
 * with the single `values` array these cut x-spam-bot's and general's instructions a row by a quarter (callgrind).
 */
export function heapMargins(heaps: TreeHeaps, matrix: Float64Array, out: Float64Array): void {
  const { nFeatures, slot, values, roots, leafBase, depths } = heaps;
  let row = 0;
  for (; row + LOCKSTEP_ROWS <= out.length; row += LOCKSTEP_ROWS) {
    for (let k = 0; k < LOCKSTEP_ROWS; k++)
      widenInterleaved(matrix, (row + k) * nFeatures, nFeatures, values, k);
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
      const rootThreshold = values[root] as number;
      let n0 = 1 + +((values[rootSlot] as number) > rootThreshold);
      let n1 = 1 + +((values[(rootSlot + 1) | 0] as number) > rootThreshold);
      let n2 = 1 + +((values[(rootSlot + 2) | 0] as number) > rootThreshold);
      let n3 = 1 + +((values[(rootSlot + 3) | 0] as number) > rootThreshold);
      let n4 = 1 + +((values[(rootSlot + 4) | 0] as number) > rootThreshold);
      let n5 = 1 + +((values[(rootSlot + 5) | 0] as number) > rootThreshold);
      let n6 = 1 + +((values[(rootSlot + 6) | 0] as number) > rootThreshold);
      let n7 = 1 + +((values[(rootSlot + 7) | 0] as number) > rootThreshold);
      const depth = depths[tree] as number;
      if (depth === 3) {
        // A common shallow shape (x-spam-bot's 500 trees): both levels written out, so no loop moves the eight
        // nodes between registers and the stack (8 % fewer instructions a row than with the loop).
        {
          const a0 = (root + n0) | 0;
          const a1 = (root + n1) | 0;
          const a2 = (root + n2) | 0;
          const a3 = (root + n3) | 0;
          const a4 = (root + n4) | 0;
          const a5 = (root + n5) | 0;
          const a6 = (root + n6) | 0;
          const a7 = (root + n7) | 0;
          n0 = (2 * n0 + 1 + +((values[slot[a0] as number] as number) > (values[a0] as number))) | 0;
          n1 =
            (2 * n1 + 1 + +((values[((slot[a1] as number) + 1) | 0] as number) > (values[a1] as number))) | 0;
          n2 =
            (2 * n2 + 1 + +((values[((slot[a2] as number) + 2) | 0] as number) > (values[a2] as number))) | 0;
          n3 =
            (2 * n3 + 1 + +((values[((slot[a3] as number) + 3) | 0] as number) > (values[a3] as number))) | 0;
          n4 =
            (2 * n4 + 1 + +((values[((slot[a4] as number) + 4) | 0] as number) > (values[a4] as number))) | 0;
          n5 =
            (2 * n5 + 1 + +((values[((slot[a5] as number) + 5) | 0] as number) > (values[a5] as number))) | 0;
          n6 =
            (2 * n6 + 1 + +((values[((slot[a6] as number) + 6) | 0] as number) > (values[a6] as number))) | 0;
          n7 =
            (2 * n7 + 1 + +((values[((slot[a7] as number) + 7) | 0] as number) > (values[a7] as number))) | 0;
        }
        {
          const a0 = (root + n0) | 0;
          const a1 = (root + n1) | 0;
          const a2 = (root + n2) | 0;
          const a3 = (root + n3) | 0;
          const a4 = (root + n4) | 0;
          const a5 = (root + n5) | 0;
          const a6 = (root + n6) | 0;
          const a7 = (root + n7) | 0;
          n0 = (2 * n0 + 1 + +((values[slot[a0] as number] as number) > (values[a0] as number))) | 0;
          n1 =
            (2 * n1 + 1 + +((values[((slot[a1] as number) + 1) | 0] as number) > (values[a1] as number))) | 0;
          n2 =
            (2 * n2 + 1 + +((values[((slot[a2] as number) + 2) | 0] as number) > (values[a2] as number))) | 0;
          n3 =
            (2 * n3 + 1 + +((values[((slot[a3] as number) + 3) | 0] as number) > (values[a3] as number))) | 0;
          n4 =
            (2 * n4 + 1 + +((values[((slot[a4] as number) + 4) | 0] as number) > (values[a4] as number))) | 0;
          n5 =
            (2 * n5 + 1 + +((values[((slot[a5] as number) + 5) | 0] as number) > (values[a5] as number))) | 0;
          n6 =
            (2 * n6 + 1 + +((values[((slot[a6] as number) + 6) | 0] as number) > (values[a6] as number))) | 0;
          n7 =
            (2 * n7 + 1 + +((values[((slot[a7] as number) + 7) | 0] as number) > (values[a7] as number))) | 0;
        }
      } else {
        for (let level = depth - 1; level > 0; level--) {
          const a0 = (root + n0) | 0;
          const a1 = (root + n1) | 0;
          const a2 = (root + n2) | 0;
          const a3 = (root + n3) | 0;
          const a4 = (root + n4) | 0;
          const a5 = (root + n5) | 0;
          const a6 = (root + n6) | 0;
          const a7 = (root + n7) | 0;
          n0 = (2 * n0 + 1 + +((values[slot[a0] as number] as number) > (values[a0] as number))) | 0;
          n1 =
            (2 * n1 + 1 + +((values[((slot[a1] as number) + 1) | 0] as number) > (values[a1] as number))) | 0;
          n2 =
            (2 * n2 + 1 + +((values[((slot[a2] as number) + 2) | 0] as number) > (values[a2] as number))) | 0;
          n3 =
            (2 * n3 + 1 + +((values[((slot[a3] as number) + 3) | 0] as number) > (values[a3] as number))) | 0;
          n4 =
            (2 * n4 + 1 + +((values[((slot[a4] as number) + 4) | 0] as number) > (values[a4] as number))) | 0;
          n5 =
            (2 * n5 + 1 + +((values[((slot[a5] as number) + 5) | 0] as number) > (values[a5] as number))) | 0;
          n6 =
            (2 * n6 + 1 + +((values[((slot[a6] as number) + 6) | 0] as number) > (values[a6] as number))) | 0;
          n7 =
            (2 * n7 + 1 + +((values[((slot[a7] as number) + 7) | 0] as number) > (values[a7] as number))) | 0;
        }
      }
      const base = leafBase[tree] as number;
      m0 += values[(base + n0) | 0] as number;
      m1 += values[(base + n1) | 0] as number;
      m2 += values[(base + n2) | 0] as number;
      m3 += values[(base + n3) | 0] as number;
      m4 += values[(base + n4) | 0] as number;
      m5 += values[(base + n5) | 0] as number;
      m6 += values[(base + n6) | 0] as number;
      m7 += values[(base + n7) | 0] as number;
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
