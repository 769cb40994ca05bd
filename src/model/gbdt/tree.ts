// One decision tree as flat node arrays (typed for scoring, plain number arrays for JSON) and its traversal.

/**
 * Node i is a leaf when feature[i] is -1. Otherwise a row goes left when its value of feature[i] is <= threshold[i],
 * right when above, and to the learned side (missingLeft[i]) when missing (NaN). Children always have larger indices
 * than their parent, so node 0 is the root and every walk ends.
 */
export interface Tree {
  feature: Int32Array;
  threshold: Float64Array;
  /** 1: a missing value goes left; 0: right. */
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  /** Margin a leaf adds (learning rate applied); 0 at split nodes. */
  value: Float64Array;
  /** Training rows (of the tree's sample) that reached the node; TreeSHAP weighs unknown branches by it. */
  cover: Float64Array;
}

/** The same node arrays as plain numbers, for JSON. */
export interface TreeJson {
  feature: number[];
  threshold: number[];
  missingLeft: Array<0 | 1>;
  left: number[];
  right: number[];
  value: number[];
  cover: number[];
}

export function treeToJson(tree: Tree): TreeJson {
  return {
    feature: Array.from(tree.feature),
    threshold: Array.from(tree.threshold),
    missingLeft: Array.from(tree.missingLeft, (flag) => (flag === 1 ? 1 : 0)),
    left: Array.from(tree.left),
    right: Array.from(tree.right),
    value: Array.from(tree.value),
    cover: Array.from(tree.cover),
  };
}

export function treeFromJson(json: TreeJson): Tree {
  return {
    feature: Int32Array.from(json.feature),
    threshold: Float64Array.from(json.threshold),
    missingLeft: Uint8Array.from(json.missingLeft),
    left: Int32Array.from(json.left),
    right: Int32Array.from(json.right),
    value: Float64Array.from(json.value),
    cover: Float64Array.from(json.cover),
  };
}

/** Index of the leaf the row at `row[offset..]` reaches. */
export function leafIndex(tree: Tree, row: Float64Array, offset: number): number {
  const { feature, threshold, missingLeft, left, right } = tree;
  let node = 0;
  let split = feature[0] as number;
  while (split >= 0) {
    const value = row[offset + split] as number;
    const goesLeft = !Number.isNaN(value) ? value <= (threshold[node] as number) : missingLeft[node] === 1;
    node = goesLeft ? (left[node] as number) : (right[node] as number);
    split = feature[node] as number;
  }
  return node;
}

/** Depth of the deepest leaf (0 for a lone leaf). */
export function treeDepth(tree: Tree): number {
  const depth = new Int32Array(tree.feature.length);
  let deepest = 0;
  for (let node = 0; node < depth.length; node++) {
    const nodeDepth = depth[node] as number;
    if (nodeDepth > deepest) deepest = nodeDepth;
    if ((tree.feature[node] as number) < 0) continue;
    depth[tree.left[node] as number] = nodeDepth + 1;
    depth[tree.right[node] as number] = nodeDepth + 1;
  }
  return deepest;
}
