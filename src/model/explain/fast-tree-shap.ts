// Fast TreeSHAP v2 (Yang 2021): per-leaf tables, precomputed once per model, turn a row's exact path-dependent SHAP values into one lookup per leaf and path feature.
import type { GbdtModel } from '../gbdt/model.ts';

/**
 * For a leaf with value v whose path splits on the distinct features P (d of them; feature k with "zero fraction"
 * z_k, the share of training cover that follows the path's sides of k's splits), path-dependent TreeSHAP gives
 * feature i in P
 *
 *   v (o_i − z_i) Σ_{U ⊆ S∖{i}} |U|! (d−1−|U|)! / d! · Π_{k ∈ P∖{i}∖U} z_k
 *
 * where o_k is 1 when the row follows the path at every split on k, and S = {k : o_k = 1}. The sum depends on the
 * row only through S∖{i}, one of 2^(d−1) subsets (fillLeafTable). S itself depends on the row only through its
 * directions at the leaf's p ancestors: their pattern (bit j: the row goes left at the ancestor of depth j) is one of
 * 2^p, so the leaf's table holds, for every pattern, its d terms v (o_i − z_i) Σ… already multiplied out. A row
 * costs one comparison per split (the pattern of a node's children is its own plus its direction) and d additions
 * per leaf from d consecutive values — instead of Algorithm 2's O(p²) per leaf.
 *
 * Each tree's nodes are laid out in depth-first order, left subtree first, the leaf order of the per-leaf subset
 * tables this layout replaced, so every attribution adds the same terms in the same order: the same doubles.
 */
export interface ShapTables {
  nFeatures: number;
  /**
   * Every integer a row reads, in one array (so the walk keeps one base and length in registers, as the tree heaps
   * do): first PATTERN_SLOTS scratch slots, slot j the pattern of the current node of depth j (a root's, slot 0, is
   * empty), then one record per node, all trees, each tree depth first, its head depth × 4 + its kind:
   *   a split: [head, its slot in `doubles` (the widened row's feature, or nFeatures + feature when missing goes
   *     left), its threshold's index in `doubles`];
   *   a leaf: [head, its table's start in `doubles`, the table's stride, d, then per path feature the index in
   *     `doubles` of its attribution]. Pattern p's d terms are doubles[start + p × stride ..][0 .. d);
   *   two sibling leaves: one record, the left one's, with stride 2d: the right leaf's terms follow the left one's
   *     (doubles[start + p × stride + d ..]), so a row reads the pair's once and from neighbouring values.
   */
  ints: Int32Array;
  /**
   * Every double a row reads or writes: its widened values (NaN as +Infinity, then as −Infinity: 2 × nFeatures),
   * its attributions as they add up (nFeatures), the thresholds, then the leaves' tables.
   */
  doubles: Float64Array;
}

/** A record's kind, in the low two bits of its head (depth × 4 + kind). */
const SPLIT = 0;
const LEAF = 1;
const PAIR = 2;
/** Scratch slots for the patterns at the head of `ints`: one per depth, one more than the longest path. */
const PATTERN_SLOTS = 10;

/** Tables above this many values (8 bytes each) are not built: the model keeps Algorithm 2. */
export const MAX_TABLE_VALUES = 2_000_000;
/** Distinct features on one path above which a leaf's table of subsets (d · 2^(d−1) values) is too large. */
const MAX_PATH_FEATURES = 8;
/** Splits on one path above which a leaf's table of patterns (d · 2^p values) is too large. */
const MAX_PATH_LENGTH = PATTERN_SLOTS - 2;

interface LeafPath {
  nodes: number[];
  lefts: number[];
  features: number[];
}

/** One node of a tree in depth-first order (left subtree first), with its path from the root. */
interface OrderedNode {
  node: number;
  depth: number;
  path: LeafPath;
}

/** A tree's nodes in depth-first order, left subtree first: the order in which Algorithm 2 reaches the leaves. */
function depthFirstNodes(tree: GbdtModel['trees'][number]): OrderedNode[] {
  const ordered: OrderedNode[] = [];
  const stack: OrderedNode[] = [{ node: 0, depth: 0, path: { nodes: [], lefts: [], features: [] } }];
  while (stack.length > 0) {
    const visit = stack.pop() as OrderedNode;
    ordered.push(visit);
    const { node, depth, path } = visit;
    const feature = tree.feature[node] as number;
    if (feature < 0) continue;
    for (const left of [0, 1]) {
      stack.push({
        node: (left === 1 ? tree.left[node] : tree.right[node]) as number,
        depth: depth + 1,
        path: {
          nodes: [...path.nodes, node],
          lefts: [...path.lefts, left],
          features: [...path.features, feature],
        },
      });
    }
  }
  return ordered;
}

const factorials = Array.from({ length: MAX_PATH_FEATURES + 2 }, (_, n) => {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
});

/**
 * Whether the leaf at `position` of a tree's depth-first order is the left or the right one of two sibling leaves:
 * a left leaf's sibling is the next node, a right leaf's the one before when that is a leaf.
 */
function siblingLeaf(
  tree: GbdtModel['trees'][number],
  order: OrderedNode[],
  position: number,
): 'left' | 'right' | undefined {
  const { depth, path } = order[position] as OrderedNode;
  if (depth === 0) return undefined;
  const side = path.lefts[depth - 1] === 1 ? 'left' : 'right';
  const sibling = order[side === 'left' ? position + 1 : position - 1];
  return sibling?.depth === depth && (tree.feature[sibling.node] as number) < 0 ? side : undefined;
}

/** The tables of a model, or undefined when its trees are too deep for them (explain with Algorithm 2 then). */
export function buildShapTables(model: GbdtModel): ShapTables | undefined {
  const orders = model.trees.map(depthFirstNodes);
  const { nFeatures } = model;
  let splits = 0;
  let leafInts = 0;
  let values = 0;
  for (const [index, tree] of model.trees.entries()) {
    const order = orders[index] as OrderedNode[];
    for (const [position, { node, path }] of order.entries()) {
      if ((tree.feature[node] as number) >= 0) {
        splits++;
        continue;
      }
      if (path.nodes.length > MAX_PATH_LENGTH) return undefined;
      const d = new Set(path.features).size;
      if (d > MAX_PATH_FEATURES) return undefined;
      if (siblingLeaf(tree, order, position) !== 'right') leafInts += 4 + d;
      values += d * 2 ** path.nodes.length;
      if (values > MAX_TABLE_VALUES) return undefined;
    }
  }
  const ints = new Int32Array(PATTERN_SLOTS + 3 * splits + leafInts);
  const thresholdsAt = 3 * nFeatures;
  const doubles = new Float64Array(thresholdsAt + splits + values);
  let at = PATTERN_SLOTS;
  let threshold = thresholdsAt;
  let value = thresholdsAt + splits;
  const scratch = new TableScratch(MAX_PATH_FEATURES);
  const subsets = new Float64Array(MAX_PATH_FEATURES * 2 ** (MAX_PATH_FEATURES - 1));
  for (const [index, tree] of model.trees.entries()) {
    const order = orders[index] as OrderedNode[];
    order.forEach(({ node, depth, path }, position) => {
      const split = tree.feature[node] as number;
      if (split >= 0) {
        ints[at] = 4 * depth + SPLIT;
        ints[at + 1] = tree.missingLeft[node] === 1 ? nFeatures + split : split;
        ints[at + 2] = threshold;
        doubles[threshold++] = tree.threshold[node] as number;
        at += 3;
        return;
      }
      const unique = [...new Set(path.features)];
      const d = unique.length;
      const sibling = siblingLeaf(tree, order, position);
      if (sibling === 'right') {
        // The pair's record, written with the left leaf, covers it: its terms sit d after the left one's.
        const start = ints[at - (4 + d) + 1] as number;
        if (d > 0) fillLeafPatterns(doubles, start + d, 2 * d, tree, node, path, unique, subsets, scratch);
        return;
      }
      const stride = sibling === 'left' ? 2 * d : d;
      ints[at] = 4 * depth + (sibling === 'left' ? PAIR : LEAF);
      ints[at + 1] = value;
      ints[at + 2] = stride;
      ints[at + 3] = d;
      unique.forEach((feature, slot) => {
        ints[at + 4 + slot] = 2 * nFeatures + feature;
      });
      at += 4 + d;
      if (d > 0) fillLeafPatterns(doubles, value, stride, tree, node, path, unique, subsets, scratch);
      value += stride * 2 ** depth;
    });
  }
  return { nFeatures, ints, doubles };
}

/**
 * Writes a leaf's d terms for every pattern of directions at its ancestors, pattern by pattern at `start` +
 * pattern × `stride`: v (o_i − z_i) Σ… for each of its features i, in the order of `unique`.
 */
function fillLeafPatterns(
  table: Float64Array,
  start: number,
  stride: number,
  tree: GbdtModel['trees'][number],
  leaf: number,
  path: LeafPath,
  unique: number[],
  subsets: Float64Array,
  scratch: TableScratch,
): void {
  const d = unique.length;
  const zero = unique.map(() => 1);
  const slotOfStep = path.nodes.map((node, step) => {
    const slot = unique.indexOf(path.features[step] as number);
    const child = (step + 1 < path.nodes.length ? path.nodes[step + 1] : leaf) as number;
    zero[slot] = (zero[slot] as number) * ((tree.cover[child] as number) / (tree.cover[node] as number));
    return slot;
  });
  const leafValue = tree.value[leaf] as number;
  const half = 2 ** (d - 1);
  for (let slot = 0; slot < d; slot++) fillLeafTable(subsets, slot * half, leafValue, zero, slot, d, scratch);
  const steps = path.nodes.length;
  for (let pattern = 0; pattern < 1 << steps; pattern++) {
    let satisfied = (1 << d) - 1;
    for (let step = 0; step < steps; step++) {
      if (((pattern >> step) & 1) !== path.lefts[step]) satisfied &= ~(1 << (slotOfStep[step] as number));
    }
    for (let slot = 0; slot < d; slot++) {
      const below = satisfied & ((1 << slot) - 1);
      const subset = below | ((satisfied >> (slot + 1)) << slot);
      const one = (satisfied >> slot) & 1;
      table[start + pattern * stride + slot] =
        (one - (zero[slot] as number)) * (subsets[slot * half + subset] as number);
    }
  }
}

/** Buffers for one leaf's table: per subset of the other features, their zero fractions' product and symmetric sums. */
class TableScratch {
  readonly inside: Float64Array;
  readonly symmetric: Float64Array;
  readonly others: Float64Array;
  constructor(maxFeatures: number) {
    this.inside = new Float64Array(2 ** (maxFeatures - 1));
    this.symmetric = new Float64Array(2 ** (maxFeatures - 1) * maxFeatures);
    this.others = new Float64Array(maxFeatures);
  }
}

/**
 * Writes, for every subset S' of the leaf's features other than `slot` (bit b: the b-th other), leafValue times
 * Σ_{U ⊆ S'} |U|! (d−1−|U|)! / d! · Π_{k ∉ U} z_k (k over the others). With T = S'∖U the factor splits into
 * Π_{k ∉ S'} z_k · Π_{k ∈ T} z_k, so the sum is Π_{k ∉ S'} z_k · Σ_j w(|S'|−j) e_j(z over S'), e_j the elementary
 * symmetric sums — built subset by subset from the subset without its lowest member.
 */
function fillLeafTable(
  table: Float64Array,
  at: number,
  leafValue: number,
  zero: number[],
  slot: number,
  d: number,
  scratch: TableScratch,
): void {
  const { inside, symmetric, others } = scratch;
  const n = d - 1;
  const subsets = 1 << n;
  for (let k = 0, b = 0; k < d; k++) if (k !== slot) others[b++] = zero[k] as number;
  inside[0] = 1;
  symmetric[0] = 1;
  for (let j = 1; j < d; j++) symmetric[j] = 0;
  for (let subset = 1; subset < subsets; subset++) {
    const lowest = 31 - Math.clz32(subset & -subset);
    const rest = subset & (subset - 1);
    const z = others[lowest] as number;
    inside[subset] = (inside[rest] as number) * z;
    symmetric[subset * d] = 1;
    for (let j = 1; j < d; j++)
      symmetric[subset * d + j] =
        (symmetric[rest * d + j] as number) + z * (symmetric[rest * d + j - 1] as number);
  }
  const full = subsets - 1;
  for (let subset = 0; subset < subsets; subset++) {
    let size = 0;
    for (let bits = subset; bits !== 0; bits &= bits - 1) size++;
    let sum = 0;
    for (let j = 0; j <= size; j++) {
      const u = size - j;
      sum +=
        (((factorials[u] as number) * (factorials[d - 1 - u] as number)) / (factorials[d] as number)) *
        (symmetric[subset * d + j] as number);
    }
    table[at + subset] = leafValue * (inside[full ^ subset] as number) * sum;
  }
}

/** Adds the SHAP values of the row at `row[offset..]` to `attributions` (one per model feature). */
export function addShapValues(
  tables: ShapTables,
  row: Float64Array,
  offset: number,
  attributions: Float64Array,
): void {
  const { nFeatures, ints, doubles } = tables;
  for (let feature = 0; feature < nFeatures; feature++) {
    const x = row[offset + feature] as number;
    const present = !Number.isNaN(x);
    doubles[feature] = present ? x : Number.POSITIVE_INFINITY;
    doubles[nFeatures + feature] = present ? x : Number.NEGATIVE_INFINITY;
  }
  const end = ints.length;
  let at = PATTERN_SLOTS;
  while (at < end) {
    const head = ints[at] as number;
    const depth = head >> 2;
    const pattern = ints[depth] as number;
    if ((head & 3) === SPLIT) {
      const left = +(
        (doubles[ints[(at + 1) | 0] as number] as number) <= (doubles[ints[(at + 2) | 0] as number] as number)
      );
      ints[(depth + 1) | 0] = pattern | (left << depth);
      at = (at + 3) | 0;
      continue;
    }
    const start = ((ints[(at + 1) | 0] as number) + Math.imul(pattern, ints[(at + 2) | 0] as number)) | 0;
    const d = ints[(at + 3) | 0] as number;
    const features = (at + 4) | 0;
    at = (features + d) | 0;
    // Written out for d up to MAX_PATH_FEATURES: a loop's back edge costs V8 a stack check, after which it checks
    // both arrays' maps and reloads their bases again.
    if ((head & 3) === LEAF) {
      if (d > 0) {
        const sum = ints[(features + 0) | 0] as number;
        doubles[sum] = (doubles[sum] as number) + (doubles[(start + 0) | 0] as number);
      }
      if (d > 1) {
        const sum = ints[(features + 1) | 0] as number;
        doubles[sum] = (doubles[sum] as number) + (doubles[(start + 1) | 0] as number);
      }
      if (d > 2) {
        const sum = ints[(features + 2) | 0] as number;
        doubles[sum] = (doubles[sum] as number) + (doubles[(start + 2) | 0] as number);
      }
      if (d > 3) {
        const sum = ints[(features + 3) | 0] as number;
        doubles[sum] = (doubles[sum] as number) + (doubles[(start + 3) | 0] as number);
      }
      if (d > 4) {
        const sum = ints[(features + 4) | 0] as number;
        doubles[sum] = (doubles[sum] as number) + (doubles[(start + 4) | 0] as number);
      }
      if (d > 5) {
        const sum = ints[(features + 5) | 0] as number;
        doubles[sum] = (doubles[sum] as number) + (doubles[(start + 5) | 0] as number);
      }
      if (d > 6) {
        const sum = ints[(features + 6) | 0] as number;
        doubles[sum] = (doubles[sum] as number) + (doubles[(start + 6) | 0] as number);
      }
      if (d > 7) {
        const sum = ints[(features + 7) | 0] as number;
        doubles[sum] = (doubles[sum] as number) + (doubles[(start + 7) | 0] as number);
      }
      continue;
    }
    // A pair: per feature, the left leaf's term, then the right one's (d further), added in that order.
    if (d > 0) {
      const sum = ints[(features + 0) | 0] as number;
      doubles[sum] =
        (doubles[sum] as number) +
        (doubles[(start + 0) | 0] as number) +
        (doubles[(start + d + 0) | 0] as number);
    }
    if (d > 1) {
      const sum = ints[(features + 1) | 0] as number;
      doubles[sum] =
        (doubles[sum] as number) +
        (doubles[(start + 1) | 0] as number) +
        (doubles[(start + d + 1) | 0] as number);
    }
    if (d > 2) {
      const sum = ints[(features + 2) | 0] as number;
      doubles[sum] =
        (doubles[sum] as number) +
        (doubles[(start + 2) | 0] as number) +
        (doubles[(start + d + 2) | 0] as number);
    }
    if (d > 3) {
      const sum = ints[(features + 3) | 0] as number;
      doubles[sum] =
        (doubles[sum] as number) +
        (doubles[(start + 3) | 0] as number) +
        (doubles[(start + d + 3) | 0] as number);
    }
    if (d > 4) {
      const sum = ints[(features + 4) | 0] as number;
      doubles[sum] =
        (doubles[sum] as number) +
        (doubles[(start + 4) | 0] as number) +
        (doubles[(start + d + 4) | 0] as number);
    }
    if (d > 5) {
      const sum = ints[(features + 5) | 0] as number;
      doubles[sum] =
        (doubles[sum] as number) +
        (doubles[(start + 5) | 0] as number) +
        (doubles[(start + d + 5) | 0] as number);
    }
    if (d > 6) {
      const sum = ints[(features + 6) | 0] as number;
      doubles[sum] =
        (doubles[sum] as number) +
        (doubles[(start + 6) | 0] as number) +
        (doubles[(start + d + 6) | 0] as number);
    }
    if (d > 7) {
      const sum = ints[(features + 7) | 0] as number;
      doubles[sum] =
        (doubles[sum] as number) +
        (doubles[(start + 7) | 0] as number) +
        (doubles[(start + d + 7) | 0] as number);
    }
  }
  const sums = 2 * nFeatures;
  for (let feature = 0; feature < nFeatures; feature++) {
    attributions[feature] = (attributions[feature] as number) + (doubles[sums + feature] as number);
    doubles[sums + feature] = 0;
  }
}
