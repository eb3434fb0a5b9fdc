"""The corpus the benchmark scripts run on: the path given on the command line, else the
AllSides sample when it sits beside the project (../shared/corpora/…), else the sample corpus."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALLSIDES = ROOT.parent / "shared" / "corpora" / "allsides-sample" / "articles.jsonl"


def corpus_path() -> Path:
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    return ALLSIDES if ALLSIDES.exists() else ROOT / "data" / "sample"

