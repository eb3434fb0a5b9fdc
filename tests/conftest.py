from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
AFP = SAMPLE / "001_9945b7762ff2502c.txt"
BRUSSELS = SAMPLE / "000_a1d604bcc0e88a65.txt"
ALLSIDES = ROOT.parent / "shared" / "corpora" / "allsides-sample" / "articles.jsonl"
BRUSSELS_ID, AFP_ID = BRUSSELS.stem, AFP.stem  # the sample's two articles, as load_corpus names them


def tokens_of(groups: dict[str, str]):
    """Tokens and articles of one tiny article a group (its id and outlet the group's name)."""
    import pandas as pd

    import toolkit

    articles = pd.DataFrame({"article_id": list(groups), "outlet": list(groups), "text": list(groups.values())})
    return toolkit.tokenize(toolkit.split_sentences(articles)), articles


@pytest.fixture(scope="session")
def allsides_path() -> Path:
    if not ALLSIDES.exists():
        pytest.skip("the allsides sample corpus is not on this machine")
    return ALLSIDES


@pytest.fixture(scope="session")
def allsides(allsides_path):
    import toolkit

    return toolkit.load_corpus(allsides_path)


@pytest.fixture(scope="session")
def sample():
    import toolkit

    return toolkit.load_corpus(SAMPLE, manifest=False)


@pytest.fixture(scope="session")
def tables(sample):
    """The sample's articles, sentences and tokens."""
    import toolkit

    sentences = toolkit.split_sentences(sample)
    return sample, sentences, toolkit.tokenize(sentences)


HOSTILE = ("Officials said the attack <script>alert(1)</script> was repelled. "
           "A second line carries <img src=x onerror=alert(2)> and more text so the article has sentences.\n\n"
           "The council met again on Tuesday evening and voted to extend the curfew in the old town by two weeks, "
           "after a weekend in which the police reported more arrests than in any week since the spring.")
OTHER_VERSION_ENTRY = Path(".cache") / "toolkit-0.0.9-aaaaaaaaaaaa" / "chunks" / ("0" * 32)  # below the report


@pytest.fixture(scope="session")
def sample_report(tmp_path_factory):
    """``python -m toolkit report`` once for the whole suite, as a user runs it: over the
    sample's two articles and a third whose text and outlet hold HTML, into a folder whose
    cache holds an entry of another toolkit version. Returns the folder and the command's
    result."""
    import subprocess
    import sys

    corpus = tmp_path_factory.mktemp("corpus")
    for path in (BRUSSELS, AFP):
        (corpus / path.name).write_bytes(path.read_bytes())
    (corpus / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (corpus / "manifest.csv").write_text(
        f"path,outlet\n{BRUSSELS.name},24brussels\n{AFP.name},AFP\nhostile.txt,<b>Evil</b> <img src=x onerror=alert(3)> $\\undefinedmacro{{x}}$\n")
    out = tmp_path_factory.mktemp("report")
    left = out / OTHER_VERSION_ENTRY
    left.mkdir(parents=True)
    (left / "tokens.parquet").write_bytes(b"x" * 4096)
    result = subprocess.run([sys.executable, "-m", "toolkit", "report", str(corpus), "--out", str(out)],
                            capture_output=True, text=True, cwd=out, timeout=900)
    return out, corpus, result
