#!/usr/bin/python3
"""Peers on the same rows, features and folds as `realreach eval`: scikit-learn's random forest and XGBoost.

Exports the evaluation's feature matrices with bench/export-features.ts into a temporary folder, runs 10-fold
cross-validation on each dataset (the exported fold ids), leave-one-collection-out over the X collections and the
per-kind leave-one-collection-out tests (bought fake followers, spam bots: the splits of
src/model/evaluation/kind-mixes.ts, with XGBoost also at depth 3 under the kinds' monotone signs), prints
the metrics and writes bench/results/peers.json, which `realreach eval` shows beside its own figures.
Optional: CI does not run it. Needs Debian's python3-sklearn and python3-xgboost (run with /usr/bin/python3);
takes about ten minutes on two cores, most of it the random forest's leave-one-collection-out fits.

Usage: /usr/bin/python3 bench/peers.py [--datasets DIR] [--out FILE] [--only kinds]
"""
import argparse
import csv
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time

import numpy as np
import sklearn
import xgboost
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.utils.class_weight import compute_sample_weight

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
THRESHOLD = 0.5
# sklearn 1.2's random forest does not take NaN: missing values become a value below every real one.
MISSING = -1e9


def random_forest(seed):
    return RandomForestClassifier(n_estimators=500, n_jobs=2, random_state=seed)


def xgboost_model(seed):
    return xgboost.XGBClassifier(tree_method="hist", n_jobs=2, random_state=seed)


MODELS = {
    "scikit-learn random forest": (
        random_forest,
        "500 trees, other parameters scikit-learn's defaults, missing values as -1e9, classes weighted equally",
        True,
    ),
    "XGBoost": (
        xgboost_model,
        "XGBoost's defaults (100 trees, learning rate 0.3, depth 6, hist), missing values native, classes weighted equally",
        False,
    ),
}


def read_table(path, extra):
    with open(path, newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = list(reader)
    width = len(header) - 2
    matrix = np.array([[float(cell) if cell != "" else math.nan for cell in row[:width]] for row in rows])
    labels = np.array([int(row[width]) for row in rows])
    extras = [row[width + 1] for row in rows]
    assert header[width] == "label" and header[width + 1] == extra, path
    return header[:width], matrix, labels, extras


def fit_predict(name, seed, train_x, train_y, test_x, make=None):
    default_make, _, fills_missing = MODELS[name]
    model = (make or default_make)(seed)
    if fills_missing:
        train_x = np.where(np.isnan(train_x), MISSING, train_x)
        test_x = np.where(np.isnan(test_x), MISSING, test_x)
    model.fit(train_x, train_y, sample_weight=compute_sample_weight("balanced", train_y))
    return model.predict_proba(test_x)[:, 1]


def rounded(value):
    return None if value is None else round(float(value), 6)


def ratio(numerator, denominator):
    return numerator / denominator if denominator else 0.0


def metrics(probabilities, labels):
    """The same definitions as src/model/metrics.ts and evaluation-metrics.ts (zero division gives 0)."""
    predicted = probabilities >= THRESHOLD
    tp = int(np.sum(predicted & (labels == 1)))
    fp = int(np.sum(predicted & (labels == 0)))
    tn = int(np.sum(~predicted & (labels == 0)))
    fn = int(np.sum(~predicted & (labels == 1)))
    denominator = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    both = 0 < labels.sum() < len(labels)
    bins = np.minimum((probabilities * 10).astype(int), 9)
    ece = sum(abs(probabilities[bins == b].sum() - labels[bins == b].sum()) for b in range(10)) / len(labels)
    recalls = [ratio(tp, tp + fn)] if labels.sum() > 0 else []
    recalls += [ratio(tn, tn + fp)] if labels.sum() < len(labels) else []
    return {
        "accuracy": rounded(ratio(tp + tn, len(labels))),
        "precision": rounded(ratio(tp, tp + fp)),
        "recall": rounded(ratio(tp, tp + fn)),
        "f1": rounded(ratio(2 * tp, 2 * tp + fp + fn)),
        "mcc": rounded(ratio(tp * tn - fp * fn, denominator)),
        "rocAuc": rounded(roc_auc_score(labels, probabilities)) if both else None,
        "prAuc": rounded(average_precision_score(labels, probabilities)) if both else None,
        "ece": rounded(ece),
        "balancedAccuracy": rounded(sum(recalls) / len(recalls)),
        "flaggedShare": rounded(predicted.mean()),
        "meanProbability": rounded(probabilities.mean()),
    }


def cross_validate(path, seed):
    features, matrix, labels, folds = read_table(path, "fold")
    folds = np.array([int(fold) for fold in folds])
    result = {"rows": len(labels), "positives": int(labels.sum()), "features": features, "models": {}}
    for name in MODELS:
        scores = np.zeros(len(labels))
        for fold in sorted(set(folds)):
            test = folds == fold
            scores[test] = fit_predict(name, seed, matrix[~test], labels[~test], matrix[test])
        result["models"][name] = metrics(scores, labels)
    return result


def leave_one_collection_out(path, collections, seed):
    features, matrix, labels, row_collections = read_table(path, "collection")
    row_collections = np.array(row_collections)
    held_out = {}
    for collection in collections:
        test = row_collections == collection
        entry = {"rows": int(test.sum()), "positives": int(labels[test].sum()), "models": {}}
        for name in MODELS:
            scores = fit_predict(name, seed, matrix[~test], labels[~test], matrix[test])
            entry["models"][name] = metrics(scores, labels[test])
        held_out[collection] = entry
        print(f"LOCO {collection}: " + ", ".join(
            f"{name} bal. acc {m['balancedAccuracy']:.3f} ROC AUC {m['rocAuc'] if m['rocAuc'] is not None else 'n/a'}"
            for name, m in entry["models"].items()), file=sys.stderr)
    return {"features": features, "heldOut": held_out}


def per_kind(path, table, seed):
    """Per-kind leave-one-collection-out: each held-out test's train/test rows as exported (kind-mixes.ts splits)."""
    with open(path, newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = list(reader)
    width = len(table["features"])
    assert header[:width] == table["features"] and header[width] == "label", path
    matrix = np.array([[float(cell) if cell != "" else math.nan for cell in row[:width]] for row in rows])
    labels = np.array([int(row[width]) for row in rows])
    monotone = "(" + ",".join(str(sign) for sign in table["monotone"]) + ")"
    makers = dict((name, None) for name in MODELS)
    makers[MONOTONE_XGBOOST] = lambda seed: xgboost.XGBClassifier(
        tree_method="hist", n_jobs=2, random_state=seed, max_depth=3, monotone_constraints=monotone)
    held_out = {}
    for index, held in enumerate(table["heldOut"]):
        role = np.array([row[width + 1 + index] for row in rows])
        train, test = role == "train", role == "test"
        entry = {"rows": int(test.sum()), "positives": int(labels[test].sum()), "models": {}}
        for name, make in makers.items():
            base = "XGBoost" if name == MONOTONE_XGBOOST else name
            scores = fit_predict(base, seed, matrix[train], labels[train], matrix[test], make)
            entry["models"][name] = metrics(scores, labels[test])
        held_out[held] = entry
        print(f"kind {os.path.basename(path)} held out {held}: " + ", ".join(
            f"{name} ROC AUC {m['rocAuc']}" for name, m in entry["models"].items()), file=sys.stderr)
    return {"candidate": table["candidate"], "features": table["features"], "monotone": table["monotone"],
            "heldOut": held_out}


MONOTONE_XGBOOST = "XGBoost, monotone, depth 3"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", default=os.path.join(REPO, "..", "shared", "datasets"))
    parser.add_argument("--out", default=os.path.join(REPO, "bench", "results", "peers.json"))
    parser.add_argument("--only", choices=["kinds"],
                        help="run only the per-kind tests and replace them in the existing results file")
    args = parser.parse_args()
    if not os.path.isdir(args.datasets):
        sys.exit(f"peers.py: no datasets folder at {args.datasets}")
    started = time.time()
    with tempfile.TemporaryDirectory(prefix="realreach-peers-") as folder:
        subprocess.run(
            ["node", "--import", "tsx", "bench/export-features.ts", folder, "--datasets", args.datasets],
            cwd=REPO, check=True,
        )
        with open(os.path.join(folder, "manifest.json")) as handle:
            manifest = json.load(handle)
        seed = manifest["seed"]
        if args.only == "kinds":
            with open(args.out) as handle:
                results = json.load(handle)
            results["kinds"] = {kind: per_kind(os.path.join(folder, table["file"]), table, seed)
                                for kind, table in manifest["kinds"].items()}
            with open(args.out, "w") as handle:
                json.dump(results, handle, indent=2)
                handle.write("\n")
            print(f"replaced the per-kind tests in {os.path.relpath(args.out, REPO)} in {time.time() - started:.0f} s",
                  file=sys.stderr)
            return
        cross_validation = {}
        for collection, table in manifest["crossValidation"].items():
            cross_validation[collection] = cross_validate(os.path.join(folder, table["file"]), seed)
            print(f"{manifest['folds']}-fold CV {collection}: " + ", ".join(
                f"{name} acc {m['accuracy']:.3f} MCC {m['mcc']:.3f} ROC AUC {m['rocAuc']:.4f}"
                for name, m in cross_validation[collection]["models"].items()))
        loco_table = manifest["leaveOneCollectionOut"]
        loco = leave_one_collection_out(os.path.join(folder, loco_table["file"]), loco_table["collections"], seed)
        kinds = {kind: per_kind(os.path.join(folder, table["file"]), table, seed)
                 for kind, table in manifest["kinds"].items()}
    results = {
        "command": "/usr/bin/python3 bench/peers.py",
        "versions": {
            "python": platform.python_version(),
            "scikit-learn": sklearn.__version__,
            "xgboost": xgboost.__version__,
            "numpy": np.__version__,
        },
        "models": {name: description for name, (_, description, _) in MODELS.items()},
        "seed": seed,
        "folds": manifest["folds"],
        "featureSetVersion": manifest["featureSetVersion"],
        "crossValidation": cross_validation,
        "leaveOneCollectionOut": loco,
        "kinds": kinds,
    }
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as handle:
        json.dump(results, handle, indent=2)
        handle.write("\n")
    print(f"wrote {os.path.relpath(args.out, REPO)} in {time.time() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
