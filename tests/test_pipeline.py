"""analyze: the whole analysis in one call, on several processes, equal to one core."""
from __future__ import annotations

import pandas as pd
import pytest

import toolkit
from toolkit.pipeline import PER_ARTICLE


@pytest.fixture(scope="module")
def corpus(sample):
    texts = sample["text"].tolist()
    rows = [{"article_id": f"a{i:02d}", "outlet": f"O{i % 3}", "text": texts[i % 2] if i % 5 else "Short one. Two."}
            for i in range(17)]
    return pd.DataFrame(rows)


def test_several_processes_equal_one(corpus):
    seen = []
    one = toolkit.analyze(corpus, workers=1, chunk_size=4)
    many = toolkit.analyze(corpus, workers=2, chunk_size=4, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (5, 5)
    assert set(one) == set(many) >= set(PER_ARTICLE) | {"distinctive_terms", "readability_by_group"}
    for name in one:
        pd.testing.assert_frame_equal(one[name], many[name], check_dtype=False)


def test_equal_to_calling_each_function(sample):
    tables = toolkit.analyze(sample, workers=2, chunk_size=1)
    sentences = toolkit.split_sentences(sample)
    pd.testing.assert_frame_equal(tables["sentences"], sentences, check_dtype=False)
    pd.testing.assert_frame_equal(tables["tokens"], toolkit.tokenize(sentences), check_dtype=False)
    pd.testing.assert_frame_equal(tables["readability"], toolkit.readability(sample), check_dtype=False)
    pd.testing.assert_frame_equal(tables["quotes"], toolkit.quotes(sentences), check_dtype=False)
    pd.testing.assert_frame_equal(tables["distinctive_terms"],
                                  toolkit.distinctive_terms(toolkit.tokenize(sentences), articles=sample),
                                  check_dtype=False)


def test_missing_group_column(sample):
    with pytest.raises(ValueError, match="no column 'nope'"):
        toolkit.analyze(sample, by="nope")
