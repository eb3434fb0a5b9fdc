"""Spelling and transliteration variants of one name across groups (Zelensky ~ Zelenskyy).

Two sources, combined:

* an alias table shipped in ``toolkit/data/name_variants.txt`` (canonical: variant, …),
  extended by the user's ``aliases=``;
* automatic detection among capitalised words: two spellings are variants when they fold to
  the same key (case, accents, hyphens, apostrophes and, in names of six letters or more,
  the transliteration pairs of ``TRANSLITERATION`` removed) or, in names of six letters or
  more sharing a neighbouring name, differ by one letter the way spellings do (a vowel, a
  doubled letter, an h: Lindsay ~ Lindsey, Hilary ~ Hillary, Gadafi ~ Gadhafi; not
  Ivana ~ Ivanka), and they are not an English inflection of each other (Russia ~ Russian,
  Obama ~ Obamas).

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
from .schema import group_column, require_columns
from .steps import Step, group_of

__all__ = ["alias_table", "combine_evidence", "fold_name", "name_variants", "variants_from_evidence"]

MIN_NAME_LENGTH = 4  # shorter capitalised words are too often ordinary words or acronyms
# Longer capitalised "words" are compounds or blobs ("Democrat-turned-Republican-turned-Independent"
# has 45 letters), not names; comparing a spelling with those one letter apart costs the square
# of its length, so they are not candidates.
MAX_NAME_LENGTH = 64
MIN_DISTANCE_LENGTH = 6  # one-letter differences and romanisation folds are only trusted for longer names
VOWELS = frozenset("aeiouy")
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


def _plain(name: str) -> str:
    """Lower case, without accents, spaces, hyphens or apostrophes."""
    return re.sub(r"[\s'’\-]", "", _strip_accents(name).lower())


def fold_name(name: str) -> str:
    """The key two spellings of one name share: lower case, no accents, hyphens or
    apostrophes, the romanisation differences of ``TRANSLITERATION`` folded (after the
    first letter)."""
    key = _plain(name)
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


def _detection_key(name: str) -> str:
    """The key detection groups spellings by: :func:`fold_name`, except that a short name
    keeps its letters (only case, accents, hyphens and apostrophes folded), for the
    romanisation folds join short words that are different names (Lego, Leho)."""
    key = fold_name(name)
    return key if len(key) >= MIN_DISTANCE_LENGTH else _plain(name)


def _spelling_edit(a: str, b: str) -> bool:
    """Whether two keys one letter apart differ as two spellings of one name do: in a vowel
    (Lindsay / Lindsey, Stacey / Stacy, Mahmoud / Mahmud), a doubled letter (Hilary /
    Hillary), the h of a romanised digraph (Gadafi / Gadhafi), or c / k and s / z; and not in
    another consonant, which makes another name (Ivana / Ivanka, Boston / Bolton)."""
    if len(a) == len(b):
        x, y = next((x, y) for x, y in zip(a, b) if x != y)
        return (x in VOWELS and y in VOWELS) or {x, y} in ({"c", "k"}, {"s", "z"})
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    i = next((i for i, (x, y) in enumerate(zip(longer, shorter)) if x != y), len(shorter))
    letter = longer[i]
    doubled = (i > 0 and longer[i - 1] == letter) or (i + 1 < len(longer) and longer[i + 1] == letter)
    return letter in VOWELS or letter == "h" or doubled


def _is_inflection(a: str, b: str) -> bool:
    short, long = sorted((a.lower(), b.lower()), key=len)
    return long.startswith(short) and long[len(short):] in INFLECTIONS


def _name_evidence(tokens: pd.DataFrame, group: pd.Series) -> dict[str, pd.DataFrame]:
    """What :func:`name_variants` needs to know of a table of tokens, as counts that add up
    over parts of a corpus (so the evidence of chunks can be combined):

    * ``spellings``: capitalised word tokens that may be names (not stop words, of
      ``MIN_NAME_LENGTH`` to ``MAX_NAME_LENGTH`` characters, letters, not in capitals
      throughout), per ``variant`` and ``group``: ``count``, and
      ``inside`` (not the first word of its sentence);
    * ``lower``: how often each lower-case word of that length is written in lower case;
    * ``context``: per ``variant``, how often each capitalised ``neighbour`` stands right
      before or after it in the same article.
    """
    # Tests on the distinct spellings (a few thousand), mapped to the tokens by code.
    codes, spellings_of = _codes(tokens["text"])
    vocabulary = pd.Series(spellings_of, dtype=object).astype(str)
    v_capital = vocabulary.str.slice(0, 1).str.isupper().to_numpy(dtype=bool)
    v_length = vocabulary.str.len().to_numpy()
    v_long = v_length >= MIN_NAME_LENGTH
    v_name_length = v_long & (v_length <= MAX_NAME_LENGTH)
    v_alpha = vocabulary.str.contains(r"^[^\W\d_][\w'’\-]*$", regex=True).to_numpy(dtype=bool)
    v_upper = vocabulary.str.isupper().to_numpy(dtype=bool)
    capital, long_enough = v_capital[codes], v_long[codes]
    is_word = tokens["is_word"].to_numpy(dtype=bool)
    word = is_word & ~tokens["is_stop"].to_numpy(dtype=bool)
    mask = capital & word & (v_name_length & v_alpha & ~v_upper)[codes]
    # The first word of each sentence: capitalised because it starts the sentence.
    words = tokens[is_word]
    first_word = words.groupby(["article_id", "sentence_id"], sort=False, observed=True).cumcount().eq(0)
    initial = np.zeros(len(tokens), dtype=bool)
    initial[np.flatnonzero(is_word)] = first_word.to_numpy()
    texts = np.asarray(vocabulary, dtype=object)[codes]
    groups = np.asarray(group, dtype=object)
    spellings = pd.DataFrame({"variant": texts[mask], "group": groups[mask], "inside": ~initial[mask]}) \
        .groupby(["variant", "group"], sort=True).agg(count=("inside", "size"), inside=("inside", "sum")).reset_index()
    lower_codes, lower_of = _codes(tokens["lower"])
    lower_text = np.asarray(pd.Series(lower_of, dtype=object).astype(str), dtype=object)[lower_codes]
    written_lower = (texts == lower_text) & long_enough
    lower = pd.Series(lower_text[written_lower], dtype=object).value_counts().rename_axis("lower") \
        .rename("count").reset_index()
    # Capitalised neighbours of each candidate, within its article.
    article = pd.factorize(tokens["article_id"])[0]
    at = np.flatnonzero(mask)
    pairs = []
    for step in (-1, 1):
        j = at + step
        ok = (j >= 0) & (j < len(texts))
        i, j = at[ok], j[ok]
        ok = (article[j] == article[i]) & capital[j] & (texts[j] != texts[i])
        pairs.append(pd.DataFrame({"variant": texts[i[ok]], "neighbour": texts[j[ok]]}))
    context = pd.concat(pairs, ignore_index=True).value_counts(["variant", "neighbour"]).rename("count").reset_index()
    return {"spellings": spellings, "lower": lower, "context": context}


def _codes(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of a column and its distinct values (a category's own, or factorized)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy(), np.asarray(column.cat.categories, dtype=object)
    codes, uniques = pd.factorize(column)
    return codes, np.asarray(uniques, dtype=object)


def combine_evidence(parts: list[dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """The evidence of a whole corpus from that of its parts (counts summed)."""
    keys = {"spellings": ["variant", "group"], "lower": ["lower"], "context": ["variant", "neighbour"]}
    out = {}
    for name, key in keys.items():
        frame = pd.concat([p[name] for p in parts], ignore_index=True)
        out[name] = frame.groupby(key, sort=True).sum().reset_index()
    return out


def _names(evidence: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Candidate spellings that are names, per group (``variant``, ``group``, ``count``): an
    ordinary word capitalised because it starts a sentence is not a name, so a spelling is
    kept only if it is capitalised inside a sentence too, as often as the word is written in
    lower case, or never written in lower case."""
    spellings = evidence["spellings"]
    inside = spellings.groupby("variant")["inside"].sum()
    lower = evidence["lower"].set_index("lower")["count"]
    in_lower = lower.reindex(inside.index.str.lower()).fillna(0).to_numpy()
    keep = (inside.to_numpy() >= in_lower) & ((inside.to_numpy() > 0) | (in_lower == 0))
    names = set(inside.index[keep])
    return spellings.loc[spellings["variant"].isin(names), ["variant", "group", "count"]].reset_index(drop=True)


MIN_SHARED_CONTEXT = 0.3  # share of a spelling's neighbours that the other spelling also has


def _context(evidence: dict[str, pd.DataFrame], variants: set[str]) -> dict[str, Counter]:
    """The neighbouring capitalised words of each of ``variants``, with counts."""
    context: dict[str, Counter] = defaultdict(Counter)
    frame = evidence["context"]
    frame = frame[frame["variant"].isin(list(variants))]
    for variant, neighbour, count in zip(frame["variant"].tolist(), frame["neighbour"].tolist(),
                                         frame["count"].tolist()):
        context[variant][neighbour] += int(count)
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
    require_columns(tokens, ("article_id", "sentence_id", "text", "lower", "is_word", "is_stop"), "name_variants")
    group = group_column(tokens, by, articles, "name_variants")
    return variants_from_evidence(_name_evidence(tokens, group), aliases=aliases, detect=detect, min_count=min_count)


def variants_from_evidence(
    evidence: dict[str, pd.DataFrame],
    *,
    aliases: Mapping[str, Sequence[str]] | None = None,
    detect: bool = True,
    min_count: int = 2,
) -> pd.DataFrame:
    """:func:`name_variants` from the evidence of a corpus (:func:`combine_evidence` of its
    chunks); the same table."""
    columns = ["canonical", "variant", "group", "count", "source"]
    usage = _names(evidence)
    if usage.empty:
        return pd.DataFrame(columns=columns)
    summed = usage.groupby("variant")["count"].sum()
    totals = dict(zip(summed.index.tolist(), summed.tolist()))
    groups_of: dict[str, set] = defaultdict(set)
    for variant, group in zip(usage["variant"].tolist(), usage["group"].tolist()):
        groups_of[variant].add(group)

    table = alias_table(aliases)
    canonical_of: dict[str, tuple[str, str]] = {}
    # 1. the alias table
    by_alias: dict[str, list[str]] = defaultdict(list)
    for variant in totals:
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
        pending = [v for v in totals
                   if v not in canonical_of and table.get(v.lower()) is None and totals[v] >= min_count]
        keys = {v: _detection_key(v) for v in pending}
        clusters: dict[str, set[str]] = defaultdict(set)
        for v, k in keys.items():
            clusters[k].add(v)
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
        pairs = [(k, other) for k, near in neighbours.items() if len(near) == 1
                 for other in near if len(neighbours[other]) == 1 and _spelling_edit(k, other)]
        context = _context(evidence, {s for pair in pairs for k in pair for s in clusters[k]})
        parent = {k: k for k in clusters}
        for k, other in pairs:
            if _share_context(clusters[k], clusters[other], context):
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
            if len({frozenset(groups_of[s]) for s in kept}) == 1 and len(groups_of[kept[0]]) > 1:
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


# --- the step of toolkit.analyze (see toolkit.steps) --------------------------------------------

def _step_partial(tables, chunk: pd.DataFrame, by: str) -> dict[str, pd.DataFrame]:
    tokens = tables["tokens"]
    evidence = _name_evidence(tokens, pd.Series(group_of(tokens, by, chunk), index=tokens.index))
    return {"name_spellings": evidence["spellings"], "name_lower": evidence["lower"], "name_context": evidence["context"]}


def _step_combine(partials, by: str) -> dict[str, pd.DataFrame]:
    evidence = {"spellings": partials["name_spellings"], "lower": partials["name_lower"],
                "context": partials["name_context"]}
    return {"name_variants": variants_from_evidence(combine_evidence([evidence]))}


STEP = Step("name variants", partials=("name_spellings", "name_lower", "name_context"), partial=_step_partial,
            gives=("name_variants",), combine=_step_combine, on_worker=True)
