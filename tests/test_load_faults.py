"""Faults in what load_corpus is given, each built in tmp_path: damaged encodings, CSV quoting,
folders that cannot be read or that loop, dates, deep or broken JSON, manifests, odd names.
Each input is loaded (what was repaired said in the warning) or rejected by name; loaded +
rejected = inputs; nothing raises."""
from __future__ import annotations

import csv
import json
import os
import re
import time
import warnings
from pathlib import Path

import pandas as pd
import pytest

import toolkit
from toolkit import caching

ARTICLE = "The council met on Monday. It voted to extend the curfew by two weeks."
ACCENTED = "Le café était fermé, Zürich."


def _load(source, **kwargs):
    """The articles and the text of the one warning (or "")."""
    kwargs.setdefault("min_words", 0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        articles = toolkit.load_corpus(source, **kwargs)
    messages = [str(w.message) for w in caught if issubclass(w.category, toolkit.CorpusWarning)]
    assert len(messages) <= 1
    assert len(articles) + len(toolkit.rejected(articles)) == articles.attrs["n_inputs"]
    return articles, (messages[0] if messages else "")


def _reasons(articles) -> dict[str, str]:
    return dict(zip(toolkit.rejected(articles)["input"], toolkit.rejected(articles)["reason"]))


# --- encodings -------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".csv", ".html"])
def test_a_file_cut_inside_a_utf8_character_keeps_its_utf8(tmp_path, suffix):
    body = f"{ACCENTED} {ARTICLE} Señor Müller said “no” about the café"
    if suffix == ".jsonl":
        data = json.dumps({"text": body}, ensure_ascii=False).encode()[:-2] + "é\"}".encode()[:1]
    elif suffix == ".csv":
        data = f"outlet,text\nX,{body.replace(',', '')}".encode() + "é".encode()[:1]
    elif suffix == ".html":
        data = f"<html><body><article><p>{body} {ARTICLE}</p><p>{ARTICLE} é".encode()[:-1]
    else:
        data = body.encode() + "é".encode()[:1]
    path = tmp_path / f"cut{suffix}"
    path.write_bytes(data)
    articles, message = _load(path)
    if suffix == ".jsonl":  # the record is cut too: it is rejected, named, its bytes still read as UTF-8
        assert "invalid JSON" in _reasons(articles)[f"{path} line 1"]
    else:
        text = articles.loc[0, "text"]
        for words in ("café était fermé", "Zürich", "Müller", "“no”"):
            assert words in text
        assert "Ã" not in text
    assert f"{path}: ends inside a UTF-8 character (cut short?): its last 1 byte replaced with U+FFFD" in message


@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".csv", ".html"])
def test_lines_of_utf8_and_windows_1252_are_each_read_in_their_own(tmp_path, suffix):
    lines = [ACCENTED, "Un caf\u00e9 ici, \u00e0 Gen\u00e8ve.", ARTICLE + " Z\u00fcrich again."]
    encodings = ["utf-8", "cp1252", "utf-8"]
    if suffix == ".jsonl":
        data = b"".join((json.dumps({"id": f"r{i}", "text": line}, ensure_ascii=False) + "\n").encode(enc)
                        for i, (line, enc) in enumerate(zip(lines, encodings)))
    elif suffix == ".csv":
        data = b"id,text\n" + b"".join(f'r{i},"{line}"\n'.encode(enc)
                                       for i, (line, enc) in enumerate(zip(lines, encodings)))
    elif suffix == ".html":
        data = b"<html><body><article>" + b"".join(f"<p>{line} {ARTICLE}</p>\n".encode(enc)
                                                   for line, enc in zip(lines, encodings)) + b"</article></body></html>"
    else:
        data = b"".join(f"{line}\n\n".encode(enc) for line, enc in zip(lines, encodings))
    path = tmp_path / f"mixed{suffix}"
    path.write_bytes(data)
    articles, message = _load(path)
    text = "\n".join(articles["text"])
    for line in lines:
        assert line in text
    assert "Ã" not in text and "\ufffd" not in text
    line = {".txt": 3, ".jsonl": 2, ".csv": 3, ".html": 2}[suffix]
    assert re.search(rf"{re.escape(str(path))}: not all UTF-8: 3 bytes on 1 line \(line {line}\) read as "
                     r"Windows-1252, the rest as UTF-8", message)
    assert articles.attrs["notes"][0]["input"] == str(path)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_a_file_with_a_byte_order_mark_cut_inside_a_character_loads(tmp_path, encoding):
    path = tmp_path / "marked.txt"
    path.write_bytes(f"{ACCENTED} {ARTICLE} é".encode(encoding)[:-1])
    articles, message = _load(path)
    assert articles.loc[0, "text"].startswith(f"{ACCENTED} {ARTICLE} ")
    name = {"utf-8-sig": "UTF-8", "utf-16": "UTF-16", "utf-32": "UTF-32"}[encoding]
    assert f"{path}: ends inside a {name} character (cut short?): its last" in message


def test_a_windows_1252_file_is_read_whole_and_valid_utf8_is_never_read_otherwise(tmp_path):
    (tmp_path / "old.txt").write_bytes(f"{ACCENTED} {ARTICLE} \u201cquoted\u201d".encode("cp1252"))
    (tmp_path / "new.txt").write_bytes(f"{ACCENTED} {ARTICLE} Ã© stays as written".encode("utf-8"))
    articles, message = _load(tmp_path)
    by_id = articles.set_index("article_id")["text"]
    assert by_id["old"].startswith(ACCENTED) and "\u201cquoted\u201d" in by_id["old"]
    assert by_id["new"].endswith("Ã© stays as written")
    assert message == "" and articles.attrs["notes"] == []


# --- CSV -------------------------------------------------------------------------------------

def test_an_unterminated_quotation_mark_is_named_and_the_rows_after_it_load(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text('id,outlet,text\n'
                    f'a,X,"{ARTICLE}"\n'
                    f'b,Y,"{ARTICLE} It never closes.\n'
                    f'c,Z,{ARTICLE}\n'
                    f'd,W,"{ARTICLE}\n{ARTICLE}"\n', encoding="utf-8")
    articles, message = _load(path)
    assert articles["article_id"].tolist() == ["a", "c", "d"]
    assert articles.set_index("article_id").loc["d", "text"] == f"{ARTICLE}\n\n{ARTICLE}"
    assert _reasons(articles)[f"{path} line 3"] == (
        "a quotation mark opened on line 3 of the file is closed only on line 5, by a mark with text right after "
        "it (most likely the opening mark of a later field): this row is set aside, and the 2 lines after it, which "
        "would have been read as its text, are read as rows")
    assert f"{path} line 3: a quotation mark" in message and articles.attrs["n_inputs"] == 4


def test_a_quotation_mark_never_closed_to_the_end_of_the_file_is_named(tmp_path):
    path = tmp_path / "tail.tsv"
    path.write_text(f'id\ttext\na\t{ARTICLE}\nb\t"{ARTICLE}\nc\t{ARTICLE}\n\nd\t{ARTICLE}\n')
    articles, message = _load(path)
    assert articles["article_id"].tolist() == ["a", "c", "d"]
    assert _reasons(articles)[f"{path} line 3"].startswith(
        "a quotation mark opened on line 3 of the file never closes: this row is set aside, and the 3 lines after it")


def test_a_stray_quotation_mark_within_a_line_reads_as_before(tmp_path):
    path = tmp_path / "sloppy.csv"
    path.write_text(f'id,text\na,"{ARTICLE}" (sic)\nb,"{ARTICLE}\nsecond line" more\nc,{ARTICLE}\n')
    articles, message = _load(path)
    assert articles["text"].tolist() == [f"{ARTICLE} (sic)", f"{ARTICLE}\n\nsecond line more", ARTICLE]
    assert message == ""


def test_a_quotation_mark_never_closed_in_the_header_rejects_the_file_by_name(tmp_path):
    path = tmp_path / "head.csv"
    path.write_text(f'id,"text\na,{ARTICLE}\n')
    articles, message = _load(path)
    assert len(articles) == 0
    assert _reasons(articles)[str(path)] == "invalid CSV: the header row's quotation mark opened on line 1 never closes"


def test_a_field_of_megabytes_loads_from_csv_as_from_jsonl(tmp_path):
    long_text = " ".join([ARTICLE] * 20_000)  # 1.4 MB, far over the csv module's 128 KiB
    pd.DataFrame({"id": ["long"], "text": [long_text]}).to_csv(tmp_path / "long.csv", index=False)
    (tmp_path / "long.jsonl").write_text(json.dumps({"id": "long2", "text": long_text}))
    limit = csv.field_size_limit()
    articles, message = _load(tmp_path)
    assert message == "" and articles["text"].str.len().tolist() == [len(long_text)] * 2
    assert csv.field_size_limit() == limit  # the module's limit is left as it was


# --- folders, patterns, names ----------------------------------------------------------------

def _locked(monkeypatch, folder: Path) -> None:
    """Make ``folder`` unreadable (chmod 000; and, for root, whom that does not stop, a
    listing that fails as it would)."""
    folder.chmod(0)
    if os.geteuid() == 0:
        real = os.scandir

        def scandir(path="."):
            if os.path.abspath(os.fspath(path)) == str(folder):
                raise PermissionError(13, "Permission denied", os.fspath(path))
            return real(path)

        monkeypatch.setattr(os, "scandir", scandir)


@pytest.mark.parametrize("given", ["folder", "pattern"])
def test_an_unreadable_folder_is_counted_and_named(tmp_path, monkeypatch, given):
    root = tmp_path / "in"
    (root / "sub" / "deeper").mkdir(parents=True)
    for name in ("a.txt", "b.txt", "sub/c.txt", "sub/deeper/d.txt", "sub/deeper/e.txt"):
        (root / name).write_text(ARTICLE)
    _locked(monkeypatch, root / "sub")
    try:
        articles, message = _load(root if given == "folder" else str(root / "**" / "*.txt"))
    finally:
        (root / "sub").chmod(0o755)
    assert articles["article_id"].tolist() == ["a", "b"]
    reason = _reasons(articles)[str(root / "sub")]
    assert reason == "cannot read the folder (permission denied): the files in it, if any, are not loaded"
    assert f"{root / 'sub'}: cannot read the folder" in message and articles.attrs["n_inputs"] == 3


def test_a_pattern_over_two_link_loops_ends_and_reads_each_file_once(tmp_path):
    root = tmp_path / "in"
    (root / "x" / "y").mkdir(parents=True)
    (root / "top.txt").write_text(ARTICLE)
    (root / "x" / "y" / "deep.txt").write_text(ARTICLE)
    (root / "x" / "y" / "up").symlink_to(root, target_is_directory=True)
    (root / "x" / "back").symlink_to(root / "x", target_is_directory=True)
    started = time.perf_counter()
    for source in (str(root / "**" / "*.txt"), str(root / "**"), root):
        articles, message = _load(source)
        assert sorted(articles["article_id"]) == ["top", "x/y/deep"] and message == ""
    assert time.perf_counter() - started < 20


def test_a_linked_folder_is_read_after_the_others(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "far.txt").write_text(ARTICLE)
    root = tmp_path / "in"
    (root / "b").mkdir(parents=True)
    (root / "b" / "near.txt").write_text(ARTICLE)
    (root / "a_link").symlink_to(outside, target_is_directory=True)
    (root / "c_same").symlink_to(root / "b", target_is_directory=True)  # the same folder again: read once
    articles, _ = _load(root)
    assert articles["article_id"].tolist() == ["b/near", "a_link/far"]


def test_a_name_with_glob_characters_is_read_as_the_path_it_is(tmp_path):
    folder = tmp_path / "Articles [2024]"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE)
    (folder / "b [draft].txt").write_text(ARTICLE)
    (tmp_path / "Articles 2").mkdir()  # what [2024] matches as a pattern
    (tmp_path / "Articles 2" / "other.txt").write_text(ARTICLE)
    for source in (folder, str(folder), str(folder / "*.txt"), [folder / "a.txt", folder / "b [draft].txt"]):
        articles, message = _load(source)
        assert sorted(articles["article_id"]) == ["a", "b [draft]"] and message == "", source
    articles, _ = _load(str(tmp_path / "Articles [0-9]" / "*.txt"))  # a pattern still works as one
    assert articles["article_id"].tolist() == ["other"]


def test_a_file_name_that_is_not_utf8_loads_under_a_printable_name(tmp_path):
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"caf\xe9.txt"), "wb") as handle:
        handle.write(ARTICLE.encode())
    with open(os.path.join(folder, b"two\nlines.txt"), "wb") as handle:
        handle.write(ARTICLE.encode())
    cache = tmp_path.parent / f"{tmp_path.name}-cache"
    for kept in (None, cache, cache):  # fresh, kept as Parquet, read back
        articles, message = _load(tmp_path, cache=kept)
        assert sorted(articles["article_id"]) == ["caf\\xe9", "two\\nlines"]
        assert sorted(articles["source"]) == [str(tmp_path / "caf\\xe9.txt"), str(tmp_path / "two\\nlines.txt")]
        assert message == ""
    caching.articles_digest(articles)  # every string can be written as UTF-8
    articles, _ = _load(str(tmp_path / "*.txt"))
    assert len(articles) == 2


def test_a_named_pipe_is_rejected_without_waiting_for_it(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    os.mkfifo(tmp_path / "pipe.txt")
    articles, _ = _load(tmp_path)
    assert articles["article_id"].tolist() == ["a"]
    assert _reasons(articles)[str(tmp_path / "pipe.txt")] == "not a regular file (a named pipe)"


# --- dates -----------------------------------------------------------------------------------

def _dated(tmp_path, values, outlets=None):
    path = tmp_path / "d.jsonl"
    path.write_text("\n".join(json.dumps({"id": f"r{i}", "text": ARTICLE, "date": v,
                                          "outlet": (outlets or ["X"] * len(values))[i]})
                              for i, v in enumerate(values)) + "\n")
    return path


def test_dates_that_cannot_be_read_are_counted_with_an_example_and_kept_as_written(tmp_path):
    values = [1700000000, 1700000000123, "1700000000", "9999-12-31", "1066-10-14", 123456789012345, "soon",
              "2024-05-06", None]
    path = _dated(tmp_path, values)
    articles, message = _load(path)
    published = articles.set_index("article_id")["published"]
    assert published["r0"] == published["r2"] == pd.Timestamp("2023-11-14 22:13:20")
    assert published["r1"] == pd.Timestamp("2023-11-14 22:13:20.123")
    assert published[["r3", "r4", "r5", "r6", "r8"]].isna().all() and published["r7"] == pd.Timestamp("2024-05-06")
    assert articles["published_raw"].tolist()[:-1] == ["1700000000", "1700000000123", "1700000000", "9999-12-31",
                                                       "1066-10-14", "123456789012345", "soon", "2024-05-06"]
    assert pd.isna(articles["published_raw"].iloc[-1])
    assert (f"published: 2 dates outside the years a timestamp holds (1677 to 2262), left empty (published_raw keeps "
            f"the text), e.g. '9999-12-31' ({path} line 4)") in message
    assert f"published: 1 number not a time in seconds" in message and f"'123456789012345' ({path} line 6)" in message
    assert f"published: 1 value not read as a date, left empty (published_raw keeps the text), e.g. 'soon'" in message
    assert toolkit.rejected(articles).empty and str(articles["published_raw"].dtype) == "string"


def test_a_day_and_month_follow_the_order_the_outlet_shows_else_the_corpus(tmp_path):
    path = _dated(tmp_path, ["01/02/2024", "13/02/2024", "03/04/2024", "04/13/2024", "05/06/2024"],
                  ["X", "X", "Y", "Y", "Z"])
    articles, message = _load(path)
    assert articles["published"].tolist() == [pd.Timestamp("2024-02-01"), pd.Timestamp("2024-02-13"),
                                              pd.Timestamp("2024-03-04"), pd.Timestamp("2024-04-13"),
                                              pd.Timestamp("2024-05-06")]  # Z shows nothing, nor the corpus
    assert (f"published: 1 date could be day-first or month-first, and no other date of the outlet or the corpus "
            f"shows which: read month-first, e.g. '05/06/2024' ({path} line 5) as 2024-05-06 "
            "(day-first: 2024-06-05); published_raw keeps the text") in message
    assert (f"published: 1 date could be day-first or month-first, read day-first, the order other dates of the "
            f"outlet (or else of the corpus) show, e.g. '01/02/2024' ({path} line 1) as 2024-02-01 (month-first: "
            "2024-01-02); published_raw keeps the text") in message
    assert "1 date could be day-first or month-first, read month-first, the order other dates" in message
    articles, message = _load(_dated(tmp_path, ["01/02/2024", "13/02/2024"], ["X", "Y"]))
    assert articles["published"].iloc[0] == pd.Timestamp("2024-02-01")  # the corpus shows it
    assert "read day-first, the order other dates of the outlet (or else of the corpus) show" in message


def test_notes_are_said_again_when_the_load_is_read_from_the_cache(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    _dated(folder, ["9999-12-31", "01/02/2024"])
    (folder / "mixed.txt").write_bytes(ACCENTED.encode() + b"\n" + "Caf\u00e9.".encode("cp1252"))
    first, message = _load(folder, cache=tmp_path / "cache")
    monkeypatch.setattr(toolkit.corpus, "clean_article", lambda *a, **k: pytest.fail("cleaned again"))
    again, repeated = _load(folder, cache=tmp_path / "cache")
    pd.testing.assert_frame_equal(again, first)
    assert again.attrs == first.attrs and repeated == message and len(first.attrs["notes"]) == 3


# --- JSON ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, data, expected", [
    ("deep.json", "[" * 5000 + "]" * 5000, "JSON nested 5000 levels deep, too deep to read"),
    ("deep-object.json", '{"articles": [' + '{"a": ' * 3000 + "1" + "}" * 3000 + "]}", "JSON nested 3002 levels deep"),
    ("wide.json", '{"text": "' + ARTICLE + '", "x": ' + "[" * 500 + "]" * 500 + "}", "more than 100 levels deep"),
    ("number.json", '{"text": "' + ARTICLE + '", "n": ' + "9" * 5000 + "}", "invalid JSON: Exceeds the limit"),
])
def test_json_too_deep_or_too_large_is_one_rejection(tmp_path, name, data, expected):
    path = tmp_path / name
    path.write_text(data)
    (tmp_path / "fine.json").write_text(json.dumps({"text": ARTICLE}))
    articles, message = _load(tmp_path)
    assert articles["article_id"].tolist() == ["fine"]
    (reason,) = [r for i, r in _reasons(articles).items() if i.startswith(str(path))]
    assert expected in reason and str(path) in message


def test_a_json_list_with_a_record_too_deep_or_too_long_keeps_every_other_record(tmp_path):
    path = tmp_path / "list.json"
    path.write_text("[" + ", ".join([json.dumps({"text": ARTICLE}), "[" * 5000 + "]" * 5000,
                                     json.dumps({"text": ARTICLE + " Two."}), '{"text": 1' + "0" * 5000 + "}",
                                     json.dumps({"text": ARTICLE + " Three."})]) + "]")
    articles, _ = _load(path)
    assert articles["article_id"].tolist() == ["list#1", "list#3", "list#5"]
    assert list(_reasons(articles)) == [f"{path} record 2", f"{path} record 4"]


def test_a_deep_jsonl_line_is_one_rejection_and_the_others_load(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": ARTICLE}) + "\n" + '{"text": "x", "a": ' + "[" * 5000 + "]" * 5000 + "}\n"
                    + json.dumps({"text": ARTICLE + " Again.", "tags": [[["ok"]]]}) + "\n")
    articles, _ = _load(path)
    assert articles["article_id"].tolist() == ["feed#1", "feed#3"]
    assert "JSON nested 5001 levels deep" in _reasons(articles)[f"{path} line 2"]


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_a_lone_surrogate_in_json_is_replaced_and_said(tmp_path, suffix):
    records = ['{"text": "Bad \\ud800 char. ' + ARTICLE + '", "title": "T \\udfff", "\\ud83d\\ude00": "pair"}',
               '{"text": "' + ARTICLE + ' \\ud83d\\ude00 a pair is fine."}']
    path = tmp_path / f"s{suffix}"
    path.write_text("[" + ",".join(records) + "]" if suffix == ".json" else "\n".join(records))
    for cache in (None, tmp_path / "cache", tmp_path / "cache"):
        articles, message = _load(path, cache=cache)
        assert articles["text"].iloc[0].startswith("Bad \ufffd char.") and articles["title"].iloc[0] == "T \ufffd"
        assert "\U0001F600" in articles["text"].iloc[1] and articles["\U0001F600"].iloc[0] == "pair"
        assert (f"{path}: 2 lone UTF-16 surrogates (a \\ud800-\\udfff escape not part of a pair) replaced with "
                "U+FFFD") in message
    caching.articles_digest(articles)
    toolkit.tokenize(toolkit.split_sentences(articles))


def test_a_json_line_holding_a_line_separator_is_one_record(tmp_path):
    path = tmp_path / "ls.jsonl"
    path.write_bytes((json.dumps({"text": ARTICLE + "\u2028" + ARTICLE}, ensure_ascii=False) + "\n"
                      + json.dumps({"text": ARTICLE + "\x1c Two."}, ensure_ascii=False) + "\n").encode())
    articles, message = _load(path)
    assert articles["article_id"].tolist() == ["ls#1", "ls#2"] and message == ""


# --- manifests -------------------------------------------------------------------------------

def test_a_manifest_row_shorter_than_its_header_is_named_and_the_rest_loads(tmp_path):
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(ARTICLE)
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("outlet,story,path\nAlpha,s1,a.txt\nBeta\nGamma,s3,c.txt,extra\n")
    articles, message = _load(tmp_path)
    assert articles["article_id"].tolist() == ["a", "b", "c"] and articles.attrs["n_inputs"] == 5
    assert articles["outlet"].iloc[0] == "Alpha" and articles["outlet"].iloc[1:].isna().all()
    reasons = _reasons(articles)
    assert reasons[f"{manifest} line 3"] == "a manifest row without a path (it has 1 field, the header 3)"
    assert reasons[f"{manifest} line 4"] == "a manifest row with 4 fields, more than the header's 3"
    assert f"{manifest} line 3: a manifest row without a path" in message
    via_source, _ = _load(manifest)
    assert via_source["article_id"].tolist() == ["a"] and len(toolkit.rejected(via_source)) == 2


def test_a_manifest_that_cannot_be_read_is_a_rejection_not_an_error(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "list.csv").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    articles, _ = _load(tmp_path / "a.txt", manifest=tmp_path / "list.csv")
    assert articles["article_id"].tolist() == ["a"]
    assert _reasons(articles)[str(tmp_path / "list.csv")].startswith("cannot read the manifest: binary data")
    with pytest.raises(toolkit.CorpusError, match=r"list\.csv: cannot read the manifest"):
        toolkit.load_corpus(tmp_path / "a.txt", manifest=tmp_path / "list.csv", on_error="raise", min_words=0)
