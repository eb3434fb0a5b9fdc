"""Sentence alignment between two reports of one story: kept, rewritten, dropped, added.

:func:`align_sentences` pairs every sentence of article A with the sentences of article B
that say the same thing, in any order, one sentence pairing with two where a rewrite split
or merged sentences:

1. Each sentence becomes a bag of normalised words (lower case, accents and spelling
   variants folded with :func:`toolkit.names.fold_name`, plural and tense endings trimmed),
   weighted by inverse sentence frequency over both articles so that words every sentence
   shares ("Russia", "Ukraine") count for little. Similarity is the cosine of two bags.
2. Pairs are taken greedily from the most similar down, one to one, while the similarity is
   at least ``PAIR_THRESHOLD``; then a sentence left over joins the sentence it is most
   contained in (``CONTAINMENT_THRESHOLD`` of its weight), which catches splits and merges.
3. A pair is ``same`` when the words of its core are near-verbatim (``SAME_RATIO``): the
   core of a sentence is its direct quotation when it holds one, else the whole sentence,
   so a quotation kept word for word under a rewritten attribution counts as kept. Other
   pairs are ``paraphrase``, with the word-level substitutions listed ("opposed → rejected").

The thresholds are fixed constants chosen for the method, not fitted to any article pair.
"""
from __future__ import annotations

import html
import math
import os
import re
from collections import Counter
from difflib import SequenceMatcher
from functools import lru_cache

import numpy as np
import pandas as pd

from ._resources import word_list
from .names import fold_name
from .schema import group_labels, require_columns
from .segment import MIN_QUOTE_WORDS, quote_spans

__all__ = ["REUSE_COLUMNS", "align_sentences", "align_story", "alignment_html", "pick_pair", "reuse_summary"]

PAIR_THRESHOLD = 0.3  # cosine of weighted word bags for two sentences to say the same thing
CONTAINMENT_THRESHOLD = 0.6  # share of a left-over sentence's weight found in another sentence
SAME_RATIO = 0.9  # word-sequence similarity of the cores for a pair to count as kept verbatim
STOP_WEIGHT = 0.2  # stop words count, but little
MAX_SUBSTITUTION_WORDS = 4  # longer replaced spans are rewrites, not word substitutions
QUOTE_CORE_WORDS = 5  # a quotation this long ...
QUOTE_CORE_SHARE = 1 / 3  # ... making up this much of its sentence is what the sentence says

_WORD = re.compile(r"[\w'’\-]+")


@lru_cache(maxsize=None)
def _normal(word: str) -> str:
    """A word as compared: possessive dropped, spelling variants folded, Porter-stemmed."""
    from nltk.stem.porter import PorterStemmer

    return _porter(PorterStemmer).stem(fold_name(re.sub(r"['’]s$", "", word)))


@lru_cache(maxsize=1)
def _porter(cls):
    return cls()


def _bags(texts: list[str]) -> tuple[list[dict[str, float]], list[list[str]]]:
    stop = word_list("stopwords")
    tokens = [[w for w in _WORD.findall(t)] for t in texts]
    normal = [[_normal(w) for w in ws] for ws in tokens]
    df = Counter(w for ws in normal for w in set(ws))
    n = len(texts)
    bags = []
    for ws, raw in zip(normal, tokens):
        bag: dict[str, float] = {}
        for w, r in zip(ws, raw):
            idf = math.log((n + 1) / (df[w] + 1)) + 1
            bag[w] = bag.get(w, 0.0) + idf * (STOP_WEIGHT if r.lower() in stop else 1.0)
        bags.append(bag)
    return bags, tokens


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(v * b[k] for k, v in a.items() if k in b)
    return dot / (math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values())))


def _containment(a: dict[str, float], b: dict[str, float]) -> float:
    total = sum(a.values())
    return sum(v for k, v in a.items() if k in b) / total if total else 0.0


def _quoted_core(text: str) -> list[str] | None:
    """A sentence's direct quotation (normalised words) when it is at least
    ``QUOTE_CORE_WORDS`` words and a third of the sentence, else None."""
    words = _WORD.findall(text)
    spans = [(a, b) for a, b in quote_spans(text) if len(_WORD.findall(text, a, b)) >= MIN_QUOTE_WORDS]
    quoted = [w for a, b in spans for w in _WORD.findall(text, a, b)]
    if len(quoted) >= QUOTE_CORE_WORDS and len(quoted) >= QUOTE_CORE_SHARE * len(words):
        return [_normal(w) for w in quoted]
    return None


def _core(text: str) -> list[str]:
    """The words that carry a sentence: its quotation (see above), else all its words."""
    return _quoted_core(text) or [_normal(w) for w in _WORD.findall(text)]


def _substitutions(a_words: list[str], b_words: list[str]) -> list[str]:
    """Word-level replacements between two sentences ("opposed → rejected")."""
    matcher = SequenceMatcher(None, [_normal(w) for w in a_words], [_normal(w) for w in b_words], autojunk=False)
    out = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "replace" and i2 - i1 <= MAX_SUBSTITUTION_WORDS and j2 - j1 <= MAX_SUBSTITUTION_WORDS:
            out.append(f"{' '.join(a_words[i1:i2])} → {' '.join(b_words[j1:j2])}")
        elif op == "equal":
            # same word after folding, different spelling: a variant (Zelenskyy → Zelensky)
            for x, y in zip(a_words[i1:i2], b_words[j1:j2]):
                if x != y and x.lower() != y.lower():
                    out.append(f"{x} → {y}")
    return out


def _leftover_links(own: list[dict[str, float]], other: list[dict[str, float]], used: set[int],
                    sim: np.ndarray) -> list[tuple[int, int]]:
    """(own index, other index) for each unpaired sentence of ``own`` mostly contained in a
    sentence of ``other`` (``sim`` rows are ``own``)."""
    links = []
    for i in range(len(own)):
        if i not in used and other:
            j = max(range(len(other)), key=lambda k: _containment(own[i], other[k]))
            if _containment(own[i], other[j]) >= CONTAINMENT_THRESHOLD and sim[i, j] >= PAIR_THRESHOLD / 2:
                links.append((i, j))
    return links


def _sentences_of(sentences: pd.DataFrame, article_id: str, function: str) -> pd.DataFrame:
    part = sentences[sentences["article_id"] == article_id].sort_values("sentence_id", kind="stable")
    if part.empty:
        raise ValueError(f"{function}: no sentences for article {article_id!r}")
    return part


def align_sentences(sentences: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """Align the sentences of articles ``a`` and ``b``.

    Returns
    -------
    pandas.DataFrame
        One row a pairing: ``a_sentence`` and ``b_sentence`` (sentence ids; missing on the
        side that has none), ``similarity`` (0-1), ``relation`` (``same``, ``paraphrase``,
        ``only_a``, ``only_b``), ``substitutions`` (list of "a words → b words"), ``a_text``
        and ``b_text``. Every sentence of both articles appears at least once; rows follow
        article A's order, with B's unpaired sentences after the A sentence they follow.
    """
    require_columns(sentences, ("article_id", "sentence_id", "text"), "align_sentences")
    left = _sentences_of(sentences, a, "align_sentences")
    right = _sentences_of(sentences, b, "align_sentences")
    a_ids, b_ids = left["sentence_id"].tolist(), right["sentence_id"].tolist()
    a_text, b_text = left["text"].astype(str).tolist(), right["text"].astype(str).tolist()
    bags, words = _bags(a_text + b_text)
    a_bags, b_bags = bags[: len(a_text)], bags[len(a_text):]
    a_words, b_words = words[: len(a_text)], words[len(a_text):]
    sim = np.array([[_cosine(x, y) for y in b_bags] for x in a_bags]) if a_bags and b_bags \
        else np.zeros((len(a_bags), len(b_bags)))
    for i, x in enumerate(a_text):  # identical text is the same sentence, words or not
        for j, y in enumerate(b_text):
            if x.strip() == y.strip():
                sim[i, j] = 1.0
    # Two sentences that carry the same quotation say the same thing, whatever the
    # attribution around it: compare their quotations too and keep the higher similarity.
    a_cores = [_quoted_core(t) for t in a_text]
    b_cores = [_quoted_core(t) for t in b_text]
    for i, x in enumerate(a_cores):
        for j, y in enumerate(b_cores):
            if x and y:
                sim[i, j] = max(sim[i, j], _cosine(Counter(x), Counter(y)))

    pairs: dict[tuple[int, int], float] = {}
    used_a, used_b = set(), set()
    for flat in np.argsort(-sim, axis=None, kind="stable"):
        i, j = divmod(int(flat), sim.shape[1])
        if sim[i, j] < PAIR_THRESHOLD:
            break
        if i not in used_a and j not in used_b:
            pairs[(i, j)] = float(sim[i, j])
            used_a.add(i)
            used_b.add(j)
    # splits and merges: a left-over sentence joins the sentence that contains it
    for x, y in _leftover_links(a_bags, b_bags, used_a, sim):
        pairs[(x, y)] = float(sim[x, y])
        used_a.add(x)
    for y, x in _leftover_links(b_bags, a_bags, used_b, sim.T):
        pairs[(x, y)] = float(sim[x, y])
        used_b.add(y)

    rows = []
    for (i, j), score in pairs.items():
        core_a, core_b = _core(a_text[i]), _core(b_text[j])
        same = SequenceMatcher(None, core_a, core_b, autojunk=False).ratio() >= SAME_RATIO
        rows.append((i, j, a_ids[i], b_ids[j], score, "same" if same else "paraphrase",
                     _substitutions(a_words[i], b_words[j]), a_text[i], b_text[j]))
    for i in range(len(a_text)):
        if i not in used_a:
            rows.append((i, -1, a_ids[i], None, 0.0, "only_a", [], a_text[i], None))
    for j in range(len(b_text)):
        if j not in used_b:
            # after the last A sentence paired with an earlier B sentence
            before = [ii for (ii, jj) in pairs if jj < j]
            rows.append((max(before) + 0.5 if before else -0.5, j, None, b_ids[j], 0.0, "only_b", [], None, b_text[j]))
    out = pd.DataFrame(rows, columns=["_i", "_j", "a_sentence", "b_sentence", "similarity", "relation",
                                      "substitutions", "a_text", "b_text"])
    out = out.sort_values(["_i", "_j"], kind="stable").drop(columns=["_i", "_j"]).reset_index(drop=True)
    out["a_sentence"] = out["a_sentence"].astype("Int64")
    out["b_sentence"] = out["b_sentence"].astype("Int64")
    return out


def reuse_summary(alignment: pd.DataFrame, ids: tuple[str, str] | None = None) -> pd.DataFrame:
    """How much of each article's text is found in the other, from an alignment.

    Parameters
    ----------
    ids
        The two articles aligned (``a``, ``b``): given, each row names its article in an
        ``article_id`` column (so :func:`toolkit.readable_articles` can name its outlet and
        title).

    Returns
    -------
    pandas.DataFrame
        One row a side (``a``, ``b``): ``n_sentences``, ``n_same``, ``n_paraphrase``,
        ``n_only`` (sentences with no counterpart), ``words``, ``words_reused`` (words
        matched, in order, within paired sentences) and ``share_reused``; and ``article_id``
        with ``ids``.
    """
    require_columns(alignment, ("a_sentence", "b_sentence", "relation", "a_text", "b_text"), "reuse_summary")
    rows = []
    for side, other in (("a", "b"), ("b", "a")):
        column, text = f"{side}_sentence", f"{side}_text"
        own = alignment[alignment[column].notna()]
        sentences = own.drop_duplicates(column)
        n_words = int(sentences[text].map(lambda t: len(_WORD.findall(t))).sum())
        reused = 0
        for _, group in own[own["relation"].isin(["same", "paraphrase"])].groupby(column):
            mine = [_normal(w) for w in _WORD.findall(group[text].iloc[0])]
            theirs = [_normal(w) for t in group[f"{other}_text"] for w in _WORD.findall(t)]
            reused += sum(block.size for block in SequenceMatcher(None, mine, theirs, autojunk=False).get_matching_blocks())
        relations = sentences["relation"]
        rows.append({"side": side, "n_sentences": len(sentences), "n_same": int((relations == "same").sum()),
                     "n_paraphrase": int((relations == "paraphrase").sum()),
                     "n_only": int(relations.str.startswith("only").sum()), "words": n_words,
                     "words_reused": reused, "share_reused": reused / n_words if n_words else math.nan})
    out = pd.DataFrame(rows, columns=[c for c in REUSE_COLUMNS if c != "article_id"])
    if ids is not None:
        out.insert(1, "article_id", list(ids))
    return out


# The columns of reuse_summary (article_id with ids=), also those of an empty one.
REUSE_COLUMNS = ("side", "article_id", "n_sentences", "n_same", "n_paraphrase", "n_only", "words", "words_reused",
                 "share_reused")


def align_story(sentences: pd.DataFrame, article_ids: list[str]) -> pd.DataFrame:
    """For several reports of one story: which of the others carry each sentence.

    Returns
    -------
    pandas.DataFrame
        One row a sentence of each article: ``article_id``, ``sentence_id``, ``text``,
        ``n_same`` and ``n_paraphrase`` (how many other articles keep it verbatim or
        rewritten), ``found_in`` (their ids) and ``n_articles`` (the others compared).
    """
    require_columns(sentences, ("article_id", "sentence_id", "text"), "align_story")
    ids = list(dict.fromkeys(article_ids))
    found: dict[tuple[str, int], dict[str, str]] = {}
    for x in ids:
        for y in ids:
            if x < y:
                alignment = align_sentences(sentences, x, y)
                for row in alignment.itertuples():
                    if row.relation in ("same", "paraphrase"):
                        for mine, theirs, sid in ((x, y, row.a_sentence), (y, x, row.b_sentence)):
                            entry = found.setdefault((mine, int(sid)), {})
                            if entry.get(theirs) != "same":
                                entry[theirs] = row.relation
    rows = []
    for aid in ids:
        for sid, text in _sentences_of(sentences, aid, "align_story")[["sentence_id", "text"]].itertuples(index=False):
            entry = found.get((aid, int(sid)), {})
            rows.append((aid, sid, text, sum(v == "same" for v in entry.values()),
                         sum(v == "paraphrase" for v in entry.values()), sorted(entry), len(ids) - 1))
    return pd.DataFrame(rows, columns=["article_id", "sentence_id", "text", "n_same", "n_paraphrase", "found_in",
                                       "n_articles"])


_STYLE = """<style>
.nf-align{border-collapse:collapse;width:100%;font:14px/1.45 system-ui,sans-serif}
.nf-align th{text-align:left;border-bottom:2px solid #999;padding:4px 8px}
.nf-align td{vertical-align:top;text-align:left;padding:4px 8px;border-bottom:1px solid #e4e4e4;width:46%}
.nf-align td.rel{width:8%;color:#555;font-size:12px;white-space:nowrap}
.nf-same td.txt{background:#f3f8f3}.nf-para td.txt{background:#fffbea}
.nf-only_a td.a,.nf-only_b td.b{background:#fdeeee}
.nf-align del{background:#f7c6c6;text-decoration:line-through}.nf-align ins{background:#c9ecc9;text-decoration:none}
</style>"""


def _marked(mine: str, theirs: str | None, tag: str) -> str:
    """``mine`` escaped, with the words it does not share with ``theirs`` wrapped in ``tag``."""
    if theirs is None:
        return html.escape(mine)
    pieces = re.findall(r"[\w'’\-]+|[^\w'’\-]+", mine)
    words = [p for p in pieces if _WORD.fullmatch(p)]
    other = [_normal(w) for w in _WORD.findall(theirs)]
    keep = set()
    matcher = SequenceMatcher(None, [_normal(w) for w in words], other, autojunk=False)
    for block in matcher.get_matching_blocks():
        keep.update(range(block.a, block.a + block.size))
    out, k = [], 0
    for piece in pieces:
        if _WORD.fullmatch(piece):
            escaped = html.escape(piece)
            out.append(escaped if k in keep else f"<{tag}>{escaped}</{tag}>")
            k += 1
        else:
            out.append(html.escape(piece))
    return "".join(out)


def alignment_html(alignment: pd.DataFrame, *, a_label: str = "A", b_label: str = "B") -> str:
    """A side-by-side view of an alignment as an HTML table; article text is escaped.

    Words of A not kept in B are struck (``del``), words of B not in A are marked (``ins``),
    sentences only one side has are shaded.
    """
    require_columns(alignment, ("relation", "a_text", "b_text"), "alignment_html")
    rows = [f'<table class="nf-align"><thead><tr><th>{html.escape(a_label)}</th><th></th>'
            f'<th>{html.escape(b_label)}</th></tr></thead><tbody>']
    css = {"same": "nf-same", "paraphrase": "nf-para", "only_a": "nf-only_a", "only_b": "nf-only_b"}
    for row in alignment.itertuples():
        a_text = row.a_text if isinstance(row.a_text, str) else None
        b_text = row.b_text if isinstance(row.b_text, str) else None
        a_cell = _marked(a_text, b_text, "del") if a_text else ""
        b_cell = _marked(b_text, a_text, "ins") if b_text else ""
        label = {"same": "kept", "paraphrase": "rewritten", "only_a": f"only {a_label}", "only_b": f"only {b_label}"}
        rows.append(f'<tr class="{css.get(row.relation, "")}"><td class="txt a">{a_cell}</td>'
                    f'<td class="rel">{html.escape(label.get(row.relation, str(row.relation)))}</td>'
                    f'<td class="txt b">{b_cell}</td></tr>')
    rows.append("</tbody></table>")
    return _STYLE + "\n".join(rows)


def pick_pair(articles: pd.DataFrame, *, by: str = "outlet", cache: str | os.PathLike[str] | None = None) \
        -> tuple[str, str] | None:
    """Two reports of one story from different groups, for a side-by-side view; None when
    no story has reports from two groups (two unrelated articles are never aligned).

    Stories come from the ``story`` column where the input names every article's story,
    else from :func:`toolkit.match_stories`. The story covered by most groups is taken (then
    the one with most articles); of it, the two most alike reports from different groups.
    ``cache``: :func:`toolkit.match_stories`'s.
    """
    from .stories import match_stories

    require_columns(articles, ("article_id", "text"), "pick_pair")
    if len(articles) < 2:
        return None
    named = "story" in articles and articles["story"].notna().all()
    table = articles if named else match_stories(articles, cache=cache)
    groups = group_labels(table[by]) if by in table else pd.Series("", index=table.index)
    frame = pd.DataFrame({"story": table["story"].astype("object").to_numpy(), "group": groups.to_numpy(),
                          "article_id": table["article_id"].astype(str).to_numpy(),
                          "confidence": (table["story_confidence"].to_numpy() if "story_confidence" in table
                                         else np.ones(len(table)))})
    spread = frame.groupby("story").agg(n_groups=("group", "nunique"), n=("article_id", "size"))
    spread = spread[spread["n_groups"] >= 2]
    if spread.empty:
        return None
    story = spread.sort_values(["n_groups", "n"], ascending=False, kind="stable").index[0]
    members = frame[frame["story"] == story].sort_values("confidence", ascending=False, kind="stable")
    first = members.iloc[0]
    other = members[members["group"] != first["group"]].iloc[0]
    return str(first["article_id"]), str(other["article_id"])
