"""load_corpus: formats, field mapping, manifests, the sample corpus, and bad input."""
from __future__ import annotations

import json
import warnings

import pandas as pd
import pytest

import toolkit
from toolkit import caching
from conftest import AFP, BRUSSELS, SAMPLE


def _load(source, **kwargs):
    kwargs.setdefault("min_words", 0)  # these inputs are a sentence or two; the minimum is tested on its own
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", toolkit.CorpusWarning)
        return toolkit.load_corpus(source, **kwargs)


# --- the sample corpus -----------------------------------------------------------------------

def test_sample_without_manifest_finds_outlets_credits_dateline_and_titles(sample):
    assert list(sample.columns[:len(toolkit.ARTICLE_COLUMNS)]) == list(toolkit.ARTICLE_COLUMNS)
    brussels = sample.set_index("article_id").loc["000_a1d604bcc0e88a65"]
    afp = sample.set_index("article_id").loc["001_9945b7762ff2502c"]
    assert "24brussels" in (brussels["outlet"], brussels["credit"])
    assert afp["credit"] == "AFP" and afp["dateline"] == "MOSCOW"
    title = "Russia opposes EU peacekeeping troops in Ukraine and dismisses Zelenskyy meeting prospects"
    assert brussels["title"] == title
    assert title not in brussels["text"]
    assert not afp["text"].startswith("MOSCOW") and "– AFP" not in afp["text"]
    assert afp["text"].rstrip().endswith("approximately one-fifth of Ukraine.")


def test_sample_cleaning_moves_page_furniture_to_removed(sample):
    brussels = sample.set_index("article_id").loc["000_a1d604bcc0e88a65"]
    text, removed = brussels["text"], list(brussels["removed"])
    for furniture in ("2 months ago", "Leave a Reply", "Your email address will not be published.", "Don't Miss",
                      "UNTCC Chiefs Conclave", "Pakistan suspends ties", "Khawaja Asif"):
        assert furniture not in text
        assert any(furniture in line for line in removed), furniture
    assert ", reports 24brussels" not in text


def test_sample_body_keeps_every_sentence_of_the_report(sample):
    brussels = sample.set_index("article_id").loc["000_a1d604bcc0e88a65", "text"]
    raw = BRUSSELS.read_text(encoding="utf-8")
    body = raw[raw.index("Russia has firmly opposed"):raw.index("Leave a Reply")]
    for paragraph in body.split("\n\n"):
        paragraph = paragraph.strip().replace("., reports 24brussels.", ".")
        assert paragraph in brussels, paragraph[:60]
    afp = sample.set_index("article_id").loc["001_9945b7762ff2502c", "text"]
    raw = AFP.read_text(encoding="utf-8")
    for paragraph in raw.removeprefix("MOSCOW: ").removesuffix(" – AFP").split("\n\n"):
        assert paragraph.strip() in afp


def test_manifest_in_the_folder_is_used(tmp_path):
    articles = toolkit.load_corpus(SAMPLE)
    assert set(articles["outlet"]) == {"24brussels", "AFP"}
    assert articles["story"].notna().all()
    assert articles.attrs["n_inputs"] == 2 and not articles.attrs["rejected"]


def test_article_id_is_stable_across_runs_and_locations(tmp_path):
    first = _load(SAMPLE, manifest=False)["article_id"].tolist()
    copy = tmp_path / "elsewhere"
    copy.mkdir()
    for p in SAMPLE.glob("*.txt"):
        (copy / p.name).write_bytes(p.read_bytes())
    assert _load(copy)["article_id"].tolist() == first == ["000_a1d604bcc0e88a65", "001_9945b7762ff2502c"]


# --- formats ---------------------------------------------------------------------------------

ARTICLE = "A first sentence of the report is here. A second one follows it, as reports do."


def test_folder_is_read_recursively_in_every_format(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text(ARTICLE)
    (tmp_path / "two.json").write_text(json.dumps({"headline": "Two", "body": ARTICLE, "publisher": "P"}))
    (tmp_path / "three.json").write_text(json.dumps([{"text": ARTICLE, "source": "S"}, {"content": ARTICLE}]))
    (tmp_path / "four.jsonl").write_text("\n".join(json.dumps({"text": ARTICLE, "id": f"j{i}"}) for i in range(3)))
    pd.DataFrame({"text": [ARTICLE, 'Quoted "text",\nwith a line break. And more.'], "outlet": ["C", "C"]}) \
        .to_csv(tmp_path / "five.csv", index=False)
    pd.DataFrame({"content": [ARTICLE], "sitename": ["Q"], "publish_date": ["2024-01-02"]}) \
        .to_parquet(tmp_path / "six.parquet")
    (tmp_path / "seven.html").write_text(
        "<html><head><title>Seven</title><meta property='og:site_name' content='Site Seven'></head><body>"
        "<nav>Home | World</nav><article><h1>Seven</h1><p>" + ARTICLE + " " + ARTICLE + "</p><p>"
        + ARTICLE + "</p></article><script>var x = 1;</script></body></html>")
    (tmp_path / "eight.json").write_text(json.dumps({"status": "ok", "articles": [
        {"title": "Eight", "content": ARTICLE, "source": {"id": None, "name": "NewsAPI Outlet"},
         "publishedAt": "2024-03-04T05:06:07Z", "url": "https://example.org/8", "author": "A. Writer"}]}))
    articles = toolkit.load_corpus(tmp_path, min_words=0)
    assert len(articles) == 1 + 1 + 2 + 3 + 2 + 1 + 1 + 1
    assert articles.attrs["n_inputs"] == len(articles)
    by_id = articles.set_index("article_id")
    assert by_id.loc["two", "title"] == "Two" and by_id.loc["two", "outlet"] == "P"
    assert by_id.loc["three#1", "outlet"] == "S"
    assert by_id.loc["j2", "text"] == ARTICLE
    assert "with a line break" in by_id.loc["five#3", "text"]
    assert by_id.loc["six#1", "published"] == pd.Timestamp("2024-01-02")
    assert by_id.loc["seven", "title"] == "Seven" and "var x" not in by_id.loc["seven", "text"]
    assert ARTICLE in by_id.loc["seven", "text"]
    assert by_id.loc["eight#1", "outlet"] == "NewsAPI Outlet"
    assert by_id.loc["eight#1", "published"] == pd.Timestamp("2024-03-04 05:06:07")
    assert by_id.loc["eight#1", "byline"] == "A. Writer"
    assert by_id.loc["a/one", "text"] == ARTICLE


def test_glob_and_list_sources(tmp_path):
    for name in ("x.txt", "y.txt", "z.md"):
        (tmp_path / name).write_text(ARTICLE)
    assert len(toolkit.load_corpus(str(tmp_path / "*.txt"), min_words=0)) == 2
    assert len(toolkit.load_corpus([tmp_path / "x.txt", str(tmp_path / "y.txt")], min_words=0)) == 2


def test_columns_override_the_automatic_mapping(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps({"story_body": ARTICLE, "paper": "Daily", "text": "not this"}) + "\n")
    articles = toolkit.load_corpus(path, columns={"text": "story_body", "outlet": "paper"}, min_words=0)
    assert articles.loc[0, "text"] == ARTICLE and articles.loc[0, "outlet"] == "Daily"


def test_manifest_as_source_and_as_option(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.txt").write_text(ARTICLE + " Different.")
    (tmp_path / "list.csv").write_text("path,outlet,story,published\na.txt,Alpha,s1,2024-05-06\nb.txt,Beta,s1,\n")
    via_source = toolkit.load_corpus(tmp_path / "list.csv", min_words=0)
    assert via_source.set_index("article_id")["outlet"].to_dict() == {"a": "Alpha", "b": "Beta"}
    assert via_source["published"].isna().tolist() == [False, True]
    with pytest.warns(toolkit.CorpusWarning, match="b.txt: listed in the manifest"):
        via_option = toolkit.load_corpus(tmp_path / "a.txt", manifest=tmp_path / "list.csv", min_words=0)
    assert via_option.loc[0, "outlet"] == "Alpha"
    assert via_option.attrs["n_inputs"] == 2  # b.txt is listed but not among the inputs: rejected, named


def test_allsides_sample_loads_with_no_options(allsides, allsides_path):
    assert len(allsides) == 2000 and not allsides.attrs["rejected"]
    records = [json.loads(line) for line in allsides_path.read_text(encoding="utf-8").splitlines()]
    assert allsides["outlet"].tolist() == [r["source"] for r in records]
    assert allsides["article_id"].tolist() == [r["ID"] for r in records]
    empty = [not r["date"] for r in records]
    assert allsides["published"].isna().tolist() == empty
    assert {"bias_text", "topic"} <= set(allsides.columns)


@pytest.mark.parametrize("value, expected", [
    ("2019-07-16", "2019-07-16"), ("4/28/18", "2018-04-28"), ("12/1/2016", "2016-12-01"),
    ("March 3, 2020", "2020-03-03"), ("2024-03-04T05:06:07+02:00", "2024-03-04 03:06:07"),
])
def test_dates_parse(tmp_path, value, expected):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"text": ARTICLE, "date": value}))
    assert _load(path).loc[0, "published"] == pd.Timestamp(expected)


@pytest.mark.parametrize("value", ["", "2 months ago", "not a date"])
def test_missing_or_unparseable_dates_are_nat(tmp_path, value):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"text": ARTICLE, "date": value}))
    assert pd.isna(_load(path).loc[0, "published"])


# --- bad input -------------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def _bad_folder(tmp_path):
    files = {
        "empty.txt": b"",
        "blank.txt": b"   \n\t\n  ",
        "image.txt": PNG,
        "cp1252.txt": "He said \u201cit is fine\u201d \u2013 caf\u00e9.".encode("cp1252"),
        "utf16.txt": "UTF-16 text with a mark: Zelensky \u2013 Kyiv.".encode("utf-16"),
        "broken.json": b'{"text": "unterminated',
        "notext.json": json.dumps({"title": "No text here"}).encode(),
        "dup1.json": json.dumps({"id": "same", "text": ARTICLE}).encode(),
        "dup2.json": json.dumps({"id": "same", "text": ARTICLE}).encode(),
        "good.txt": ARTICLE.encode(),
        "lines.jsonl": (json.dumps({"text": ARTICLE}) + "\n{oops\n" + json.dumps({"text": ARTICLE}) + "\n").encode(),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return files


def test_bad_inputs_are_named_and_everything_else_loads(tmp_path):
    _bad_folder(tmp_path)
    with pytest.warns(toolkit.CorpusWarning) as caught:
        articles = toolkit.load_corpus(tmp_path, min_words=0)
    assert len(caught) == 1
    message = str(caught[0].message)
    rejected = toolkit.rejected(articles)
    reasons = {r.input.split("/")[-1]: r.reason for r in rejected.itertuples()}
    assert "empty" in reasons["empty.txt"] and "whitespace" in reasons["blank.txt"]
    assert "PNG" in reasons["image.txt"]
    assert "invalid JSON" in reasons["broken.json"] and "no text" in reasons["notext.json"]
    assert "duplicate article_id 'same'" in reasons["dup2.json"]
    assert "invalid JSON" in reasons["lines.jsonl line 2"]
    for name in reasons:
        assert name.split(" ")[0] in message
    loaded = set(articles["article_id"])
    assert {"cp1252", "utf16", "good", "same", "lines#1", "lines#3"} <= loaded
    by_id = articles.set_index("article_id")
    assert by_id.loc["cp1252", "text"] == "He said \u201cit is fine\u201d \u2013 caf\u00e9."
    assert by_id.loc["utf16", "text"] == "UTF-16 text with a mark: Zelensky \u2013 Kyiv."
    assert len(articles) + len(rejected) == articles.attrs["n_inputs"] == 13  # 11 files, one with 3 records


def test_on_error_raise_names_the_input(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE)
    (tmp_path / "image.txt").write_bytes(PNG)
    with pytest.raises(toolkit.CorpusError, match=r"image\.txt.*PNG"):
        toolkit.load_corpus(tmp_path, on_error="raise", min_words=0)


def test_the_same_file_listed_twice_is_loaded_once_and_the_repeat_named(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    articles = _load([path, path])
    assert len(articles) == 1 and articles.attrs["n_inputs"] == 2
    assert "listed twice" in toolkit.rejected(articles).loc[0, "reason"]


def test_missing_path_and_unsupported_type_are_named(tmp_path):
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04....")
    articles = _load([tmp_path / "nope.txt", tmp_path / "notes.docx"])
    reasons = toolkit.rejected(articles)["reason"].tolist()
    assert "no such file" in reasons[0] and "unsupported file type" in reasons[1]


def test_symlink_loop_does_not_hang(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "x.txt").symlink_to(tmp_path / "y.txt")
    (tmp_path / "y.txt").symlink_to(tmp_path / "x.txt")
    articles = _load(tmp_path)
    assert articles["article_id"].tolist() == ["a"]
    assert articles.attrs["n_inputs"] == 3


def test_bad_on_error_value():
    with pytest.raises(ValueError, match="on_error"):
        toolkit.load_corpus(SAMPLE, on_error="ignore")


# --- the cache -------------------------------------------------------------------------------

def _load_twice(source, cache, monkeypatch):
    """A load that fills the cache, then one that must read it (cleaning is disabled)."""
    first = _load(source, cache=cache)
    with monkeypatch.context() as patched:
        patched.setattr(toolkit.corpus, "clean_article", lambda *a, **k: pytest.fail("cleaned again"))
        again = _load(source, cache=cache)
    return first, again


def test_a_cached_load_equals_a_fresh_one_and_reports_the_same_rejections(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    _bad_folder(folder)
    plain = _load(folder)
    first, again = _load_twice(folder, tmp_path / "cache", monkeypatch)
    for loaded in (first, again):
        pd.testing.assert_frame_equal(loaded, plain)
        assert loaded.attrs == plain.attrs and len(loaded.attrs["rejected"]) == 7
        assert all(type(lines) is list for lines in loaded["removed"])
    with pytest.warns(toolkit.CorpusWarning, match=r"rejected 7:(.|\n)*image\.txt"):
        toolkit.load_corpus(folder, cache=tmp_path / "cache", min_words=0)
    with pytest.raises(toolkit.CorpusError) as fresh:
        toolkit.load_corpus(folder, on_error="raise", min_words=0)
    with pytest.raises(toolkit.CorpusError) as cached:
        toolkit.load_corpus(folder, cache=tmp_path / "cache", on_error="raise", min_words=0)
    assert str(cached.value) == str(fresh.value) and "blank.txt" in str(fresh.value)


def test_a_cached_load_of_the_sample_with_its_furniture_and_dates(tmp_path, monkeypatch):
    first, again = _load_twice(SAMPLE, tmp_path, monkeypatch)
    pd.testing.assert_frame_equal(again, _load(SAMPLE))
    assert again["removed"].map(len).sum() > 0


def test_a_changed_file_or_option_loads_afresh(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE)
    (folder / "b.json").write_text(json.dumps({"body": "Kyiv said so.", "paper": "Daily", "date": "2025-03-01"}))
    cache = tmp_path / "cache"
    first = _load(folder, cache=cache)
    assert set(first["article_id"]) == {"a", "b"}
    pd.testing.assert_frame_equal(_load(folder, cache=cache), first)
    assert _load(folder, cache=cache).set_index("article_id").loc["b", "published"] == pd.Timestamp("2025-03-01")
    (folder / "a.txt").write_text("Another text entirely.")
    assert _load(folder, cache=cache).set_index("article_id").loc["a", "text"] == "Another text entirely."
    assert _load(folder, cache=cache, columns={"outlet": "paper"}).set_index("article_id").loc["b", "outlet"] == "Daily"
    assert len(list((caching.version_folder(cache) / "articles").iterdir())) == 3


def test_records_with_mixed_values_load_but_are_not_cached(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text(json.dumps({"text": ARTICLE, "tags": ["a", "b"]}) + "\n" + json.dumps({"text": ARTICLE, "tags": 3}))
    loaded = _load(path, cache=tmp_path / "cache")
    assert loaded["tags"].tolist() == [["a", "b"], 3]
    assert not (caching.version_folder(tmp_path / "cache") / "articles").exists()


# --- too short to be an article ----------------------------------------------------------------

CAPTION = "Firefighters battle a blaze near the town of Paradise on Thursday. (Photo by Justin Sullivan)"


def test_a_record_too_short_after_cleaning_is_rejected_with_the_reason(tmp_path):
    long_text = BRUSSELS.read_text(encoding="utf-8")
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "long", "text": long_text}) + "\n"
                                      + json.dumps({"id": "caption", "text": CAPTION}) + "\n", encoding="utf-8")
    with pytest.warns(toolkit.CorpusWarning, match="caption or a failed extraction"):
        articles = toolkit.load_corpus(tmp_path)
    assert articles["article_id"].tolist() == ["long"]
    reasons = toolkit.rejected(articles)
    assert reasons["input"].tolist() == [f"{tmp_path / 'a.jsonl'} line 2"]
    assert reasons["reason"].iloc[0].startswith("15 words after cleaning (fewer than 50)")
    assert len(articles) + len(reasons) == articles.attrs["n_inputs"] == 2
    kept = toolkit.load_corpus(tmp_path, min_words=0)
    assert len(kept) == 2 and toolkit.rejected(kept).empty
    with pytest.raises(toolkit.CorpusError, match="line 2: 15 words after cleaning"):
        toolkit.load_corpus(tmp_path, on_error="raise")
    with pytest.raises(ValueError, match="min_words"):
        toolkit.load_corpus(tmp_path, min_words=-1)


def test_removed_lines_name_their_rule(sample):
    removed = toolkit.removed_lines(sample)
    assert list(removed.columns) == ["article_id", "group", "n", "line", "rule", "family"]
    assert removed["rule"].notna().all()
    assert removed.loc[removed["line"] == "2 months ago", "rule"].tolist() == ["relative time"]
