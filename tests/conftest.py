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
