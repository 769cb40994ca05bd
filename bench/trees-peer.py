#!/usr/bin/python3
"""Peer of bench/trees.ts: XGBoost's single-thread predict and pred_contribs on the very trees of a bundled realreach
model (loaded into XGBoost from its JSON), on the same feature matrix (written by bench/trees.ts).

Usage (bench/trees.ts runs it): /usr/bin/python3 bench/trees-peer.py DIR   — DIR holds spec.json, matrix.f64 and
trees.json (the model's gbdt: nFeatures, baseScore, trees as node arrays). Builds the booster, prints one JSON line
(version, node count), then answers each line on standard input: "predict" times the margins of a fresh prebuilt
DMatrix of every row (XGBoost caches the predictions of a DMatrix it has seen), "contribs" times pred_contribs of the
first explainRows rows; each answer is one JSON line with the wall and process CPU seconds. "write" saves those
rows' contributions (float64, explainRows x (features + 1), the bias last) to DIR/contribs.f64 and answers {}.
"quit" ends. So the bench interleaves the two sides' repeats. Needs Debian's python3-xgboost.

realreach's split sends a row left when value <= threshold (float64); XGBoost's when value < condition, both as
float32. The condition is the smallest float32 above the threshold, so every float32 value goes the same way on both
sides; a float64 value within float32 rounding of a threshold may not (the bench counts the rows that differ).
"""
import json
import math
import os
import sys
import time

import numpy as np
import xgboost


def timed(run):
    cpu = time.process_time()
    wall = time.perf_counter()
    run()
    return {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}


def condition(threshold):
    """The smallest float32 above the float64 threshold: x <= threshold iff x < condition for any float32 x."""
    largest = float(np.finfo(np.float32).max)
    if threshold >= largest:
        return math.inf
    if threshold < -largest:
        return -largest
    above = np.float32(threshold)
    if float(above) <= threshold:
        above = np.nextafter(above, np.float32(np.inf))
    return float(above)


def xgboost_tree(tree, index, features):
    nodes = len(tree["feature"])
    split = [feature >= 0 for feature in tree["feature"]]
    parents = [2147483647] * nodes
    for node in range(nodes):
        if split[node]:
            parents[tree["left"][node]] = node
            parents[tree["right"][node]] = node
    return {
        "base_weights": [0.0] * nodes,
        "categories": [],
        "categories_nodes": [],
        "categories_segments": [],
        "categories_sizes": [],
        "default_left": [tree["missingLeft"][n] if split[n] else 0 for n in range(nodes)],
        "id": index,
        "left_children": [tree["left"][n] if split[n] else -1 for n in range(nodes)],
        "loss_changes": [0.0] * nodes,
        "parents": parents,
        "right_children": [tree["right"][n] if split[n] else -1 for n in range(nodes)],
        "split_conditions": [
            condition(tree["threshold"][n]) if split[n] else float(tree["value"][n]) for n in range(nodes)
        ],
        "split_indices": [tree["feature"][n] if split[n] else 0 for n in range(nodes)],
        "split_type": [0] * nodes,
        "sum_hessian": [float(cover) for cover in tree["cover"]],
        "tree_param": {
            "num_deleted": "0",
            "num_feature": str(features),
            "num_nodes": str(nodes),
            "size_leaf_vector": "0",
        },
    }


def booster_of(gbdt):
    features = gbdt["nFeatures"]
    trees = [xgboost_tree(tree, i, features) for i, tree in enumerate(gbdt["trees"])]
    model = {
        "learner": {
            "attributes": {},
            "feature_names": [],
            "feature_types": [],
            "gradient_booster": {
                "model": {
                    "gbtree_model_param": {
                        "num_parallel_tree": "1",
                        "num_trees": str(len(trees)),
                        "size_leaf_vector": "0",
                    },
                    "tree_info": [0] * len(trees),
                    "trees": trees,
                },
                "name": "gbtree",
            },
            "learner_model_param": {
                # binary:logistic keeps its base score as a probability: the one whose log-odds is ours.
                "base_score": repr(1 / (1 + math.exp(-gbdt["baseScore"]))),
                "boost_from_average": "0",
                "num_class": "0",
                "num_feature": str(features),
                "num_target": "1",
            },
            "objective": {"name": "binary:logistic", "reg_loss_param": {"scale_pos_weight": "1"}},
        },
        "version": [1, 7, 4],
    }
    booster = xgboost.Booster({"nthread": 1})
    booster.load_model(bytearray(json.dumps(model), "utf-8"))
    booster.set_param({"nthread": 1})
    return booster


def main():
    folder = sys.argv[1]
    with open(os.path.join(folder, "spec.json")) as handle:
        spec = json.load(handle)
    with open(os.path.join(folder, "trees.json")) as handle:
        gbdt = json.load(handle)
    matrix = np.fromfile(os.path.join(folder, "matrix.f64"), dtype=np.float64)
    matrix = matrix.reshape(spec["rows"], spec["features"])
    booster = booster_of(gbdt)
    saved = json.loads(booster.save_raw("json"))["learner"]["gradient_booster"]["model"]
    nodes = sum(len(tree["split_indices"]) for tree in saved["trees"])
    explained = xgboost.DMatrix(matrix[: spec["explainRows"]], nthread=1)
    booster.predict(xgboost.DMatrix(matrix, nthread=1), output_margin=True)  # warm-up
    booster.predict(explained, pred_contribs=True)
    print(json.dumps({"xgboost": xgboost.__version__, "nodes": nodes}), flush=True)
    for line in sys.stdin:
        command = line.strip()
        if command == "predict":
            fresh = xgboost.DMatrix(matrix, nthread=1)
            answer = timed(lambda: booster.predict(fresh, output_margin=True))
        elif command == "contribs":
            answer = timed(lambda: booster.predict(explained, pred_contribs=True))
        elif command == "write":
            contribs = booster.predict(explained, pred_contribs=True).astype(np.float64)
            contribs.tofile(os.path.join(folder, "contribs.f64"))
            answer = {}
        else:
            break
        print(json.dumps(answer), flush=True)


main()
