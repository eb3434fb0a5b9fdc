"""What a group calls itself: its outlets' names, their web domains and the names in its bylines.

A comparison of outlets' wording that ranks "cnn" first for CNN, "told fox" for Fox News or a
staff writer's name for the New York Times tells a reader nothing about the news. The same
forms mark page furniture: a box that repeats in many of an outlet's articles and names the
outlet ("…alerts from POLITICO") is the outlet speaking about itself.

:func:`own_names` lists these forms per group, in lower case, each with where it came from:

* ``outlet``: the outlet's name as the corpus gives it, with qualifiers in brackets or after a
  dash dropped ("CNN (Web News)" -> "cnn", "New York Times - News" -> "new york times"), the
  same without a leading "the", without descriptive words such as "online" or "web" ("Fox
  Online News" -> "fox news"), without a final "news" ("fox"), its initials when it has three
  words or more ("nyt"), and its last word alone (outlets call themselves "the Times", "the
  Monitor"), which only ever matches a term of one word;
* ``domain``: the host of its articles' URLs without "www." and the ending ("nytimes",
  "nytimes.com");
* ``byline``: each name in its bylines ("michael barbaro") and that name's last word.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

import pandas as pd

from .schema import require_columns

__all__ = ["name_forms", "own_names", "url_forms"]

# Words that describe a feed, not the name ("Fox Online News", "CNN (Web News)").
DESCRIPTIVE = frozenset({"online", "web", "digital", "website", "com"})
MIN_FORM_CHARS = 3  # a shorter form ("ap", "uk") is too often an ordinary word or another name
_BRACKETS = re.compile(r"\s*[(\[][^)\]]*[)\]]")
_QUALIFIER = re.compile(r"\s+[-–—|:]\s+.*$")
_WORDS = re.compile(r"[\w'’&.]+")
_BYLINE_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\|)\s*", re.IGNORECASE)
_NOT_A_NAME = re.compile(r"@|\d|https?:|\.com\b|\bstaff\b|\beditors?\b|\breporters?\b|\bwriters?\b|\bnews\b|\bpress\b",
                         re.IGNORECASE)


def _words(text: str) -> list[str]:
    return [w.strip(".'’").lower() for w in _WORDS.findall(text) if w.strip(".'’")]


def name_forms(name: str) -> set[str]:
    """The lower-case forms under which an outlet named ``name`` names itself (see the
    module); the last word alone (``"times"``) is among them only when it is the whole name."""
    return {form for form, whole in _outlet_forms(name).items() if whole}


def _outlet_forms(name: str) -> dict[str, bool]:
    """Form -> whether it is a name in itself (False for the last word of a longer name,
    which stands for the outlet only as a term of its own)."""
    if not isinstance(name, str) or not name.strip():
        return {}
    plain = _QUALIFIER.sub("", _BRACKETS.sub("", name)).strip() or name.strip()
    words = _words(plain)
    if not words:
        return {}
    forms = {" ".join(words)}
    bare_word = None  # "The Hill": "hill" names the outlet only as a term of its own
    if words[0] == "the" and len(words) > 1:
        words = words[1:]
        if len(words) == 1:
            bare_word = words[0]
        else:
            forms.add(" ".join(words))
    core = [w for w in words if w not in DESCRIPTIVE] or words
    forms.add(" ".join(core))
    if len(core) > 1 and core[-1] == "news":
        forms.add(" ".join(core[:-1]))
    if len(core) >= 3:
        forms.add("".join(w[0] for w in core))
    forms.discard(bare_word)
    out = {f: True for f in forms if len(f) >= MIN_FORM_CHARS}
    if len(core[-1]) >= MIN_FORM_CHARS:
        out.setdefault(core[-1], False)
    return out


def url_forms(url: str) -> set[str]:
    """The forms of the web domain of ``url`` ("https://www.nytimes.com/…" -> "nytimes",
    "nytimes.com")."""
    if not isinstance(url, str) or not url.strip():
        return set()
    text = url.strip()
    host = urlsplit(text if "//" in text else "//" + text).hostname or ""
    host = host.lower().removeprefix("www.")
    if "." not in host:
        return set()
    stem = host.rsplit(".", 1)[0]
    stem = stem.rsplit(".", 1)[-1] if stem.count(".") else stem  # edition.cnn.com -> cnn
    return {f for f in (host, stem, f"{stem}.com") if len(f) >= MIN_FORM_CHARS}


def _byline_forms(byline: str) -> dict[str, bool]:
    if not isinstance(byline, str):
        return {}
    forms: dict[str, bool] = {}
    for part in _BYLINE_SPLIT.split(byline):
        part = re.sub(r"^by\s+", "", part.strip(), flags=re.IGNORECASE)
        if not part or _NOT_A_NAME.search(part):
            continue
        words = _words(part)
        if 2 <= len(words) <= 4:
            forms[" ".join(words)] = True
            if len(words[-1]) >= MIN_FORM_CHARS:
                forms.setdefault(words[-1], False)
    return forms


def own_names(articles: pd.DataFrame, *, by: str = "outlet", bylines: bool = True) -> pd.DataFrame:
    """The forms under which each group names itself, from the articles of the group.

    A group made of several outlets (``by="bias_text"``, say) gets the forms of each. The
    domain comes from ``source_url`` where the records have one, else from ``url``.

    Returns
    -------
    pandas.DataFrame
        ``group``, ``form`` (lower case), ``source`` (``outlet``, ``domain`` or ``byline``),
        ``whole`` (False for the last word of a longer outlet name or a byline's surname:
        such a form names the group only as a term of its own, never inside a phrase); one row
        a distinct group and form.
    """
    require_columns(articles, ("article_id",), "own_names")
    if by not in articles:
        raise ValueError(f"own_names: the articles have no column {by!r}")
    groups = articles[by].astype("object")
    rows: list[tuple[object, str, str]] = []

    def add(group: object, forms: Iterable[str] | dict[str, bool], source: str) -> None:
        flags = forms if isinstance(forms, dict) else dict.fromkeys(forms, True)
        rows.extend((group, form, source, whole) for form, whole in flags.items())

    frame = pd.DataFrame({"group": groups, "outlet": articles["outlet"] if "outlet" in articles else None,
                          "url": articles["source_url"] if "source_url" in articles else (
                              articles["url"] if "url" in articles else None),
                          "byline": articles["byline"] if "byline" in articles else None}).dropna(subset=["group"])
    for column, maker, source in (("outlet", _outlet_forms, "outlet"), ("url", url_forms, "domain"),
                                  ("byline", _byline_forms, "byline")):
        if column == "byline" and not bylines:
            continue
        pairs = frame[["group", column]].dropna().drop_duplicates()
        memo: dict[str, set[str]] = {}
        for group, value in pairs.itertuples(index=False):
            key = str(value)
            if key not in memo:
                memo[key] = maker(key)
            add(group, memo[key], source)
    if by != "outlet":  # the group's own value names it too, when it is a name ("credit": "AFP")
        if by in ("credit", "source", "publisher", "sitename"):
            for group in frame["group"].drop_duplicates():
                add(group, _outlet_forms(str(group)), "outlet")
    out = pd.DataFrame(rows, columns=["group", "form", "source", "whole"])
    out = out.sort_values("whole", ascending=False, kind="stable")  # a whole name wins over a last word
    return out.drop_duplicates(["group", "form"]).sort_index().reset_index(drop=True)
