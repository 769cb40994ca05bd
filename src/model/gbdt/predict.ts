// Scores rows with a trained GBDT: raw margins (log-odds) and probabilities, for one row or a whole matrix.
import { checkRowFits } from '../labelled-matrix.ts';
import { sigmoid } from '../logistic.ts';
import { buildHeapWalk, type HeapWalk } from './heap-walk.ts';
import type { GbdtModel } from './model.ts';
import type { Tree } from './tree.ts';

/**
 * Trees too deep for complete heaps (heap-walk.ts, the fast layout) laid out for a pointer walk, breadth first, rows
 * widened as for the heaps. A leaf reads the last slot (never above its threshold) and points to itself, so a walk
 * of exactly the tree's depth ends on the row's leaf whatever its path length — which lets four rows walk each tree
 * in lockstep.
 */
interface CompiledGbdt {
  nFeatures: number;
  baseScore: number;
  /** Per node: the widened-row slot it compares. */
  slot: Int32Array;
  threshold: Float64Array;
  /** Per node: its left child (the right one is next to it), or itself for a leaf. */
  left: Int32Array;
  /** Per node: the margin a leaf adds (0 at splits). */
  value: Float64Array;
  /** Per tree: root node and depth. */
  roots: Int32Array;
  depths: Int32Array;
  /** Room for four widened rows. */
  widened: Float64Array;
}

const compiledModels = new WeakMap<GbdtModel, HeapWalk | CompiledGbdt>();

/** Compiled once per model object on first use; a model is never mutated after training or loading. */
function compiled(model: GbdtModel): HeapWalk | CompiledGbdt {
  let found = compiledModels.get(model);
  if (found === undefined) {
    found = buildHeapWalk(model) ?? compile(model);
    compiledModels.set(model, found);
  }
  return found;
}

function isHeapWalk(layout: HeapWalk | CompiledGbdt): layout is HeapWalk {
  return 'margins' in layout;
}

function compile(model: GbdtModel): CompiledGbdt {
  const { nFeatures, trees } = model;
  const nodeCount = trees.reduce((sum, tree) => sum + tree.feature.length, 0);
  const layout: CompiledGbdt = {
    nFeatures,
    baseScore: model.baseScore,
    slot: new Int32Array(nodeCount),
    threshold: new Float64Array(nodeCount),
    left: new Int32Array(nodeCount),
    value: new Float64Array(nodeCount),
    roots: new Int32Array(trees.length),
    depths: new Int32Array(trees.length),
    widened: new Float64Array(4 * (2 * nFeatures + 1)),
  };
  let next = 0;
  trees.forEach((tree, index) => {
    layout.roots[index] = next;
    layout.depths[index] = layOutTree(tree, layout, next);
    next += tree.feature.length;
  });
  return layout;
}

/** Copies a tree into the layout from node `first` on, children side by side (breadth first). Returns its depth. */
function layOutTree(tree: Tree, layout: CompiledGbdt, first: number): number {
  const { nFeatures } = layout;
  const sourceOf = [0];
  const depthOf = [0];
  let depth = 0;
  for (let position = 0; position < sourceOf.length; position++) {
    const source = sourceOf[position] as number;
    const node = first + position;
    const feature = tree.feature[source] as number;
    depth = Math.max(depth, depthOf[position] as number);
    if (feature < 0) {
      layout.slot[node] = 2 * nFeatures;
      layout.left[node] = node;
      layout.value[node] = tree.value[source] as number;
      continue;
    }
    layout.slot[node] = tree.missingLeft[source] === 1 ? nFeatures + feature : feature;
    layout.threshold[node] = tree.threshold[source] as number;
    layout.left[node] = first + sourceOf.length;
    sourceOf.push(tree.left[source] as number, tree.right[source] as number);
    depthOf.push((depthOf[position] as number) + 1, (depthOf[position] as number) + 1);
  }
  return depth;
}

/** Writes the widened row at `matrix[offset ..]` into `widened[at .. at + 2 x nFeatures + 1)`. */
function widenRow(
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

function marginOf(model: CompiledGbdt, matrix: Float64Array, offset: number): number {
  const { nFeatures, slot, threshold, left, value, roots, depths, widened } = model;
  widenRow(matrix, offset, nFeatures, widened, 0);
  let margin = model.baseScore;
  for (let tree = 0; tree < roots.length; tree++) {
    let node = roots[tree] as number;
    for (let step = depths[tree] as number; step > 0; step--) {
      node =
        (left[node] as number) + +((widened[slot[node] as number] as number) > (threshold[node] as number));
    }
    margin += value[node] as number;
  }
  return margin;
}

/** The raw margin (log-odds) of the row at `row[offset .. offset + nFeatures)`. */
export function predictMargin(model: GbdtModel, row: Float64Array, offset = 0): number {
  checkRowFits(row, offset, model.nFeatures);
  const layout = compiled(model);
  return isHeapWalk(layout) ? layout.margin(row, offset) : marginOf(layout, row, offset);
}

export function predictProbability(model: GbdtModel, row: Float64Array, offset = 0): number {
  return sigmoid(predictMargin(model, row, offset));
}

/** The margin of each row of a row-major matrix, written into `out` (one per row); returns `out`. */
export function predictMargins(model: GbdtModel, matrix: Float64Array, out: Float64Array): Float64Array {
  const layout = compiled(model);
  if (matrix.length !== out.length * model.nFeatures) {
    throw new RangeError(
      `predictMargins: ${matrix.length} values for ${out.length} rows of ${model.nFeatures} features`,
    );
  }
  if (isHeapWalk(layout)) {
    layout.margins(matrix, out);
    return out;
  }
  const { nFeatures, slot, threshold, left, value, roots, depths, widened } = layout;
  const width = 2 * nFeatures + 1;
  let row = 0;
  for (; row + 4 <= out.length; row += 4) {
    for (let k = 0; k < 4; k++) widenRow(matrix, (row + k) * nFeatures, nFeatures, widened, k * width);
    let margin0 = layout.baseScore;
    let margin1 = margin0;
    let margin2 = margin0;
    let margin3 = margin0;
    for (let tree = 0; tree < roots.length; tree++) {
      const root = roots[tree] as number;
      let node0 = root;
      let node1 = root;
      let node2 = root;
      let node3 = root;
      for (let step = depths[tree] as number; step > 0; step--) {
        node0 =
          (left[node0] as number) +
          +((widened[slot[node0] as number] as number) > (threshold[node0] as number));
        node1 =
          (left[node1] as number) +
          +((widened[width + (slot[node1] as number)] as number) > (threshold[node1] as number));
        node2 =
          (left[node2] as number) +
          +((widened[2 * width + (slot[node2] as number)] as number) > (threshold[node2] as number));
        node3 =
          (left[node3] as number) +
          +((widened[3 * width + (slot[node3] as number)] as number) > (threshold[node3] as number));
      }
      margin0 += value[node0] as number;
      margin1 += value[node1] as number;
      margin2 += value[node2] as number;
      margin3 += value[node3] as number;
    }
    out[row] = margin0;
    out[row + 1] = margin1;
    out[row + 2] = margin2;
    out[row + 3] = margin3;
  }
  for (; row < out.length; row++) out[row] = marginOf(layout, matrix, row * nFeatures);
  return out;
}

export function predictProbabilities(
  model: GbdtModel,
  matrix: Float64Array,
  out: Float64Array,
): Float64Array {
  predictMargins(model, matrix, out);
  for (let row = 0; row < out.length; row++) out[row] = sigmoid(out[row] as number);
  return out;
}
