"""Sentiment toward a target: how a sentence treats one person or organisation it mentions.

A sentence can praise one actor and blame another ("McCain urged Republicans not to
filibuster …"): the sentiment of the whole sentence says nothing about which. This module
scores a *mention* from what the sentence says around it:

* the words before and after the mention, nearest first ("blamed", "slammed" right after a
  name; "critics of" right before it), the words of its clause (up to a comma, a dash, "but"),
  the pairs of neighbouring words within five words, the mention's own words, whether it
  stands inside a quotation, opens the sentence, or is a pronoun;
* the sentiment words of VADER's lexicon (Hutto & Gilbert 2014) around it, weighted by
  their distance to the mention (the sentence's own VADER score adds nothing the words near
  the mention do not already say: 0.676 against 0.674 macro-F1 in cross-validation).

The weights of these features were fitted on NewsMTSC (Hamborg & Donnay 2021), 8,739 targets
in real news sentences that annotators rated negative, neutral or positive *toward that
target* (MIT licence), leaving a fifth of its articles aside as a development split; they
ship in ``toolkit/data/target_sentiment.txt`` with that note, and
``benchmarks/fit_target_sentiment.py`` fits them again from the data set. The model is
three one-against-the-rest logistic regressions on features scaled by their naive-Bayes
log-count ratios (the NBSVM idea of Wang & Manning 2012, with a logistic loss).

References:
    Hamborg, F., & Donnay, K. (2021). NewsMTSC: A dataset for (multi-)target-dependent
    sentiment classification in political news articles. EACL.
    Wang, S., & Manning, C. D. (2012). Baselines and bigrams: simple, good sentiment and
    topic classification. ACL.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ._resources import data_lines, word_list
from ._vader import analyzer

__all__ = ["LABELS", "SentenceFeatures", "TargetModel", "mention_features", "probabilities", "target_model"]

LABELS = ("negative", "neutral", "positive")
TOKEN = re.compile(r"[\w'’-]+|[“”\",;:—()]")
CLAUSE_MARKS = frozenset({",", ";", ":", "—", "(", ")"})
CONJUNCTIONS = frozenset({"but", "while", "although", "though", "whereas", "however"})
PRONOUNS = frozenset({"he", "she", "they", "his", "her", "him", "it", "its", "their"})
_BREAKS = CLAUSE_MARKS | CONJUNCTIONS
NEAR = 3  # words this close to the mention count with their side and distance
PAIR_WINDOW = 5  # pairs of neighbouring words this close count as a feature
VALENCE_NEAR = 4  # a sentiment word this close is "near" the mention
DISTANCE_SCALE = 15  # characters: a sentiment word's weight is 1 / (1 + distance / DISTANCE_SCALE)
N_DENSE = 3  # weighted valence of the sentiment words before the mention, after it, and both
MIN_EVIDENCE = 0.05  # a word that moved a score by less is not named as evidence
# A "sentence" of more tokens than this is a run whose sentence ends were not found (the
# longest of the AllSides sample's 88,000 sentences has 423): a mention in it is scored on the
# CONTEXT_TOKENS tokens either side of it, as if they were its sentence. (Every mention's
# features hold every word of its sentence: on a long run, that would be the square of its length.)
MAX_SENTENCE_TOKENS = 500
CONTEXT_TOKENS = 50


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, float]:
    """VADER's own lexicon (not the toolkit's news additions: the model was fitted on it)."""
    return analyzer("vader").lexicon


class SentenceFeatures:
    """The parts of a sentence that every mention in it shares (tokens, clause marks, the
    names of word features, sentiment words), read once; :meth:`of` gives one mention's
    features from them."""

    def __init__(self, text: str):
        lexicon = _lexicon()
        self.text = text
        found = list(TOKEN.finditer(text))
        self.starts = starts = [m.start() for m in found]
        self.ends = ends = [m.end() for m in found]
        lower = text.lower()
        if len(lower) == len(text):  # (the usual case: lower-casing keeps every offset)
            self.words = words = [lower[a:b] for a, b in zip(starts, ends)]
        else:
            self.words = words = [m.group().lower() for m in found]
        self.rated = [(i, lexicon[w]) for i, w in enumerate(words) if w in lexicon]
        self._rows: tuple[list[int | None], list[int | None]] | None = None

    def around(self, start: int, end: int) -> tuple[SentenceFeatures, int]:
        """The features of the stretch of ``CONTEXT_TOKENS`` tokens either side of the mention
        at ``text[start:end]`` (from a token's start to a token's end), and where it starts:
        for a sentence longer than ``MAX_SENTENCE_TOKENS`` tokens."""
        first, last = self._span(start, end)
        low, high = max(0, first - CONTEXT_TOKENS), min(len(self.words), last + CONTEXT_TOKENS + 1)
        if high <= low:
            return SentenceFeatures(""), 0
        at = self.starts[low]
        return SentenceFeatures(self.text[at:self.ends[high - 1]]), at

    def of(self, start: int, end: int) -> tuple[list[str], np.ndarray]:
        """The features of the mention at ``text[start:end]``: names of binary features, and
        the ``N_DENSE`` numeric ones (see the module)."""
        first, last, low, high, names, dense = self._parts(start, end)
        every = ["W_" + w for w in self.words]
        clause = ["C_" + w for w in self.words]
        # every word of the sentence but the mention's, and the words of its clause
        return every[:first] + every[last + 1:] + clause[low:first] + clause[last + 1:high + 1] + names, np.array(dense)

    def rows(self, start: int, end: int, model: TargetModel) -> tuple[list[int], tuple[float, float, float]]:
        """What :meth:`of` gives, as the rows of ``model``'s weights (each once) and the numeric
        features as a tuple: the words' rows are looked up once for the sentence, however many
        mentions it has."""
        if self._rows is None:
            every, clause = model.word_rows
            self._rows = ([every.get(w) for w in self.words], [clause.get(w) for w in self.words])
        every, clause = self._rows
        first, last, low, high, names, dense = self._parts(start, end)
        found = set(every[:first])
        found.update(every[last + 1:], clause[low:first], clause[last + 1:high + 1], map(model.index.get, names))
        found.discard(None)
        return list(found), dense

    def _span(self, start: int, end: int) -> tuple[int, int]:
        """The mention's first and last token."""
        first = bisect_right(self.ends, start)  # the first token ending after the mention starts
        last = bisect_left(self.starts, end) - 1  # the last token starting before it ends
        if first > last:  # (no token overlaps the mention)
            first = last = 0
        return first, last

    def _parts(self, start: int, end: int):
        """The mention's first and last token, its clause, the names of its features other
        than the words of the sentence and of the clause, and its numeric features."""
        starts, words = self.starts, self.words
        n = len(words)
        first, last = self._span(start, end)
        low = first
        while low > 0 and words[low - 1] not in _BREAKS:
            low -= 1
        high = last
        while high < n - 1 and words[high + 1] not in _BREAKS:
            high += 1
        names = []
        for distance in range(1, NEAR + 1):  # the nearest words, with their side and distance
            if first - distance >= 0:
                names.append(f"L{distance}_{words[first - distance]}")
            if last + distance < n:
                names.append(f"R{distance}_{words[last + distance]}")
        for i in range(max(0, first - PAIR_WINDOW), first - 1):  # pairs of neighbouring words
            names.append(f"BL_{words[i]}_{words[i + 1]}")
        for i in range(last + 1, min(n - 1, last + PAIR_WINDOW + 1)):
            names.append(f"BR_{words[i]}_{words[i + 1]}")
        before = after = 0.0
        for i, value in self.rated:  # sentiment words, by side, distance and clause
            if first <= i <= last:
                continue
            left = i < first
            distance = first - i if left else i - last
            names.append(f"V{'L' if left else 'R'}{'n' if distance <= VALENCE_NEAR else 'f'}"
                         f"{'C' if low <= i <= high else ''}_{'p' if value > 0 else 'n'}")
            gap = (start - starts[i]) if left else (starts[i] - end)
            weighted = value / (1 + max(gap, 0) / DISTANCE_SCALE) / 4
            if left:
                before += weighted
            else:
                after += weighted
        head = self.text[:start]
        quoted = head.count("“") > head.count("”") or head.count('"') % 2 == 1
        names.append(f"inquote_{quoted}")
        names.append(f"first_{first == 0}")
        names.extend(f"T_{w}" for w in words[first:last + 1])
        names.append(f"pron_{words[first] in PRONOUNS if words else False}")
        return first, last, low, high, names, (before, after, before + after)


def mention_features(text: str, start: int, end: int) -> tuple[list[str], np.ndarray]:
    """The features of the mention at ``text[start:end]``: names of binary features, and
    the ``N_DENSE`` numeric ones (see the module). The same function serves fitting and
    scoring."""
    return SentenceFeatures(text).of(start, end)


def _word_of(feature: str) -> str | None:
    """The word a feature stands for, for explanations: None for a feature of position or
    of the mention itself, and for words that name no stance (the stop words of
    ``toolkit/data/stopwords.txt`` and forms of address: "about", "over the", "mr"). Of a
    pair of neighbouring tokens, the words only (", accused" stands for "accused")."""
    kind, _, rest = feature.partition("_")
    if not rest or kind in ("inquote", "first", "pron", "T") or kind.startswith("V"):
        return None
    tokens = rest.split("_") if kind.startswith("B") else [rest]
    word = " ".join(t for t in tokens if any(ch.isalpha() for ch in t))
    if not word:
        return None
    from .terms import HONORIFICS

    plain = word_list("stopwords") | HONORIFICS
    return None if all(w in plain for w in word.split()) else word


@dataclass(frozen=True)
class TargetModel:
    """Fitted weights: for each class, one weight a binary feature (its naive-Bayes ratio
    times its coefficient), one a numeric feature, and an intercept."""

    index: dict[str, int]  # feature -> row of ``weights``
    weights: np.ndarray  # (n_features, 3)
    dense: np.ndarray  # (N_DENSE, 3)
    intercept: np.ndarray  # (3,)
    words: tuple[str | None, ...]  # the word each feature stands for (None: a position, or the mention itself)
    columns: tuple[list[float], ...]  # each class's weights as a Python list (read one by one while explaining)
    # the rows of the features "W_word" (a word of the sentence) and "C_word" (a word of the
    # mention's clause), by word
    word_rows: tuple[dict[str, int], dict[str, int]]

    @classmethod
    def from_weights(cls, names: list[str], weights: np.ndarray, dense: np.ndarray,
                     intercept: np.ndarray) -> TargetModel:
        index = {n: i for i, n in enumerate(names)}
        return cls(index, weights, dense, intercept, tuple(_word_of(n) for n in names),
                   tuple(weights[:, k].tolist() for k in range(weights.shape[1])),
                   ({n[2:]: i for n, i in index.items() if n.startswith("W_")},
                    {n[2:]: i for n, i in index.items() if n.startswith("C_")}))

    def scores(self, rows: list[int], lengths: list[int], dense: np.ndarray) -> np.ndarray:
        """The three one-against-the-rest decision values of each mention: ``rows`` holds the
        rows of every mention's features one mention after another, ``lengths`` how many each
        mention has, ``dense`` its numeric features (one row a mention)."""
        from scipy import sparse

        indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        indices = np.asarray(rows, dtype=np.int64)
        X = sparse.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(lengths), len(self.weights)))
        return X @ self.weights + dense @ self.dense + self.intercept

    def explain(self, rows: list[int], label: int, top: int = 3) -> list[tuple[str, float]]:
        """The words whose features pushed a mention toward ``label`` most, with the weight
        they added."""
        column = self.columns[label]
        words = self.words
        by_word: dict[str, float] = {}
        for i in rows:  # (the features that pushed toward the label, summed by the word they stand for)
            value = column[i]
            if value > 0:
                word = words[i]
                if word is not None:
                    by_word[word] = by_word.get(word, 0.0) + value
        ranked = sorted(by_word.items(), key=lambda kv: -kv[1])
        return [(w, v) for w, v in ranked if v >= MIN_EVIDENCE][:top]


def probabilities(scores: np.ndarray) -> np.ndarray:
    """One-against-the-rest decision values as probabilities that add up to one."""
    odds = 1.0 / (1.0 + np.exp(-scores))
    return odds / odds.sum(axis=-1, keepdims=True)


@lru_cache(maxsize=1)
def target_model() -> TargetModel:
    """The shipped model (``toolkit/data/target_sentiment.txt``)."""
    names: list[str] = []
    rows: list[list[float]] = []
    dense = np.zeros((N_DENSE, 3))
    intercept = np.zeros(3)
    for line in data_lines("target_sentiment"):
        name, *values = line.split("\t")
        weights = [float(v) for v in values]
        if name == "__intercept__":
            intercept = np.array(weights)
        elif name.startswith("__dense_"):
            dense[int(name[len("__dense_"):-2])] = weights
        else:
            names.append(name)
            rows.append(weights)
    return TargetModel.from_weights(names, np.array(rows).reshape(-1, 3), dense, intercept)
