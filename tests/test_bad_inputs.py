"""Hostile and broken inputs: each is loaded correctly or rejected with a reason that names
it; loaded + rejected = inputs; nothing crashes without the input's name."""
from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import toolkit
from conftest import ROOT

ARTICLE = "The council met on Monday. It voted to extend the curfew by two weeks."


def _load(source, **kwargs):
    kwargs.setdefault("min_words", 0)  # these inputs are a sentence or two; the minimum is tested on its own
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", toolkit.CorpusWarning)
        return toolkit.load_corpus(source, **kwargs)


def _accounted(articles) -> bool:
    return len(articles) + len(toolkit.rejected(articles)) == articles.attrs["n_inputs"]


# name -> (bytes, expected: "load" with the text it must contain, or "reject" with words of the reason)
TABLE = {
    "empty.txt": (b"", ("reject", "empty file")),
    "blank.txt": (b" \n\t \r\n ", ("reject", "whitespace")),
    "zero.txt": (b"", ("reject", "0 bytes")),
    "picture.txt": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, ("reject", "PNG")),
    "utf16.txt": ("Zelensky \u2013 Kyiv, \u201cquoted\u201d.".encode("utf-16"), ("load", "Zelensky \u2013 Kyiv, \u201cquoted\u201d.")),
    "cp1252.txt": ("Caf\u00e9 \u201cquote\u201d \u2013 done.".encode("cp1252"), ("load", "Caf\u00e9 \u201cquote\u201d \u2013 done.")),
    "mixed-endings.txt": (b"First paragraph here.\r\n\r\nSecond paragraph.\rThird one.\n\nFourth.", ("load", "First paragraph here.\n\nSecond paragraph.\n\nThird one.\n\nFourth.")),
    "page.html": (b"<html><head><title>T</title><style>p{color:red}</style><script>alert(1)</script></head><body>"
                  b"<article><p>" + (ARTICLE.encode() + b" ") * 6 + b"</p><iframe src='https://example.org'></iframe>"
                  b"<p>Officials said the curfew would be reviewed next month after the protests.</p></article></body></html>",
                  ("load", "Officials said the curfew would be reviewed")),
    "embedded.csv": (b'text,outlet\n"A line, with a comma\nand a line break, and ""quotes"" inside.",X\n', ("load", 'and a line break, and "quotes" inside.')),
    "notext.json": (json.dumps({"title": "A title and nothing else"}).encode(), ("reject", "no text")),
    "broken.json": (b'{"text": "never closed', ("reject", "invalid JSON")),
}


@pytest.mark.parametrize("name", list(TABLE))
def test_bad_input_table(tmp_path, name):
    data, (outcome, expected) = TABLE[name]
    path = tmp_path / name
    path.write_bytes(data)
    articles = _load(path)
    assert _accounted(articles) and articles.attrs["n_inputs"] == 1
    if outcome == "load":
        assert len(articles) == 1 and expected in articles.loc[0, "text"]
        assert "<script>" not in articles.loc[0, "text"] and "color:red" not in articles.loc[0, "text"]
    else:
        reason = toolkit.rejected(articles).iloc[0]
        assert name in reason["input"] and expected in reason["reason"]
        with pytest.raises(toolkit.CorpusError, match=re.escape(name)):
            toolkit.load_corpus(path, on_error="raise", min_words=0)


def test_json_list_with_one_broken_record_keeps_the_others(tmp_path):
    path = tmp_path / "list.json"
    path.write_text('[{"text": "First record is fine here."},\n {"text": "broken, "x": },\n'
                    ' {"text": "Third record is fine too.", "id": "t3"}]')
    articles = _load(path)
    assert articles["article_id"].tolist() == ["list#1", "t3"]
    (rejected,) = toolkit.rejected(articles).itertuples()
    assert "list.json record 2" in rejected.input and "invalid JSON" in rejected.reason
    assert _accounted(articles)


def test_duplicate_ids_and_the_same_file_twice(tmp_path):
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "7", "text": ARTICLE}) + "\n" + json.dumps({"id": "7", "text": ARTICLE}))
    articles = _load([tmp_path / "a.jsonl", tmp_path / "a.jsonl"])
    reasons = toolkit.rejected(articles)["reason"].tolist()
    assert len(articles) == 1 and any("duplicate article_id '7'" in r for r in reasons)
    assert any("listed twice" in r for r in reasons) and _accounted(articles)


def test_unreadable_file_is_named(tmp_path, monkeypatch):
    (tmp_path / "fine.txt").write_text(ARTICLE)
    locked = tmp_path / "locked.txt"
    locked.write_text(ARTICLE)
    original = Path.read_bytes

    def read_bytes(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    articles = _load(tmp_path)
    assert articles["article_id"].tolist() == ["fine"]
    assert toolkit.rejected(articles).set_index("input").loc[str(locked), "reason"] == "permission denied"


def test_symlink_loop_and_broken_link(tmp_path):
    (tmp_path / "ok.txt").write_text(ARTICLE)
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "missing.txt")
    articles = _load(tmp_path)
    assert articles["article_id"].tolist() == ["ok"] and _accounted(articles)
    assert "cannot read" in toolkit.rejected(articles)["reason"].iloc[0]


def test_a_50_megabyte_article(tmp_path):
    paragraph = (ROOT / "data" / "sample" / "001_9945b7762ff2502c.txt").read_text(encoding="utf-8").replace("\u2013 AFP", "")
    path = tmp_path / "huge.txt"
    path.write_text((paragraph + "\n\n") * (50_000_000 // len(paragraph)), encoding="utf-8")
    articles = _load(path)
    sentences = toolkit.split_sentences(articles)
    assert len(articles) == 1 and len(articles.loc[0, "text"]) > 45_000_000
    assert len(sentences) > 100_000 and sentences["end"].max() <= len(articles.loc[0, "text"])


def test_twenty_thousand_tiny_files(tmp_path):
    for i in range(20_000):
        (tmp_path / f"{i:05d}.txt").write_text(f"Story {i} happened today. Officials confirmed it.")
    articles = _load(tmp_path)
    assert len(articles) == 20_000 and articles.attrs["n_inputs"] == 20_000
    assert articles["article_id"].is_unique


def test_no_code_is_executed_from_data():
    for path in (ROOT / "toolkit").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"\b(?:pickle|marshal|shelve)\b|\beval\(|\bexec\(", source), path


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=600))
def test_cleaning_never_fails_and_keeps_what_it_does_not_remove(text):
    cleaned = toolkit.clean_article(text)
    assert "\r" not in cleaned.text and "\n\n\n" not in cleaned.text
    assert cleaned.text == cleaned.text.strip()
    for line in cleaned.removed:
        assert line.strip()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200), min_size=1, max_size=4))
def test_load_any_text_files(tmp_path_factory, texts):
    folder = tmp_path_factory.mktemp("any")
    for i, text in enumerate(texts):
        (folder / f"{i}.txt").write_text(text, encoding="utf-8")
    articles = _load(folder)
    assert _accounted(articles) and articles.attrs["n_inputs"] == len(texts)
    sentences = toolkit.split_sentences(articles)
    tokens = toolkit.tokenize(sentences)
    texts_by_id = articles.set_index("article_id")["text"]
    for row in tokens.itertuples():
        assert texts_by_id[row.article_id][row.start:row.end] == row.text


def test_every_analysis_on_degenerate_tables():
    articles = pd.DataFrame({"article_id": ["a"], "outlet": ["only"], "text": ["\u2014"]})
    sentences = toolkit.split_sentences(articles)
    tokens = toolkit.tokenize(sentences)
    scored = toolkit.sentence_sentiment(sentences)
    results = [
        toolkit.distinctive_terms(tokens, articles=articles), toolkit.name_variants(tokens, articles=articles),
        toolkit.attribution_verbs(sentences, articles=articles), toolkit.quotes(sentences),
        toolkit.share_of_voice(toolkit.quotes(sentences), articles=articles), toolkit.kwic(tokens, "war"),
        toolkit.sentiment_summary(scored, articles=articles), toolkit.actor_sentiment(scored, articles=articles),
        toolkit.loaded_language(sentences), toolkit.news_frames(sentences), toolkit.agency(sentences),
        toolkit.readability(articles), toolkit.readability_by_group(toolkit.readability(articles)),
    ]
    assert all(isinstance(r, pd.DataFrame) for r in results)
    assert toolkit.pick_pair(articles) is None
    findings = toolkit.headline_findings(toolkit.result_tables(articles))
    assert findings.loc[0, "distinctive words"] == "(one group: nothing to compare)"


def test_cleaning_on_several_processes_loads_and_rejects_alike(tmp_path, monkeypatch):
    for name, (data, _) in TABLE.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "dupes.jsonl").write_text(json.dumps({"id": "7", "text": ARTICLE}) + "\n"
                                          + json.dumps({"id": "7", "text": ARTICLE}) + "\n"
                                          + json.dumps({"id": "8", "text": "Advertisement"}) + "\n")
    monkeypatch.setattr(toolkit.corpus, "PARALLEL_FROM", 1)
    with warnings.catch_warnings(record=True) as one:
        warnings.simplefilter("always")
        serial = toolkit.load_corpus(tmp_path, workers=1, min_words=0)
    with warnings.catch_warnings(record=True) as two:
        warnings.simplefilter("always")
        parallel = toolkit.load_corpus(tmp_path, workers=2, min_words=0)
    pd.testing.assert_frame_equal(parallel, serial)
    assert parallel.attrs == serial.attrs and _accounted(parallel)
    assert [str(w.message) for w in two] == [str(w.message) for w in one]
    reasons = " ".join(toolkit.rejected(parallel)["reason"])
    assert "duplicate article_id '7'" in reasons and "no text left" in reasons and "invalid JSON" in reasons
