#!/usr/bin/python3
"""Peer of bench/trees.ts: XGBoost's single-thread predict and pred_contribs for trees of the same count, depth and
feature count as a bundled realreach model, on the same feature matrix (written by bench/trees.ts).

Usage (bench/trees.ts runs it): /usr/bin/python3 bench/trees-peer.py DIR   — DIR holds spec.json and matrix.f64.
Prints one JSON object: rows/s of predict (margins of a prebuilt DMatrix, each timed on its first prediction) and of pred_contribs, the fastest of the repeats,
and the node count of XGBoost's trees (to compare shapes). Needs Debian's python3-xgboost.
"""
import json
import os
import sys
import time

import numpy as np
import xgboost


def best_rate(rows, run, repeats):
    """The fastest of the repeats: on a shared machine, the run least disturbed by the others' load."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return rows / min(times)


def main():
    folder = sys.argv[1]
    with open(os.path.join(folder, "spec.json")) as handle:
        spec = json.load(handle)
    matrix = np.fromfile(os.path.join(folder, "matrix.f64"), dtype=np.float64)
    matrix = matrix.reshape(spec["rows"], spec["features"])
    labels = np.fromfile(os.path.join(folder, "labels.u8"), dtype=np.uint8)
    booster = xgboost.train(
        {
            "objective": "binary:logistic",
            "tree_method": "hist",
            "max_depth": spec["depth"],
            "eta": 0.1,
            "min_child_weight": 0,
            "gamma": 0,
            "nthread": 1,
            "seed": 1,
        },
        xgboost.DMatrix(matrix, label=labels, nthread=1),
        num_boost_round=spec["trees"],
    )
    booster.set_param({"nthread": 1})
    nodes = sum(len(tree["split_indices"]) for tree in json.loads(booster.save_raw("json"))["learner"]["gradient_booster"]["model"]["trees"])
    explained = xgboost.DMatrix(matrix[: spec["explainRows"]], nthread=1)
    # A fresh prebuilt DMatrix for every timed predict: XGBoost caches the predictions of a DMatrix it has seen.
    fresh = [xgboost.DMatrix(matrix, nthread=1) for _ in range(spec["repeats"] + 1)]
    booster.predict(fresh.pop(), output_margin=True)  # warm-up
    predict = best_rate(spec["rows"], lambda: booster.predict(fresh.pop(), output_margin=True), spec["repeats"])
    contribs = best_rate(
        spec["explainRows"], lambda: booster.predict(explained, pred_contribs=True), spec["repeats"]
    )
    print(json.dumps({"xgboost": xgboost.__version__, "predict": predict, "predContribs": contribs, "nodes": nodes}))


main()
