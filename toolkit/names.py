"""Spelling and transliteration variants of one name across groups (Zelensky ~ Zelenskyy).

Two sources, combined:

* an alias table shipped in ``toolkit/data/name_variants.txt`` (canonical: variant, …),
  extended by the user's ``aliases=``;
* automatic detection among capitalised words: two spellings are variants when they fold to
  the same key (case, accents, doubled letters and the transliteration pairs of
  ``TRANSLITERATION`` removed) or differ by one letter, and they are not an English
  inflection of each other (Russia ~ Russian, Obama ~ Obamas).

A pair found automatically is reported only when the groups do not use the two spellings
alike (some group uses one and not the other), which is what makes it a difference worth
showing between outlets rather than two words every outlet uses.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ._resources import data_lines
from .segment import require_columns
from .overview import group_column

__all__ = ["alias_table", "fold_name", "name_variants"]

MIN_NAME_LENGTH = 4  # shorter capitalised words are too often ordinary words or acronyms
MIN_DISTANCE_LENGTH = 6  # one-letter differences are only trusted for longer names
# Romanisation differences folded away (Ukrainian / Russian names in English): -yy/-y,
# -iy/-ii/-yi endings, -ei/-ey, kh/h, g/h between vowels (Luhansk/Lugansk), -ov/-iv
# (Kharkov/Kharkiv). Kept narrow on purpose: broader folds (doubled letters, ch/c, sh/s)
# join different English names (Paul/Paull, Paris/Parish).
TRANSLITERATION = (
    (r"yy", "y"), (r"(?:iy|ii|yi|ij)$", "y"), (r"e[iy]$", "ey"), (r"kh", "h"),
    (r"(?<=[aeiouy])g(?=[aeiouy])", "h"), (r"ov$", "iv"),
)
# Endings that make an English inflection or derivation, not another spelling.
INFLECTIONS = ("s", "es", "'s", "n", "an", "ian", "ans", "ians", "ese", "i", "ic", "ish", "ist", "ists", "ism")


def _strip_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def fold_name(name: str) -> str:
    """The key two spellings of one name share: lower case, no accents, hyphens or
    apostrophes, the romanisation differences of ``TRANSLITERATION`` folded (after the
    first letter)."""
    key = re.sub(r"[\s'’\-]", "", _strip_accents(name).lower())
    head, rest = key[:1], key[1:]  # the first letter is kept: Gill and Hill are two names
    for pattern, replacement in TRANSLITERATION:
        rest = re.sub(pattern, replacement, rest)
    return head + rest


def alias_table(aliases: Mapping[str, Sequence[str]] | None = None) -> dict[str, str]:
    """Lower-case spelling -> canonical name, from the shipped table and ``aliases``."""
    table: dict[str, str] = {}
    entries = []
    for line in data_lines("name_variants"):
        canonical, _, rest = line.partition(":")
        entries.append((canonical.strip(), [v.strip() for v in rest.split(",") if v.strip()]))
    for canonical, variants in (aliases or {}).items():
        entries.append((canonical, list(variants)))
    for canonical, variants in entries:
        for spelling in [canonical, *variants]:
            table[spelling.lower()] = canonical
    return table


def _is_inflection(a: str, b: str) -> bool:
    short, long = sorted((a.lower(), b.lower()), key=len)
    return long.startswith(short) and long[len(short):] in INFLECTIONS


def _one_letter_apart(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def _candidates(tokens: pd.DataFrame) -> pd.DataFrame:
    """Capitalised word tokens that are names: not stop words, and (for a word that also
    starts sentences) written capitalised inside sentences too."""
    text = tokens["text"].astype(str)
    first = text.str.slice(0, 1)
    capital = first.str.isupper().to_numpy(dtype=bool, na_value=False)
    word = tokens["is_word"].to_numpy(dtype=bool) & ~tokens["is_stop"].to_numpy(dtype=bool)
    long_enough = (text.str.len() >= MIN_NAME_LENGTH).to_numpy(dtype=bool, na_value=False)
    alpha = text.str.contains(r"^[^\W\d_][\w'’\-]*$", regex=True).to_numpy(dtype=bool, na_value=False)
    upper_acronym = text.str.isupper().to_numpy(dtype=bool, na_value=False)
    mask = capital & word & long_enough & alpha & ~upper_acronym
    # An ordinary word capitalised because it starts a sentence is not a name: keep a
    # spelling only if it is capitalised inside a sentence too, or never written in lower case.
    words = tokens[tokens["is_word"].to_numpy(dtype=bool)]
    first_word = words.groupby(["article_id", "sentence_id"], sort=False).cumcount().eq(0)
    initial = pd.Series(False, index=tokens.index)
    initial.loc[first_word.index] = first_word.to_numpy()
    candidates = tokens.loc[mask]
    inside = Counter(candidates.loc[~initial.loc[candidates.index].to_numpy(), "text"].astype(str))
    lower_case = Counter(tokens.loc[(tokens["text"] == tokens["lower"]).to_numpy(dtype=bool, na_value=False),
                                    "lower"].astype(str))
    spellings = candidates["text"].astype(str)
    names = {s for s in set(spellings) if inside[s] >= lower_case[s.lower()] and (inside[s] or not lower_case[s.lower()])}
    return candidates.loc[spellings.isin(names).to_numpy(dtype=bool)]


MIN_SHARED_CONTEXT = 0.3  # share of a spelling's neighbours that the other spelling also has


def _name_context(tokens: pd.DataFrame, names: pd.DataFrame) -> dict[str, Counter]:
    """For each name spelling, how often each capitalised word stands right before or after it."""
    text = tokens["text"].astype(str).to_numpy(dtype=object)
    article = tokens["article_id"].to_numpy(dtype=object)
    position = {index: i for i, index in enumerate(tokens.index)}
    context: dict[str, Counter] = defaultdict(Counter)
    for index, spelling in zip(names.index, names["text"].astype(str)):
        i = position[index]
        for j in (i - 1, i + 1):
            if 0 <= j < len(text) and article[j] == article[i] and text[j][:1].isupper() and text[j] != spelling:
                context[spelling][text[j]] += 1
    return context


def _share_context(a: set[str], b: set[str], context: dict[str, Counter]) -> bool:
    left = sum((context[s] for s in a), Counter())
    right = sum((context[s] for s in b), Counter())
    shared = sum((left & right).values())
    smaller = min(sum(left.values()), sum(right.values()))
    return smaller > 0 and shared / smaller >= MIN_SHARED_CONTEXT


def name_variants(
    tokens: pd.DataFrame,
    *,
    by: str = "outlet",
    articles: pd.DataFrame | None = None,
    aliases: Mapping[str, Sequence[str]] | None = None,
    detect: bool = True,
    min_count: int = 2,
) -> pd.DataFrame:
    """Spellings of one name and the groups that use each.

    Parameters
    ----------
    tokens
        The ``tokens`` table; ``by`` is joined from ``articles`` when absent.
    aliases
        More names for the alias table: ``{"Canonical": ["Variant", ...]}``.
    detect
        Also find variants not in the table (see the module's description).
    min_count
        A spelling found by detection must be used at least this often in the corpus
        (spellings from the alias table always count).

    Returns
    -------
    pandas.DataFrame
        ``canonical``, ``variant`` (as written), ``group``, ``count`` (tokens of that
        spelling in that group) and ``source`` ("alias table" or "detected"); one row a
        name, spelling and group, for every name written in two or more spellings in the
        corpus, or (from the alias table) written only in a non-canonical spelling.
    """
    require_columns(tokens, ("article_id", "text", "is_word", "is_stop"), "name_variants")
    columns = ["canonical", "variant", "group", "count", "source"]
    group = group_column(tokens, by, articles, "name_variants")
    names = _candidates(tokens)
    if names.empty:
        return pd.DataFrame(columns=columns)
    spelled = pd.DataFrame({"variant": names["text"].astype(str).to_numpy(),
                            "group": group.loc[names.index].to_numpy()})
    usage = spelled.groupby(["variant", "group"], sort=True).size().rename("count").reset_index()
    totals = usage.groupby("variant")["count"].sum()
    groups_of = usage.groupby("variant")["group"].agg(frozenset)

    table = alias_table(aliases)
    canonical_of: dict[str, tuple[str, str]] = {}
    # 1. the alias table
    by_alias: dict[str, list[str]] = defaultdict(list)
    for variant in totals.index:
        canonical = table.get(variant.lower())
        if canonical is not None:
            by_alias[canonical].append(variant)
    for canonical, variants in by_alias.items():
        spellings = {v.lower() for v in variants}
        if len(spellings) > 1 or spellings != {canonical.lower()}:
            for v in variants:
                canonical_of[v] = (canonical, "alias table")
    # 2. detection: same folded key, or one letter apart after folding
    if detect:
        pending = [v for v in totals.index
                   if v not in canonical_of and table.get(v.lower()) is None and totals[v] >= min_count]
        keys = {v: fold_name(v) for v in pending}
        clusters: dict[str, set[str]] = defaultdict(set)
        for v, k in keys.items():
            clusters[k].add(v)
        by_length: dict[int, list[str]] = defaultdict(list)
        for k in clusters:
            by_length[len(k)].append(k)
        # One letter apart (not the first letter): a link between two keys that have no other
        # such neighbour, so that links never chain unrelated names together.
        neighbours: dict[str, set[str]] = defaultdict(set)
        buckets: dict[str, set[str]] = defaultdict(set)
        for k in clusters:
            if len(k) >= MIN_DISTANCE_LENGTH:
                for i in range(1, len(k)):
                    buckets[f"{len(k)}:{k[:i]}*{k[i + 1:]}"].add(k)
                    shorter = k[:i] + k[i + 1:]
                    if shorter in clusters:
                        neighbours[k].add(shorter)
                        neighbours[shorter].add(k)
        for members in buckets.values():
            for k in members:
                neighbours[k] |= members - {k}
        # ... and only when the two spellings share a neighbouring capitalised word (the same
        # first name or surname: "Hillary/Hilary Clinton"), for one letter also separates
        # different names (Boston, Bolton).
        context = _name_context(tokens, names)
        parent = {k: k for k in clusters}
        for k, near in neighbours.items():
            if len(near) == 1:
                (other,) = near
                if len(neighbours[other]) == 1 and _share_context(clusters[k], clusters[other], context):
                    parent[k] = parent[other] = min(k, other)
        merged: dict[str, set[str]] = defaultdict(set)
        for k, spellings in clusters.items():
            merged[parent[k]] |= spellings
        for spellings in merged.values():
            spellings = {s for s in spellings}
            # drop inflections of a more frequent spelling in the cluster
            ordered = sorted(spellings, key=lambda s: (-totals[s], s))
            kept: list[str] = []
            for s in ordered:
                if not any(_is_inflection(s, t) or s.lower() == t.lower() for t in kept):
                    kept.append(s)
            if len(kept) < 2:
                continue
            # reported only when the groups use the spellings differently
            if len({groups_of[s] for s in kept}) == 1 and len(groups_of[kept[0]]) > 1:
                continue
            for s in kept:
                canonical_of[s] = (kept[0], "detected")
    if not canonical_of:
        return pd.DataFrame(columns=columns)
    out = usage[usage["variant"].isin(list(canonical_of))].copy()
    out["canonical"] = out["variant"].map(lambda v: canonical_of[v][0])
    out["source"] = out["variant"].map(lambda v: canonical_of[v][1])
    out["count"] = out["count"].astype(np.int64)
    return out[columns].sort_values(["canonical", "variant", "group"], kind="stable").reset_index(drop=True)
