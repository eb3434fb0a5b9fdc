"""analyze: the whole analysis in one call, on several processes, cached, in chunks; equal to
calling each function on the whole corpus."""
from __future__ import annotations

import warnings

import pandas as pd
import pytest

import toolkit
from toolkit import caching, pipeline
from toolkit.pipeline import CORPUS_LEVEL, PER_ARTICLE, chunk_bounds
from toolkit.speech import verb_hits

PLAIN = {"article_id": "string", "text": "string", "lower": "string"}


@pytest.fixture(scope="module")
def corpus(sample):
    texts = sample["text"].tolist()
    rows = [{"article_id": f"a{i:02d}", "outlet": f"O{i % 3}", "text": texts[i % 2] if i % 5 else "Short one. Two."}
            for i in range(17)]
    return pd.DataFrame(rows)


def reference(articles: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Every table as the user gets it by calling each function on the whole corpus."""
    sentences = toolkit.split_sentences(articles)
    tokens = toolkit.tokenize(sentences)
    scored = toolkit.sentence_sentiment(sentences)
    quoted = toolkit.quotes(sentences)
    scores = toolkit.readability(articles)
    return {
        "sentences": sentences, "tokens": tokens,
        "sentiment": scored[["article_id", "sentence_id", "neg", "neu", "pos", "compound"]],
        "actors": toolkit.actor_mentions(sentences), "loaded_language": toolkit.loaded_language(sentences),
        "frames": toolkit.news_frames(sentences), "quotes": quoted, "agency": toolkit.agency(sentences),
        "attributions": verb_hits(sentences), "readability": scores,
        "distinctive_terms": toolkit.distinctive_terms(tokens, articles=articles),
        "name_variants": toolkit.name_variants(tokens, articles=articles),
        "attribution_verbs": toolkit.attribution_verbs(sentences, articles=articles),
        "share_of_voice": toolkit.share_of_voice(quoted, articles=articles),
        "sentiment_by_group": toolkit.sentiment_summary(scored, articles=articles),
        "readability_by_group": toolkit.readability_by_group(scores),
    }


def assert_tables_equal(got, expected):
    assert list(got) == list(PER_ARTICLE) + list(CORPUS_LEVEL)
    for name, table in expected.items():
        actual = got[name]
        if name == "tokens":
            actual = actual.astype(PLAIN)
        pd.testing.assert_frame_equal(actual, table, check_dtype=False, obj=name)


def test_equal_to_calling_each_function_in_any_chunks(corpus):
    expected = reference(corpus)
    for chunk_size in (1, 3, 100):
        assert_tables_equal(toolkit.analyze(corpus, workers=1, chunk_size=chunk_size), expected)


def test_several_processes_equal_one(corpus):
    seen = []
    one = toolkit.analyze(corpus, workers=1, chunk_size=4)
    many = toolkit.analyze(corpus, workers=2, chunk_size=4, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (17, 17) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    for name in one:
        pd.testing.assert_frame_equal(one[name], many[name], obj=name)


def test_tokens_come_compact(corpus):
    tokens = toolkit.analyze(corpus, workers=1, chunk_size=4)["tokens"]
    assert isinstance(tokens["text"].dtype, pd.CategoricalDtype)
    assert tokens["text"].dtype == tokens["lower"].dtype  # one vocabulary: the two compare
    assert (tokens["text"] == tokens["lower"]).any()
    assert str(tokens["sentence_id"].dtype) == "int16" and str(tokens["start"].dtype) == "int32"


def test_functions_take_compact_tokens_alike(sample, corpus):
    many = toolkit.compact_tokens(toolkit.tokenize(toolkit.split_sentences(corpus)))
    plain = many.astype(PLAIN)
    assert many.memory_usage(deep=True).sum() < 0.6 * plain.memory_usage(deep=True).sum()
    tokens = toolkit.tokenize(toolkit.split_sentences(sample))
    compact = toolkit.compact_tokens(tokens)
    pd.testing.assert_frame_equal(compact.astype(PLAIN), tokens, check_dtype=False)
    for call in (lambda t: toolkit.distinctive_terms(t, articles=sample),
                 lambda t: toolkit.name_variants(t, articles=sample),
                 lambda t: toolkit.kwic(t, "firmly"),
                 lambda t: toolkit.terms.term_counts(t, articles=sample)):
        pd.testing.assert_frame_equal(call(compact), call(tokens), check_dtype=False)


def test_chunks_end_where_the_ids_say():
    ids = [f"id{i}" for i in range(400)]
    bounds = chunk_bounds(ids, 20)
    assert bounds[0][0] == 0 and bounds[-1][1] == 400
    assert all(a < b for a, b in bounds) and all(b == c for (_, b), (c, _) in zip(bounds, bounds[1:]))
    assert max(b - a for a, b in bounds) <= pipeline.MAX_CHUNK * 20
    # an article inserted in the middle changes only the chunk it falls in
    chunks = {tuple(ids[a:b]) for a, b in bounds}
    inserted = ids[:200] + ["new"] + ids[200:]
    again = {tuple(inserted[a:b]) for a, b in chunk_bounds(inserted, 20)}
    assert 1 <= len(again - chunks) <= 2 and len(chunks - again) <= 2  # its own chunk, rarely the next too


def test_cache_rerun_reads_and_a_change_recomputes_only_its_chunk(corpus, tmp_path, monkeypatch):
    first = toolkit.analyze(corpus, workers=1, chunk_size=4, cache=tmp_path)
    n_chunks = len(chunk_bounds(corpus["article_id"].tolist(), 4))
    assert len(list((caching.version_folder(tmp_path) / "chunks").iterdir())) == n_chunks
    computed = []
    real = pipeline.article_tables
    monkeypatch.setattr(pipeline, "article_tables", lambda chunk: computed.append(len(chunk)) or real(chunk))
    again = toolkit.analyze(corpus, workers=1, chunk_size=4, cache=tmp_path)
    assert computed == []
    for name in first:
        pd.testing.assert_frame_equal(again[name], first[name], obj=name)
    changed = corpus.copy()
    changed.loc[5, "text"] = "A new text. The Kremlin said nothing."
    result = toolkit.analyze(changed, workers=1, chunk_size=4, cache=tmp_path)
    assert len(computed) == 1 and computed[0] < len(corpus)  # only the chunk of article a05
    assert_tables_equal(result, reference(changed))


def test_cache_is_per_grouping_and_per_code(corpus, tmp_path, monkeypatch):
    toolkit.analyze(corpus, workers=1, chunk_size=100, cache=tmp_path)
    by_other = corpus.assign(desk=["x", "y"] * 8 + ["x"])
    result = toolkit.analyze(by_other, by="desk", workers=1, chunk_size=100, cache=tmp_path)
    assert set(result["distinctive_terms"]["group"]) == {"x", "y"}
    computed = []
    real = pipeline.article_tables
    monkeypatch.setattr(pipeline, "article_tables", lambda chunk: computed.append(len(chunk)) or real(chunk))
    monkeypatch.setattr(caching, "code_fingerprint", lambda: "another version of the toolkit")
    toolkit.analyze(corpus, workers=1, chunk_size=100, cache=tmp_path)
    assert computed == [17]


def test_tables_on_disk_read_when_asked(corpus, tmp_path):
    expected = reference(corpus)
    result = toolkit.analyze(corpus, workers=2, chunk_size=4, cache=tmp_path, in_memory=False)
    assert result.files("tokens") and all(p.is_file() for p in result.files("tokens"))
    assert "tokens (disk)" in repr(result)
    columns = result.read("sentences", columns=["article_id", "sentence_id"])
    assert list(columns.columns) == ["article_id", "sentence_id"] and len(columns) == len(expected["sentences"])
    assert_tables_equal(result, expected)


def test_batches_of_articles_equal_one_table(corpus, tmp_path):
    batches = (corpus.iloc[i:i + 5] for i in range(0, len(corpus), 5))
    result = toolkit.analyze(batches, workers=2, chunk_size=3, cache=tmp_path, in_memory=False, progress=False)
    assert_tables_equal(result, reference(corpus))


def test_parquet_corpus_read_in_batches(corpus, tmp_path):
    path = tmp_path / "corpus.parquet"
    corpus.to_parquet(path, index=False)
    batches = list(toolkit.read_articles(path, batch_size=5))
    assert [len(b) for b in batches] == [5, 5, 5, 2]
    pd.testing.assert_frame_equal(pd.concat(batches, ignore_index=True), corpus, check_dtype=False)


def test_progress_bar_on_standard_error(corpus, capsys):
    toolkit.analyze(corpus.head(3), workers=1, progress=True)
    err = capsys.readouterr().err
    assert "analyze [" in err and "3/3 articles" in err


def test_empty_corpus(corpus):
    result = toolkit.analyze(corpus.head(0), workers=2)
    assert all(result[name].empty for name in PER_ARTICLE)


def test_bad_arguments(sample, tmp_path):
    with pytest.raises(ValueError, match="no column 'nope'"):
        toolkit.analyze(sample, by="nope")
    with pytest.raises(ValueError, match="needs cache="):
        toolkit.analyze(sample, in_memory=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing to warn about on good input
        toolkit.analyze(sample, workers=1, cache=tmp_path)


def test_workers_keep_the_collector_off_what_they_inherit():
    import gc

    from toolkit._parallel import process_pool  # (the unit under test: the pool every parallel step uses)

    pool = process_pool(1)
    try:
        assert pool.submit(gc.get_freeze_count).result() > 1000  # the parent's objects, frozen
    finally:
        pool.shutdown()


def test_tables_read_back_equal_those_written(corpus, tmp_path):
    from toolkit._tables import concat_tables  # (the unit under test with the store: tables as written)

    tokens = toolkit.analyze(corpus, workers=1, chunk_size=4)["tokens"]
    apart = tokens.assign(lower=tokens["lower"].astype(str).astype("category"))  # two vocabularies
    store = caching.Store(tmp_path)
    store.write("chunks", "0" * 32, {"tokens": tokens, "apart": apart})
    back = store.read("chunks", "0" * 32, ("tokens", "apart"))
    pd.testing.assert_frame_equal(back["tokens"], tokens, check_exact=True)
    assert back["tokens"]["text"].dtype == back["tokens"]["lower"].dtype
    assert back["tokens"]["text"].cat.categories.dtype == object
    pd.testing.assert_frame_equal(back["apart"], concat_tables([apart, apart.iloc[0:0]]), check_exact=True)
    assert back["apart"]["text"].dtype == back["apart"]["lower"].dtype  # made one again


def test_tables_gathered_in_any_order_equal_those_put_together_in_order(corpus, tmp_path):
    from toolkit._tables import Gathered, concat_tables  # (the units under test: how chunks' tables are joined)

    parts = [toolkit.analyze(corpus.iloc[i:i + 4], workers=1)["tokens"] for i in range(0, len(corpus), 4)]
    store = caching.Store(tmp_path)
    store.write("chunks", "0" * 32, {"last": parts[-1]})
    parts[-1] = store.read("chunks", "0" * 32, ("last",))["last"]  # string categories, as read from a cache
    parts.append(parts[0].iloc[0:0])
    plain = [p.assign(text=p["text"].astype(str)) for p in parts]  # one column not a category
    for tables in (parts, plain):
        expected = concat_tables(tables)
        for order in (range(len(tables)), reversed(range(len(tables))), [2, 0, 4, 1, 3, 5]):
            gathered = Gathered(len(tables))
            for place in order:
                gathered.add(place, tables[place])
            got = gathered.result()
            pd.testing.assert_frame_equal(got, expected, check_exact=True)
            for column in ("article_id", "text", "lower"):
                if isinstance(expected[column].dtype, pd.CategoricalDtype):  # in the same order
                    assert got[column].cat.categories.tolist() == expected[column].cat.categories.tolist()
    mixed = Gathered(2)
    mixed.add(1, plain[1])
    mixed.add(0, parts[0])
    pd.testing.assert_frame_equal(mixed.result(), concat_tables([parts[0], plain[1]]), check_exact=True)


def test_partials_added_up_as_chunks_arrive_give_the_same_tables(corpus, monkeypatch):
    expected = toolkit.analyze(corpus, workers=1, chunk_size=4, progress=False)
    monkeypatch.setattr(pipeline, "ADD_UP_ROWS", 1)  # add up the term counts at every chunk
    added = []
    real = pipeline._ADDING["term_counts"]
    monkeypatch.setitem(pipeline._ADDING, "term_counts", lambda tables: added.append(len(tables)) or real(tables))
    got = toolkit.analyze(corpus, workers=1, chunk_size=4, progress=False)
    assert len(added) >= 3
    for name in CORPUS_LEVEL:
        pd.testing.assert_frame_equal(got[name], expected[name], check_exact=True)
