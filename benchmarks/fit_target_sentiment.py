"""Fit and evaluate sentiment toward a target on NewsMTSC; write the weights the toolkit ships.

Run by hand: ``python benchmarks/fit_target_sentiment.py [TRAIN_JSONL] [--write] [--folds]``.
TRAIN_JSONL is NewsMTSC's training split (default: ``../shared/corpora/newsmtsc-train/train.jsonl``
beside the project; MIT licence, Hamborg & Donnay 2021). The data stay outside the project:
only the fitted weights are written, with their licence note.

* The development split: the targets of one article in five (by a hash of the article's id,
  so that no article is in both parts). The model is fitted on the rest and scored on it:
  macro-F1 and the F1 of each class, against plain VADER on the same sentences (the sentence's
  compound, negative at -0.05 or below, positive at 0.05 or above, as VADER's authors use it).
* ``--folds``: the same for each of the five splits (cross-validation), to see the spread.
* ``--write``: write ``toolkit/data/target_sentiment.txt`` from the model fitted without the
  development split (the one whose score is printed).

The model (see :mod:`toolkit.targets`): the features of :func:`toolkit.targets.mention_features`
(binary ones kept where at least two training targets have them), each scaled by its
naive-Bayes log-count ratio for a class against the rest, and an L2-regularised logistic
regression for each class (``C``; classes weighted to balance them), fitted by L-BFGS.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import zlib
from pathlib import Path

import numpy as np
from scipy import optimize, sparse

from _corpus import ROOT  # noqa: E402  (beside this script)

DEFAULT = ROOT.parent / "shared" / "corpora" / "newsmtsc-train" / "train.jsonl"
POLARITY = {2.0: 0, 4.0: 1, 6.0: 2}  # NewsMTSC's codes: negative, neutral, positive
C = 0.2  # inverse strength of the L2 penalty (chosen by five-fold cross-validation: 0.05 to 0.8 tried)
MIN_DF = 2  # a binary feature is kept when at least this many training targets have it
DEV_FOLD, N_FOLDS = 0, 5
WEIGHT_DIGITS = 5  # decimals written to the shipped file
MIN_WEIGHT = 0.03  # features whose weights are all smaller are left out of the shipped file (see --prune)


def read(path: Path) -> list[dict]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        article = article_of(record["primary_gid"])
        for target in record["targets"]:
            rows.append({"article": article, "text": record["sentence_normalized"], "start": target["from"],
                         "end": target["to"], "label": POLARITY[float(target["polarity"])]})
    return rows


def article_of(gid: str) -> str:
    """The article a NewsMTSC sentence comes from: "allsides_1000_401_25_…" -> "allsides_1000",
    "polusa_v1_113704059_-1_35_…" -> "polusa_v1_113704059"."""
    fields = gid.split("_")
    return "_".join(fields[:3] if fields[1].startswith("v") else fields[:2])


def fold_of(article: str) -> int:
    return zlib.crc32(article.encode()) % N_FOLDS


def fit_binary(X: sparse.csr_matrix, y: np.ndarray, sample_weight: np.ndarray, c: float) -> tuple[np.ndarray, float]:
    """L2 logistic regression: minimise 0.5 |w|^2 + c * sum(sample_weight * log-loss); the
    intercept is not penalised."""
    n, d = X.shape
    sign = np.where(y, 1.0, -1.0)

    def objective(wb: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = wb[:d], wb[d]
        margin = sign * (X @ w + b)
        loss = np.logaddexp(0.0, -margin)
        g = -sign * sample_weight * c / (1.0 + np.exp(margin))
        return 0.5 * w @ w + c * float(sample_weight @ loss), np.concatenate([w + X.T @ g, [g.sum()]])

    result = optimize.minimize(objective, np.zeros(d + 1), jac=True, method="L-BFGS-B",
                               options={"maxiter": 5000, "gtol": 1e-6})
    return result.x[:d], float(result.x[d])


def fit(features: list[tuple[list[str], np.ndarray]], labels: np.ndarray, c: float = C):
    """The model's weights: (vocabulary, effective weights (n_features, 3), dense weights
    (N_DENSE, 3), intercepts (3,))."""
    df: dict[str, int] = {}
    for names, _ in features:
        for name in set(names):
            df[name] = df.get(name, 0) + 1
    vocabulary = sorted(k for k, v in df.items() if v >= MIN_DF)
    index = {name: i for i, name in enumerate(vocabulary)}
    rows, cols = [], []
    for r, (names, _) in enumerate(features):
        for name in set(names):
            if name in index:
                rows.append(r)
                cols.append(index[name])
    X = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(features), len(vocabulary)))
    D = np.vstack([d for _, d in features])
    effective = np.zeros((len(vocabulary), 3))
    dense = np.zeros((D.shape[1], 3))
    intercept = np.zeros(3)
    for k in range(3):
        mine = labels == k
        p = np.asarray(X[mine].sum(axis=0)).ravel() + 1
        q = np.asarray(X[~mine].sum(axis=0)).ravel() + 1
        ratio = np.log((p / p.sum()) / (q / q.sum()))
        scaled = sparse.hstack([X.multiply(ratio), sparse.csr_matrix(D)]).tocsr()
        weight = np.where(mine, len(mine) / (2 * mine.sum()), len(mine) / (2 * (~mine).sum()))
        w, b = fit_binary(scaled, mine, weight, c)
        effective[:, k] = ratio * w[:len(vocabulary)]
        dense[:, k] = w[len(vocabulary):]
        intercept[k] = b
    return vocabulary, effective, dense, intercept


def predict(model, features) -> np.ndarray:
    vocabulary, effective, dense, intercept = model
    index = {name: i for i, name in enumerate(vocabulary)}
    out = np.zeros((len(features), 3))
    for r, (names, d) in enumerate(features):
        rows = [index[n] for n in set(names) if n in index]
        out[r] = intercept + d @ dense + effective[rows].sum(axis=0)
    return out.argmax(axis=1)


def f1_scores(truth: np.ndarray, predicted: np.ndarray) -> np.ndarray:
    out = []
    for k in range(3):
        tp = np.sum((predicted == k) & (truth == k))
        precision = tp / max(1, np.sum(predicted == k))
        recall = tp / max(1, np.sum(truth == k))
        out.append(0.0 if tp == 0 else 2 * precision * recall / (precision + recall))
    return np.array(out)


def vader_labels(texts: list[str]) -> np.ndarray:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    compound = np.array([analyzer.polarity_scores(t)["compound"] for t in texts])
    return np.where(compound <= -0.05, 0, np.where(compound >= 0.05, 2, 1))


def pruned(model, min_weight: float = MIN_WEIGHT):
    """The model without the features whose weights are all below ``min_weight``."""
    vocabulary, effective, dense, intercept = model
    keep = np.abs(effective).max(axis=1) >= min_weight
    return [v for v, k in zip(vocabulary, keep) if k], effective[keep], dense, intercept


def write(model, path: Path, *, n_train: int, n_dev: int, dev_f1: float, vader_f1: float) -> None:
    vocabulary, effective, dense, intercept = model
    keep = np.ones(len(vocabulary), dtype=bool)
    lines = [
        "# Sentiment toward a target: the weights of toolkit.targets (one line a feature:",
        "#   feature <TAB> weight toward negative <TAB> neutral <TAB> positive).",
        "# Fitted by benchmarks/fit_target_sentiment.py on NewsMTSC (Hamborg & Donnay, EACL 2021;",
        "# github.com/fhamborg/NewsMTSC, training split, MIT licence, Copyright (c) 2021 Felix Hamborg):",
        f"# {n_train} annotated targets, the targets of one article in five ({n_dev}) kept aside as a",
        f"# development split, on which these weights reach macro-F1 {dev_f1:.3f} (plain VADER {vader_f1:.3f}).",
        "# The data set itself is not shipped; only these weights, derived from it.",
        "\t".join(["__intercept__", *(f"{v:.{WEIGHT_DIGITS}f}" for v in intercept)]),
    ]
    lines += ["\t".join([f"__dense_{i}__", *(f"{v:.{WEIGHT_DIGITS}f}" for v in dense[i])]) for i in range(len(dense))]
    lines += ["\t".join([name, *(f"{v:.{WEIGHT_DIGITS}f}" for v in effective[i])])
              for i, name in enumerate(vocabulary) if keep[i]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {path} ({int(keep.sum())} features, {path.stat().st_size / 1024:.0f} KB)")


def evaluate(rows, features, labels, fold: int, c: float = C):
    folds = np.array([fold_of(r["article"]) for r in rows])
    train, dev = folds != fold, folds == fold
    started = time.perf_counter()
    model = fit([f for f, t in zip(features, train) if t], labels[train], c)
    predicted = predict(model, [f for f, d in zip(features, dev) if d])
    baseline = vader_labels([r["text"] for r, d in zip(rows, dev) if d])
    return model, int(train.sum()), int(dev.sum()), f1_scores(labels[dev], predicted), \
        f1_scores(labels[dev], baseline), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(DEFAULT))
    parser.add_argument("--write", action="store_true", help="write toolkit/data/target_sentiment.txt")
    parser.add_argument("--folds", action="store_true", help="also score each of the five splits")
    args = parser.parse_args()
    path = Path(args.data)
    if not path.exists():
        sys.exit(f"no NewsMTSC training split at {path}")
    sys.path.insert(0, str(ROOT))
    from toolkit.targets import mention_features

    rows = read(path)
    features = [mention_features(r["text"], r["start"], r["end"]) for r in rows]
    labels = np.array([r["label"] for r in rows])
    print(f"NewsMTSC training split: {len(rows)} targets in {len({r['article'] for r in rows})} articles; "
          f"negative {np.sum(labels == 0)}, neutral {np.sum(labels == 1)}, positive {np.sum(labels == 2)}")
    model, n_train, n_dev, f1, vader, seconds = evaluate(rows, features, labels, DEV_FOLD)
    print(f"development split ({n_dev} targets; fitted on {n_train} in {seconds:.1f} s):")
    print(f"  toolkit      macro-F1 {f1.mean():.3f}  (negative {f1[0]:.3f}, neutral {f1[1]:.3f}, positive {f1[2]:.3f})")
    print(f"  plain VADER  macro-F1 {vader.mean():.3f}  (negative {vader[0]:.3f}, neutral {vader[1]:.3f}, "
          f"positive {vader[2]:.3f})")
    if args.folds:
        scores = []
        for fold in range(N_FOLDS):
            _, _, n, f, v, _ = evaluate(rows, features, labels, fold)
            scores.append((f.mean(), v.mean()))
            print(f"  split {fold}: {n} targets, toolkit {f.mean():.3f}, plain VADER {v.mean():.3f}")
        means = np.mean(scores, axis=0)
        print(f"  mean of five splits: toolkit {means[0]:.3f}, plain VADER {means[1]:.3f}")
    folds = np.array([fold_of(r["article"]) for r in rows])
    dev_features = [f for f, k in zip(features, folds) if k == DEV_FOLD]
    small = pruned(model)
    small_f1 = f1_scores(labels[folds == DEV_FOLD], predict(small, dev_features))
    print(f"  shipped (features with a weight of {MIN_WEIGHT} or more: {len(small[0])} of {len(model[0])}) "
          f"macro-F1 {small_f1.mean():.3f}  (negative {small_f1[0]:.3f}, neutral {small_f1[1]:.3f}, "
          f"positive {small_f1[2]:.3f})")
    if args.write:
        write(small, ROOT / "toolkit" / "data" / "target_sentiment.txt", n_train=n_train, n_dev=n_dev,
              dev_f1=small_f1.mean(), vader_f1=vader.mean())


if __name__ == "__main__":
    main()
