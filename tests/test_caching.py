"""The cache folder: what is in it, and pruning it (by toolkit version, age and size)."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pandas as pd
import pytest

import toolkit
from toolkit import caching, pipeline
from conftest import SAMPLE

HEX = "0123456789abcdef" * 2  # a key's length: 32 hex digits


@pytest.fixture
def cache(tmp_path):
    """A cache holding the sample loaded and analysed (in two chunks) by this version."""
    folder = tmp_path / "cache"
    articles = toolkit.load_corpus(SAMPLE, manifest=False, cache=folder)
    toolkit.analyze(articles, workers=1, chunk_size=1, cache=folder, progress=False)
    return folder


def _set_used(path, seconds_ago: float) -> None:
    moment = time.time() - seconds_ago
    os.utime(path, (moment, moment))


def _fake_entry(folder, size: int = 100):
    folder.mkdir(parents=True)
    (folder / "tokens.parquet").write_bytes(b"x" * size)
    return folder


def test_entries_of_this_version_are_listed_with_their_size(cache):
    entries = toolkit.cache_entries(cache)
    assert list(entries.columns) == list(caching.ENTRY_COLUMNS)
    assert entries["current"].all()
    assert set(entries["version"]) == {caching.version_name()}
    assert sorted(entries["kind"].value_counts().items()) == [("articles", 1), ("chunks", 2), ("corpus", 1)]
    for row in entries.itertuples():
        files = [os.path.join(d, f) for d, _, names in os.walk(row.path) for f in names]
        assert row.files == len(files) > 0 and row.bytes == sum(os.path.getsize(f) for f in files)
    assert entries["last_used"].is_monotonic_decreasing
    assert (pd.Timestamp.now() - entries["last_used"]).max() < pd.Timedelta(minutes=10)


def test_an_empty_or_missing_folder_has_no_entries(tmp_path):
    assert toolkit.cache_entries(tmp_path / "none").empty
    assert toolkit.prune_cache(tmp_path / "none").empty
    assert list(toolkit.cache_entries(tmp_path).columns) == list(caching.ENTRY_COLUMNS)


def test_pruning_removes_other_versions_and_this_one_still_reads_its_own(cache, monkeypatch):
    other = _fake_entry(cache / "toolkit-0.0.9-aaaaaaaaaaaa" / "chunks" / HEX, 500)
    old_layout = _fake_entry(cache / "corpus" / HEX, 300)  # written before the version folders
    (cache / "notes.txt").write_text("the user's own file")
    (cache / "chunks").mkdir()
    (cache / "chunks" / "README").write_text("not an entry")
    (cache / "elsewhere" / HEX).mkdir(parents=True)

    before = toolkit.cache_entries(cache)
    assert set(before.loc[~before["current"], "path"]) == {str(old_layout), str(other)}
    assert set(before.loc[~before["current"], "version"]) == {"", "toolkit-0.0.9-aaaaaaaaaaaa"}

    pruned = toolkit.prune_cache(cache)
    assert pruned["removed"].tolist() == (~pruned["current"]).tolist()
    assert pruned.loc[pruned["removed"], "bytes"].sum() == 800
    assert not other.exists() and not (cache / "toolkit-0.0.9-aaaaaaaaaaaa").exists()
    assert not old_layout.exists()
    assert (cache / "notes.txt").exists() and (cache / "chunks" / "README").exists()
    assert (cache / "elsewhere" / HEX).is_dir()
    assert toolkit.cache_entries(cache)["current"].all() and len(toolkit.cache_entries(cache)) == 4

    computed = []
    monkeypatch.setattr(pipeline, "article_tables", lambda chunk: computed.append(len(chunk)))
    articles = toolkit.load_corpus(SAMPLE, manifest=False, cache=cache)
    toolkit.analyze(articles, workers=1, chunk_size=1, cache=cache, progress=False)
    assert computed == [], "this version's entries are kept and read"


def test_a_read_marks_entries_used_and_unused_ones_go(cache):
    for path in toolkit.cache_entries(cache)["path"]:
        _set_used(path, 40 * 86400)
    articles = toolkit.load_corpus(SAMPLE, manifest=False, cache=cache)  # read: articles used now
    entries = toolkit.cache_entries(cache)
    recent = entries["last_used"] > pd.Timestamp.now() - pd.Timedelta(hours=1)
    assert entries.loc[recent, "kind"].tolist() == ["articles"]

    toolkit.analyze(articles, workers=1, chunk_size=1, cache=cache, progress=False)  # whole corpus read
    assert (toolkit.cache_entries(cache)["last_used"] > pd.Timestamp.now() - pd.Timedelta(hours=1)).all()

    chunk = toolkit.cache_entries(cache).query("kind == 'chunks'")["path"].iloc[0]
    _set_used(chunk, 40 * 86400)
    pruned = toolkit.prune_cache(cache, unused_for="30 days")
    assert pruned.loc[pruned["removed"], "path"].tolist() == [chunk]
    assert not os.path.exists(chunk)
    assert toolkit.prune_cache(cache, unused_for=30)["removed"].sum() == 0  # a number is days


def test_a_size_limit_removes_the_least_recently_used_first(cache):
    entries = toolkit.cache_entries(cache)
    order = entries["path"].tolist()
    for rank, path in enumerate(order):  # the first listed used most recently
        _set_used(path, 60 * (rank + 1))
    entries = toolkit.cache_entries(cache)
    assert entries["path"].tolist() == order
    limit = int(entries["bytes"].iloc[:2].sum())

    dry = toolkit.prune_cache(cache, max_bytes=limit, dry_run=True)
    assert dry["removed"].tolist() == [False, False, True, True]
    assert all(os.path.exists(p) for p in order), "a dry run removes nothing"

    pruned = toolkit.prune_cache(cache, max_bytes=limit)
    assert pruned["removed"].tolist() == [False, False, True, True]
    kept = toolkit.cache_entries(cache)
    assert kept["path"].tolist() == order[:2] and kept["bytes"].sum() <= limit
    assert toolkit.prune_cache(cache, max_bytes=0)["removed"].all()
    assert toolkit.cache_entries(cache).empty
    assert caching.version_folder(cache).is_dir(), "this version's folder stays"


def test_what_a_dead_write_left_is_removed_once_it_is_old(tmp_path):
    chunks = tmp_path / caching.version_name() / "chunks"
    old = _fake_entry(chunks / f".{HEX}.{'f' * 32}.tmp")
    young = _fake_entry(chunks / f".{HEX}.{'e' * 32}.tmp")
    _set_used(old, 2 * 3600)
    entries = toolkit.cache_entries(tmp_path)
    assert entries["kind"].tolist() == ["unfinished", "unfinished"]
    pruned = toolkit.prune_cache(tmp_path, max_bytes=0)
    assert pruned.set_index("path")["removed"].to_dict() == {str(young): False, str(old): True}
    assert young.exists() and not old.exists()


@pytest.mark.parametrize("value, expected", [(1000, 1000), ("2GB", 2 * 1024 ** 3), ("500 MB", 500 * 1024 ** 2),
                                             ("1.5k", 1536), ("10b", 10), ("3 GiB", 3 * 1024 ** 3), ("0", 0)])
def test_sizes_are_read_in_bytes(value, expected):
    assert caching._parse_size(value) == expected


@pytest.mark.parametrize("options, message", [
    ({"max_bytes": "10xb"}, "max_bytes '10xb' is not a size"),
    ({"max_bytes": -1}, "max_bytes must not be negative"),
    ({"max_bytes": True}, "max_bytes must be a number of bytes"),
    ({"unused_for": "soon"}, "unused_for 'soon' is not a duration"),
    ({"unused_for": "-3 days"}, "unused_for must be a duration of zero or more"),
])
def test_bad_limits_are_named(tmp_path, options, message):
    with pytest.raises(ValueError, match=message):
        toolkit.prune_cache(tmp_path, **options)


def test_human_sizes():
    assert caching.human_size(512) == "512 bytes"
    assert caching.human_size(3.5 * 1024 ** 2) == "3.5 MB"
    assert caching.human_size(2 * 1024 ** 5) == "2,048.0 TB"


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "toolkit", "cache", *map(str, args)],
                          capture_output=True, text=True, timeout=120)


def test_the_command_lists_and_prunes(cache):
    _fake_entry(cache / "toolkit-0.0.9-aaaaaaaaaaaa" / "corpus" / HEX, 2048)
    listing = _cli(cache)
    assert listing.returncode == 0, listing.stderr
    assert f"{cache}: 5 entries" in listing.stdout
    assert f"{caching.version_name()} (this version)  chunks: 2 entries" in listing.stdout
    assert "toolkit-0.0.9-aaaaaaaaaaaa  corpus: 1 entry, 2.0 KB" in listing.stdout

    dry = _cli(cache, "--prune", "--dry-run")
    assert "would remove 1 entry (2.0 KB); kept 4" in dry.stdout
    assert (cache / "toolkit-0.0.9-aaaaaaaaaaaa").exists()
    pruned = _cli(cache, "--prune")
    assert pruned.returncode == 0 and "removed 1 entry (2.0 KB); kept 4" in pruned.stdout
    assert not (cache / "toolkit-0.0.9-aaaaaaaaaaaa").exists()
    emptied = _cli(cache, "--max-size", "0")
    assert "removed 4 entries" in emptied.stdout and toolkit.cache_entries(cache).empty

    bad = _cli(cache, "--max-size", "lots")
    assert bad.returncode == 2 and "max_bytes 'lots' is not a size" in bad.stderr
    missing = _cli(cache / "nowhere")
    assert missing.returncode == 1 and "does not exist" in missing.stderr


def test_the_store_keeps_entries_and_parts_all_or_nothing(tmp_path, monkeypatch):
    store = caching.Store(tmp_path)
    table = pd.DataFrame({"article_id": ["a", "b"], "n": [1, 2]})
    assert store.read("chunks", HEX, ("t",)) is None
    store.write("chunks", HEX, {"t": table})
    store.write("chunks", HEX, {"p": table.head(1)}, part="by-outlet")
    store.write("chunks", HEX, {"t": table.head(0)})  # a second writer of the same entry: the first one stays
    pd.testing.assert_frame_equal(store.read("chunks", HEX, ("t",))["t"], table)
    pd.testing.assert_frame_equal(store.read("chunks", HEX, ("p",), part="by-outlet")["p"], table.head(1))
    assert store.read("chunks", HEX, ("t", "missing")) is None
    assert store.files("chunks", HEX, ("t",))["t"].is_file()
    listed = toolkit.cache_entries(tmp_path)
    assert listed[["kind", "key", "current"]].values.tolist() == [["chunks", HEX, True]]
    with pytest.raises(ValueError, match="no kind of entry 'tables'"):
        store.entry("tables", HEX)

    _set_used(store.entry("chunks", HEX), 3600)
    store.read("chunks", HEX, ("t",), mark=False)
    assert time.time() - store.entry("chunks", HEX).stat().st_mtime > 3000
    store.read("chunks", HEX, ("t",))
    assert time.time() - store.entry("chunks", HEX).stat().st_mtime < 600, "a read marks the entry used"

    # a write that dies leaves a folder that the listing knows as unfinished, and no entry
    def dies(directory, tables):
        raise OSError("disk full")

    monkeypatch.setattr(caching, "write_files", dies)
    monkeypatch.setattr(caching.shutil, "rmtree", lambda *args, **kwargs: None)
    with pytest.raises(OSError, match="disk full"):
        store.write("corpus", HEX, {"t": table})
    assert not store.entry("corpus", HEX).exists()
    assert toolkit.cache_entries(tmp_path).set_index("kind").index.tolist().count("unfinished") == 1
