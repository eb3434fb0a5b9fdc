"""The report's result tables and headline findings: toolkit.findings."""
from __future__ import annotations

import hashlib

import pandas as pd

import toolkit

from conftest import SAMPLE


def test_two_reports_give_identical_tables(tmp_path):
    from toolkit.report import write_tables

    articles = toolkit.load_corpus(SAMPLE)
    digests = []
    for run in ("first", "second"):
        names = write_tables(toolkit.result_tables(articles), tmp_path / run)
        digests.append({n: hashlib.sha256((tmp_path / run / n).read_bytes()).hexdigest() for n in names})
    assert digests[0] == digests[1] and len(digests[0]) == 16


def test_tables_from_the_cache_equal_fresh_ones(tmp_path):
    articles = toolkit.load_corpus(SAMPLE)
    fresh = toolkit.result_tables(articles)
    first = toolkit.result_tables(articles, cache=tmp_path)
    cached = toolkit.result_tables(articles, cache=tmp_path)  # read back
    assert list(cached) == list(fresh)
    for name in fresh:
        pd.testing.assert_frame_equal(first[name], fresh[name])
        pd.testing.assert_frame_equal(cached[name], fresh[name])
    other = toolkit.result_tables(articles.assign(outlet="One outlet"), cache=tmp_path)  # other articles: computed
    assert set(other["corpus"]["group"]) == {"One outlet"}


def test_every_table_of_a_corpus_without_a_pair_is_a_csv_with_a_header(tmp_path, sample):
    from toolkit.report import write_tables

    one = sample.head(1)  # one article: no two reports to align
    tables = toolkit.result_tables(one, workers=1)
    assert tables["reuse"].empty and tables["alignment"].empty
    for name in write_tables(tables, tmp_path):
        read = pd.read_csv(tmp_path / name)  # an empty table too: its header, no rows
        assert list(read.columns) == [str(c) for c in tables[name[:-4]].columns], name
