"""Word lists shipped with the toolkit as package data (``toolkit/data/*.txt``).

Each file has a ``#`` comment header saying what it is and where its entries come from,
then one entry a line. Nothing here touches the network.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

__all__ = ["data_lines", "word_list"]


@lru_cache(maxsize=None)
def word_list(name: str) -> frozenset[str]:
    """Return the entries of ``toolkit/data/<name>.txt`` (comments and blank lines skipped)."""
    text = resources.files("toolkit").joinpath("data", f"{name}.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    )


@lru_cache(maxsize=None)
def data_lines(name: str) -> tuple[str, ...]:
    """The lines of ``toolkit/data/<name>.txt`` in order, comments and blank lines skipped."""
    text = resources.files("toolkit").joinpath("data", f"{name}.txt").read_text(encoding="utf-8")
    return tuple(line.rstrip("\n") for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#"))
