"""How many articles carry lines of page furniture, before and after cleaning.

Run by hand: ``python benchmarks/furniture_counts.py [JSONL]`` (default: the AllSides sample
beside the project). A line counts as furniture when it stands on its own and starts with one
of a few plain phrases ("Advertisement", "Sign up", "Click here", "Share", "Follow", "Read
more") or carries a photo credit ("Getty Images", "REUTERS/", "AP Photo", "Image copyright").
This detector is deliberately simpler than the cleaner's, so that it checks it.
"""
from __future__ import annotations

import json
import re
import sys
import warnings
from collections import Counter
from pathlib import Path

from _corpus import ALLSIDES  # noqa: E402  (beside this script)

KINDS = {
    "advertisement": re.compile(r"^advertisement\b", re.I),
    "sign up": re.compile(r"^sign up\b", re.I),
    "click here": re.compile(r"^click here\b", re.I),
    "share": re.compile(r"^share\b", re.I),
    "follow": re.compile(r"^follow\b.*(twitter|@|facebook|instagram)", re.I),
    "read more": re.compile(r"^read more\b", re.I),
    "photo credit": re.compile(r"Getty Images|REUTERS/|AP Photo|Image copyright|^Photo\b|^Image\b"),
}


def kinds_in(text: str) -> set[str]:
    found = set()
    for line in text.split("\n"):
        line = line.strip()
        if line and len(line.split()) <= 60:
            found.update(k for k, rx in KINDS.items() if rx.search(line))
    return found


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ALLSIDES
    import toolkit

    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        articles = toolkit.load_corpus(path)
    before, after = Counter(), Counter()
    n_before = n_after = 0
    for record, text in zip(records, articles["text"]):
        raw = kinds_in(record.get("content_original") or record.get("text") or "")
        clean = kinds_in(text)
        before.update(raw)
        after.update(clean)
        n_before += bool(raw)
        n_after += bool(clean)
    print(f"{path}: {len(records)} articles")
    print(f"articles carrying furniture lines: before cleaning {n_before}, after {n_after}")
    for kind in KINDS:
        print(f"  {kind:14s} before {before[kind]:4d}  after {after[kind]:4d}")


if __name__ == "__main__":
    main()
