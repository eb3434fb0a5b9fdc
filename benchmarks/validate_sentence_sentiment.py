"""How well sentence sentiment agrees with people's ratings: the news reading against plain VADER.

Run by hand: ``python benchmarks/validate_sentence_sentiment.py [RATINGS] [--newsmtsc JSONL]``.

RATINGS is ``nytEditorialSnippets_GroundTruth.txt`` of Hutto & Gilbert (2014): 5,190 sentences
of New York Times editorials, each with the mean of 20 people's ratings from -4 to +4. It is
distributed (MIT licence) inside the source archive of the ``vaderSentiment`` package,
``additional_resources/hutto_ICWSM_2014.tar.gz``; get it with
``pip download vaderSentiment==3.3.2 --no-binary :all: --no-deps`` and unpack both archives.
The default path is where ``--fetch-to DIR`` leaves it. The data stay outside the project.

Printed: Pearson's r between the compound score and the mean rating, for ``lexicon="vader"``
(VADER's own numbers) and ``lexicon="news"`` (the toolkit's default reading), with the
sentences that neither reading rates and how far the ratings of those sentences spread.

``--newsmtsc JSONL`` also scores NewsMTSC's training split (MIT; Hamborg & Donnay 2021):
its annotators rated the sentiment toward a person or organisation, not the sentence, so the
check is the correlation of the compound with the mean of a sentence's target labels
(negative -1, neutral 0, positive +1): weaker evidence, on news rather than editorials.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import numpy as np

from _corpus import ROOT  # noqa: E402  (beside this script)

FILE = "nytEditorialSnippets_GroundTruth.txt"
DEFAULT_DIR = Path(tempfile.gettempdir()) / "vader-ratings"
NEWSMTSC = ROOT.parent / "shared" / "corpora" / "newsmtsc-train" / "train.jsonl"
NEWSMTSC_LABEL = {2.0: -1.0, 4.0: 0.0, 6.0: 1.0}


def fetch(folder: Path) -> Path:
    """Download vaderSentiment's source archive with pip and unpack the ratings into ``folder``
    (the one step of this script that uses the network; the toolkit itself never does)."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "vaderSentiment==3.3.2", "--no-binary", ":all:",
                    "--no-deps", "-q", "-d", str(folder)], check=True)
    with tarfile.open(folder / "vaderSentiment-3.3.2.tar.gz") as outer:
        inner = outer.extractfile("vaderSentiment-3.3.2/additional_resources/hutto_ICWSM_2014.tar.gz")
        with tarfile.open(fileobj=inner) as archive:
            member = archive.getmember(f"hutto_ICWSM_2014/{FILE}")
            (folder / FILE).write_bytes(archive.extractfile(member).read())
    return folder / FILE


def read_ratings(path: Path) -> tuple[list[str], np.ndarray]:
    texts, ratings = [], []
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.strip():
            _, rating, text = line.split("\t", 2)
            texts.append(text)
            ratings.append(float(rating))
    return texts, np.array(ratings)


def read_newsmtsc(path: Path) -> tuple[list[str], np.ndarray]:
    texts, labels = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            texts.append(record["sentence_normalized"])
            labels.append(np.mean([NEWSMTSC_LABEL[float(t["polarity"])] for t in record["targets"]]))
    return texts, np.array(labels)


def compounds(texts: list[str], lexicon: str) -> np.ndarray:
    import pandas as pd

    from toolkit.framing import sentence_sentiment

    table = pd.DataFrame({"article_id": "a", "sentence_id": range(len(texts)), "text": texts})
    return sentence_sentiment(table, lexicon=lexicon)["compound"].to_numpy()


def report(name: str, texts: list[str], truth: np.ndarray) -> dict[str, float]:
    print(f"{name}: {len(texts)} sentences")
    out = {}
    for lexicon, label in (("vader", "plain VADER (lexicon='vader')"), ("news", "news reading (lexicon='news')")):
        scores = compounds(texts, lexicon)
        unrated = scores == 0
        out[lexicon] = float(np.corrcoef(scores, truth)[0, 1])
        print(f"  {label:32s} Pearson r {out[lexicon]:.3f}; unrated sentences {unrated.mean():.1%} "
              f"(mean |rating| there {np.abs(truth[unrated]).mean():.2f}, elsewhere {np.abs(truth[~unrated]).mean():.2f})")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ratings", nargs="?", default=str(DEFAULT_DIR / FILE))
    parser.add_argument("--fetch-to", metavar="DIR", help="download the ratings into DIR first (pip, network)")
    parser.add_argument("--newsmtsc", nargs="?", const=str(NEWSMTSC), metavar="JSONL",
                        help="also check on NewsMTSC's training split")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    path = fetch(Path(args.fetch_to)) if args.fetch_to else Path(args.ratings)
    if not path.exists():
        sys.exit(f"no ratings at {path}: pass the path of {FILE}, or --fetch-to DIR to download them")
    report("NYT editorial snippets (Hutto & Gilbert 2014, mean of 20 ratings)", *read_ratings(path))
    if args.newsmtsc:
        mtsc = Path(args.newsmtsc)
        if not mtsc.exists():
            sys.exit(f"no NewsMTSC training split at {mtsc}")
        report("NewsMTSC training split (mean target label per sentence)", *read_newsmtsc(mtsc))


if __name__ == "__main__":
    main()
