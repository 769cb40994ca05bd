#!/usr/bin/python3
"""Peer of bench/trees.ts: XGBoost's single-thread predict and pred_contribs for trees of the same count, depth and
feature count as a bundled realreach model, on the same feature matrix (written by bench/trees.ts).

Usage (bench/trees.ts runs it): /usr/bin/python3 bench/trees-peer.py DIR   — DIR holds spec.json, matrix.f64 and
labels.u8. Trains, prints one JSON line (version, node count), then answers each line on standard input:
"predict" times the margins of a fresh prebuilt DMatrix of every row (XGBoost caches the predictions of a DMatrix it
has seen), "contribs" times pred_contribs of the first explainRows rows; each answer is one JSON line with the wall
and process CPU seconds. "quit" ends. So the bench interleaves the two sides' repeats. Needs Debian's python3-xgboost.
"""
import json
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
    model = json.loads(booster.save_raw("json"))["learner"]["gradient_booster"]["model"]
    nodes = sum(len(tree["split_indices"]) for tree in model["trees"])
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
        else:
            break
        print(json.dumps(answer), flush=True)


main()
