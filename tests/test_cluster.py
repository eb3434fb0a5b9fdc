"""The analysis on a Dask cluster (a LocalCluster of two worker processes) equals the pandas one."""
from __future__ import annotations

import pandas as pd
import pytest

import toolkit
from toolkit.cluster import analyze_dask

distributed = pytest.importorskip("distributed")

PLAIN = {"article_id": "string", "text": "string", "lower": "string"}


@pytest.fixture(scope="module")
def parquet_corpus(sample, tmp_path_factory):
    texts = sample["text"].tolist()
    articles = pd.DataFrame([{"article_id": f"a{i:02d}", "outlet": f"O{i % 3}",
                              "text": texts[i % 2] if i % 5 else "Short one. Two."} for i in range(12)])
    folder = tmp_path_factory.mktemp("corpus")
    for n in range(3):  # three files: three partitions
        articles.iloc[n * 4:(n + 1) * 4].to_parquet(folder / f"part{n}.parquet", index=False)
    return articles, folder


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        yield client


def _same(got, expected):
    assert list(got) == list(expected)
    for name in expected:
        left, right = got[name], expected[name]
        if name == "tokens":
            left, right = left.astype(PLAIN), right.astype(PLAIN)
        pd.testing.assert_frame_equal(left, right, check_dtype=False, obj=name)


def test_local_cluster_equals_pandas(parquet_corpus, client, tmp_path):
    articles, folder = parquet_corpus
    expected = toolkit.analyze(articles, workers=1)
    _same(analyze_dask(folder, client=client, chunk_size=2), expected)
    on_disk = analyze_dask(str(folder), client=client, output=tmp_path / "tables")
    assert on_disk.files("tokens") and "tokens (disk)" in repr(on_disk)
    _same(on_disk, expected)


def test_missing_group_column_is_named(parquet_corpus, client):
    _, folder = parquet_corpus
    with pytest.raises(ValueError, match="no column 'desk'"):
        analyze_dask(folder, by="desk", client=client)
