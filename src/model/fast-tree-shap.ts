// Fast TreeSHAP v2 (Yang 2021): per-leaf tables, precomputed once per model, turn a row's exact path-dependent SHAP values into one lookup per leaf and path feature.
import type { GbdtModel } from './gbdt/model.ts';

/**
 * For a leaf with value v whose path splits on the distinct features P (d of them; feature k with "zero fraction"
 * z_k, the share of training cover that follows the path's sides of k's splits), path-dependent TreeSHAP gives
 * feature i in P
 *
 *   v (o_i − z_i) Σ_{U ⊆ S∖{i}} |U|! (d−1−|U|)! / d! · Π_{k ∈ P∖{i}∖U} z_k
 *
 * where o_k is 1 when the row follows the path at every split on k, and S = {k : o_k = 1}. The sum depends on the
 * row only through S∖{i}, one of 2^(d−1) subsets: the table holds v times it for every i and subset, so a row
 * costs its split directions, then per leaf d bit tests and d lookups — instead of Algorithm 2's O(d²) per leaf.
 */
export interface ShapTables {
  /** Per split node (all trees, node ids offset by `treeStart`): its feature, threshold and missing side. */
  nodeFeature: Int32Array;
  nodeThreshold: Float64Array;
  nodeMissingLeft: Uint8Array;
  /** Split nodes only: the node ids whose direction a row needs. */
  splits: Int32Array;
  /** Per leaf: its path's splits [conditionStart, conditionStart + conditionCount). */
  conditionStart: Int32Array;
  conditionCount: Uint8Array;
  /** Per path split: its node, the side the path takes (1 left) and which of the leaf's features it tests. */
  conditionNode: Int32Array;
  conditionLeft: Uint8Array;
  conditionSlot: Uint8Array;
  /** Per leaf: its distinct path features [featureStart, featureStart + featureCount) and their zero fractions. */
  featureStart: Int32Array;
  featureCount: Uint8Array;
  pathFeature: Int32Array;
  zeroFraction: Float64Array;
  /** Per leaf: where its table starts: featureCount blocks of 2^(featureCount−1) values. */
  tableStart: Int32Array;
  table: Float64Array;
}

/** Tables above this many values (8 bytes each) are not built: deep trees keep Algorithm 2. */
export const MAX_TABLE_VALUES = 2_000_000;
/** Distinct features on one path above which a leaf's table (d · 2^(d−1) values) is too large. */
const MAX_PATH_FEATURES = 8;

interface LeafPath {
  nodes: number[];
  lefts: number[];
  features: number[];
}

/** Every leaf of every tree with its root-to-leaf path, in tree then depth-first order. */
function leafPaths(model: GbdtModel): { tree: number; node: number; path: LeafPath }[] {
  const leaves: { tree: number; node: number; path: LeafPath }[] = [];
  model.trees.forEach((tree, index) => {
    const stack: { node: number; path: LeafPath }[] = [
      { node: 0, path: { nodes: [], lefts: [], features: [] } },
    ];
    while (stack.length > 0) {
      const { node, path } = stack.pop() as { node: number; path: LeafPath };
      const feature = tree.feature[node] as number;
      if (feature < 0) {
        leaves.push({ tree: index, node, path });
        continue;
      }
      for (const left of [0, 1]) {
        stack.push({
          node: (left === 1 ? tree.left[node] : tree.right[node]) as number,
          path: {
            nodes: [...path.nodes, node],
            lefts: [...path.lefts, left],
            features: [...path.features, feature],
          },
        });
      }
    }
  });
  return leaves;
}

const factorials = Array.from({ length: MAX_PATH_FEATURES + 2 }, (_, n) => {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
});

/** The tables of a model, or undefined when its trees are too deep for them (explain with Algorithm 2 then). */
export function buildShapTables(model: GbdtModel): ShapTables | undefined {
  const leaves = leafPaths(model);
  let conditions = 0;
  let features = 0;
  let values = 0;
  const distinct = leaves.map(({ path }) => [...new Set(path.features)]);
  for (const [i, { path }] of leaves.entries()) {
    const d = (distinct[i] as number[]).length;
    if (d > MAX_PATH_FEATURES || path.nodes.length > 255) return undefined;
    conditions += path.nodes.length;
    features += d;
    values += d === 0 ? 0 : d * 2 ** (d - 1);
    if (values > MAX_TABLE_VALUES) return undefined;
  }
  const treeStart: number[] = [];
  let nodeCount = 0;
  for (const tree of model.trees) {
    treeStart.push(nodeCount);
    nodeCount += tree.feature.length;
  }
  const tables: ShapTables = {
    nodeFeature: new Int32Array(nodeCount),
    nodeThreshold: new Float64Array(nodeCount),
    nodeMissingLeft: new Uint8Array(nodeCount),
    splits: new Int32Array(model.trees.reduce((n, tree) => n + tree.feature.filter((f) => f >= 0).length, 0)),
    conditionStart: new Int32Array(leaves.length),
    conditionCount: new Uint8Array(leaves.length),
    conditionNode: new Int32Array(conditions),
    conditionLeft: new Uint8Array(conditions),
    conditionSlot: new Uint8Array(conditions),
    featureStart: new Int32Array(leaves.length),
    featureCount: new Uint8Array(leaves.length),
    pathFeature: new Int32Array(features),
    zeroFraction: new Float64Array(features),
    tableStart: new Int32Array(leaves.length),
    table: new Float64Array(values),
  };
  let split = 0;
  model.trees.forEach((tree, index) => {
    const base = treeStart[index] as number;
    for (let node = 0; node < tree.feature.length; node++) {
      tables.nodeFeature[base + node] = tree.feature[node] as number;
      tables.nodeThreshold[base + node] = tree.threshold[node] as number;
      tables.nodeMissingLeft[base + node] = tree.missingLeft[node] as number;
      if ((tree.feature[node] as number) >= 0) tables.splits[split++] = base + node;
    }
  });
  let condition = 0;
  let feature = 0;
  let value = 0;
  const scratch = new TableScratch(MAX_PATH_FEATURES);
  leaves.forEach(({ tree: treeIndex, node: leaf, path }, i) => {
    const tree = model.trees[treeIndex] as GbdtModel['trees'][number];
    const base = treeStart[treeIndex] as number;
    const unique = distinct[i] as number[];
    const d = unique.length;
    tables.conditionStart[i] = condition;
    tables.conditionCount[i] = path.nodes.length;
    tables.featureStart[i] = feature;
    tables.featureCount[i] = d;
    tables.tableStart[i] = value;
    const zero = unique.map(() => 1);
    path.nodes.forEach((node, step) => {
      const slot = unique.indexOf(path.features[step] as number);
      const child = (step + 1 < path.nodes.length ? path.nodes[step + 1] : leaf) as number;
      zero[slot] = (zero[slot] as number) * ((tree.cover[child] as number) / (tree.cover[node] as number));
      tables.conditionNode[condition] = base + node;
      tables.conditionLeft[condition] = path.lefts[step] as number;
      tables.conditionSlot[condition] = slot;
      condition++;
    });
    unique.forEach((f, slot) => {
      tables.pathFeature[feature + slot] = f;
      tables.zeroFraction[feature + slot] = zero[slot] as number;
    });
    feature += d;
    if (d === 0) return;
    const leafValue = tree.value[leaf] as number;
    const half = 2 ** (d - 1);
    for (let slot = 0; slot < d; slot++) {
      fillLeafTable(tables.table, value + slot * half, leafValue, zero, slot, d, scratch);
    }
    value += d * half;
  });
  return tables;
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

/**
 * Adds the SHAP values of the row at `row[offset..]` to `attributions` (one per model feature), using `goesLeft`
 * (one byte per node of all trees) as scratch.
 */
export function addShapValues(
  tables: ShapTables,
  row: Float64Array,
  offset: number,
  attributions: Float64Array,
  goesLeft: Uint8Array,
): void {
  const { splits, nodeFeature, nodeThreshold, nodeMissingLeft } = tables;
  for (let i = 0; i < splits.length; i++) {
    const node = splits[i] as number;
    const x = row[offset + (nodeFeature[node] as number)] as number;
    goesLeft[node] =
      x <= (nodeThreshold[node] as number)
        ? 1
        : x > (nodeThreshold[node] as number)
          ? 0
          : (nodeMissingLeft[node] as number);
  }
  const { conditionStart, conditionCount, conditionNode, conditionLeft, conditionSlot } = tables;
  const { featureStart, featureCount, pathFeature, zeroFraction, tableStart, table } = tables;
  const leaves = conditionStart.length;
  for (let leaf = 0; leaf < leaves; leaf++) {
    const d = featureCount[leaf] as number;
    if (d === 0) continue;
    let satisfied = (1 << d) - 1;
    const firstCondition = conditionStart[leaf] as number;
    const lastCondition = firstCondition + (conditionCount[leaf] as number);
    for (let c = firstCondition; c < lastCondition; c++) {
      if (goesLeft[conditionNode[c] as number] !== conditionLeft[c])
        satisfied &= ~(1 << (conditionSlot[c] as number));
    }
    const first = featureStart[leaf] as number;
    const start = tableStart[leaf] as number;
    const half = 1 << (d - 1);
    for (let slot = 0; slot < d; slot++) {
      const below = satisfied & ((1 << slot) - 1);
      const subset = below | ((satisfied >> (slot + 1)) << slot);
      const one = (satisfied >> slot) & 1;
      const feature = pathFeature[first + slot] as number;
      attributions[feature] =
        (attributions[feature] as number) +
        (one - (zeroFraction[first + slot] as number)) * (table[start + slot * half + subset] as number);
    }
  }
}
