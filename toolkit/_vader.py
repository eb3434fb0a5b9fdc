"""VADER's sentence scores (Hutto & Gilbert 2014), computed in one pass over a sentence's words.

``vaderSentiment``'s ``polarity_scores`` calls a method for every word, rebuilds the list of
lower-case words several times per rated word, and walks the text character by character for
emojis; on news text that is most of the toolkit's time. :func:`scorer` gives a function with
the same rules and the same arithmetic in the same order, reading the package's own lexicon,
booster words, negations and special cases, so the four numbers are VADER's to the last digit
(the test suite and ``benchmarks/bench_scale.py`` compare them with ``polarity_scores`` on every
sentence). A sentence holding an emoji is read as ``polarity_scores`` reads it, each emoji
replaced by its description, and scored by VADER's rules alone.

The rules, for each word of the sentence (split on white space, punctuation stripped from a
word that keeps more than two characters): a word in the lexicon takes its valence; "no"
before a rated word, or up to three words before it, negates it; a word in capitals among
words that are not gets more weight; up to three preceding booster words add or take away
(less the farther they are), a preceding negation flips and damps the valence ("never so"
strengthens it), special phrases replace it, "least" negates it; "but" halves what came
before it and adds half to what follows; "!" and "?" amplify the sum; the compound score is
the sum normalised to -1..1, and neg/neu/pos are the shares of negative, neutral and positive
weight.
"""
from __future__ import annotations

import math
import string
from collections.abc import Callable
from functools import lru_cache
from heapq import heappop, heappush

from ._resources import data_lines

__all__ = ["analyzer", "reversed_positions", "scorer"]

_PUNCTUATION = string.punctuation
_ALPHA = 15  # VADER's normalisation constant


@lru_cache(maxsize=2)
def analyzer(lexicon: str):
    """VADER's ``SentimentIntensityAnalyzer``, one per lexicon: ``"vader"`` (the package's
    own) or ``"news"`` (plus the news words of ``toolkit/data/news_sentiment.txt``)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    made = SentimentIntensityAnalyzer()
    if lexicon == "news":
        for line in data_lines("news_sentiment"):
            word, value = line.split("\t")
            made.lexicon.setdefault(word, float(value))
    elif lexicon != "vader":
        raise ValueError("lexicon must be 'news' (VADER plus news words) or 'vader' (VADER's own)")
    return made


REVERSE_SPAN = 5  # words after a verb of decrease ("diminishes hopes for a peace agreement") it reverses


def reversed_positions(tokens: list[str], lower: list[str], reversing: frozenset[str]) -> list[int]:
    """The positions of the words a verb of decrease reverses: up to ``REVERSE_SPAN`` words
    after it, not past the end of its clause (a token ending in , ; : . ! or ?)."""
    out = []
    for j, word in enumerate(lower):
        if word not in reversing or tokens[j][-1:] in (",", ";", ":", ".", "!", "?"):
            continue
        for k in range(j + 1, min(len(lower), j + 1 + REVERSE_SPAN)):
            if lower[k] in reversing:
                break
            out.append(k)
            if tokens[k][-1:] in (",", ";", ":", ".", "!", "?"):
                break
    return out


SHORT_WALK = 64  # words: up to this many, VADER's "but" walk as it is written; beyond, the same walk kept linear


def _but_walk(sentiments: list[float], at: int) -> None:
    """VADER's treatment of "but" (at word ``at``), in place: for each position in turn, the
    first position holding that position's value is halved before "but" and made half as
    much again after it.

    VADER finds that first position with ``list.index``, a look through the list for every
    word: the square of a sentence's length. On a long sentence the positions holding each
    value are kept in a heap instead (a changed position moves to its new value's heap), so
    that each look-up is the smallest of a heap: the same positions, the same values."""
    if len(sentiments) <= SHORT_WALK or any(v != v for v in sentiments):  # (NaN: equal to none, not even itself)
        for position in range(len(sentiments)):
            value = sentiments[position]
            first = sentiments.index(value)
            if first < at:
                sentiments[first] = value * 0.5
            elif first > at:
                sentiments[first] = value * 1.5
        return
    holding: dict[float, list[int]] = {}  # value -> the positions holding it (a heap: lists in order are heaps)
    for position, value in enumerate(sentiments):
        holding.setdefault(value, []).append(position)
    for position in range(len(sentiments)):
        value = sentiments[position]
        heap = holding[value]
        first = heap[0]
        if first == at:
            continue
        changed = value * 0.5 if first < at else value * 1.5
        sentiments[first] = changed
        heappop(heap)
        heappush(holding.setdefault(changed, []), first)


def _described(text: str, descriptions: dict[str, str]) -> str:
    """``text`` with each emoji replaced by its description, as ``polarity_scores`` does
    first (a space before a description that does not follow one)."""
    pieces = []
    after_space = True
    for character in text:
        if character in descriptions:
            if not after_space:
                pieces.append(" ")
            pieces.append(descriptions[character])
            after_space = False
        else:
            pieces.append(character)
            after_space = character == " "
    return "".join(pieces)


def scorer(analyzer, *, topical: Callable[[list[str], list[str], int], bool] | None = None,
           reversing: frozenset[str] = frozenset()) -> Callable[[str], tuple[float, float, float, float]]:
    """A function ``text -> (neg, neu, pos, compound)`` equal to ``analyzer.polarity_scores``.

    Two additions for news, both off by default (and then the numbers are VADER's): a rated
    word for which ``topical(words, lower_words, i)`` is true counts as unrated (a topical
    sense: "party", "support for the bill"); and a word of ``reversing`` (a verb of decrease:
    "diminishes", "undermines", "eases") reverses, as VADER's negations do, the rated words
    among the ``REVERSE_SPAN`` that follow it in its clause ("diminishes hopes for a peace
    agreement" is not hopeful; "eases tensions" is not tense)."""
    from vaderSentiment import vaderSentiment as vs

    lexicon = analyzer.lexicon
    emojis = analyzer.emojis.keys()
    boosters = vs.BOOSTER_DICT
    negations = frozenset(vs.NEGATE)
    special = vs.SPECIAL_CASES
    cap_boost, negation_factor = vs.C_INCR, vs.N_SCALAR

    def negated(word: str) -> bool:
        return word in negations or "n't" in word

    def booster(word: str, lower: str, valence: float, cap_differs: bool) -> float:
        scalar = 0.0
        if lower in boosters:
            scalar = boosters[lower]
            if valence < 0:
                scalar *= -1
            if word.isupper() and cap_differs:
                if valence > 0:
                    scalar += cap_boost
                else:
                    scalar -= cap_boost
        return scalar

    def negation(valence: float, lower: list[str], distance: int, i: int) -> float:
        if distance == 0:
            if negated(lower[i - 1]):
                valence = valence * negation_factor
        elif distance == 1:
            if lower[i - 2] == "never" and (lower[i - 1] == "so" or lower[i - 1] == "this"):
                valence = valence * 1.25
            elif lower[i - 2] == "without" and lower[i - 1] == "doubt":
                pass
            elif negated(lower[i - 2]):
                valence = valence * negation_factor
        else:
            if (lower[i - 3] == "never" and (lower[i - 2] == "so" or lower[i - 2] == "this")) \
                    or (lower[i - 1] == "so" or lower[i - 1] == "this"):
                valence = valence * 1.25
            elif lower[i - 3] == "without" and (lower[i - 2] == "doubt" or lower[i - 1] == "doubt"):
                pass
            elif negated(lower[i - 3]):
                valence = valence * negation_factor
        return valence

    def phrases(valence: float, lower: list[str], i: int) -> float:
        w0, w1, w2, w3 = lower[i], lower[i - 1], lower[i - 2], lower[i - 3]
        two_one, three_two_one, three_two = f"{w2} {w1}", f"{w3} {w2} {w1}", f"{w3} {w2}"
        for sequence in (f"{w1} {w0}", f"{w2} {w1} {w0}", two_one, three_two_one, three_two):
            if sequence in special:
                valence = special[sequence]
                break
        n = len(lower)
        if n - 1 > i and f"{w0} {lower[i + 1]}" in special:
            valence = special[f"{w0} {lower[i + 1]}"]
        if n - 1 > i + 1 and f"{w0} {lower[i + 1]} {lower[i + 2]}" in special:
            valence = special[f"{w0} {lower[i + 1]} {lower[i + 2]}"]
        for gram in (three_two_one, three_two, two_one):
            if gram in boosters:
                valence = valence + boosters[gram]
        return valence

    def least(valence: float, lower: list[str], i: int) -> float:
        if i > 1 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
            if lower[i - 2] != "at" and lower[i - 2] != "very":
                valence = valence * negation_factor
        elif i > 0 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
            valence = valence * negation_factor
        return valence

    def valence_of(i: int, words: list[str], lower: list[str], cap_differs: bool) -> float:
        word = lower[i]
        valence = lexicon[word]
        n = len(lower)
        if word == "no" and i != n - 1 and lower[i + 1] in lexicon:
            valence = 0.0
        if (i > 0 and lower[i - 1] == "no") or (i > 1 and lower[i - 2] == "no") \
                or (i > 2 and lower[i - 3] == "no" and lower[i - 1] in ("or", "nor")):
            valence = lexicon[word] * negation_factor
        if words[i].isupper() and cap_differs:
            if valence > 0:
                valence += cap_boost
            else:
                valence -= cap_boost
        for distance in range(3):
            if i > distance and lower[i - distance - 1] not in lexicon:
                s = booster(words[i - distance - 1], lower[i - distance - 1], valence, cap_differs)
                if distance == 1 and s != 0:
                    s = s * 0.95
                if distance == 2 and s != 0:
                    s = s * 0.9
                valence = valence + s
                valence = negation(valence, lower, distance, i)
                if distance == 2:
                    valence = phrases(valence, lower, i)
        return least(valence, lower, i)

    def score(text: str) -> tuple[float, float, float, float]:
        if not emojis.isdisjoint(text):  # VADER's own rules alone, on the emojis' descriptions
            return rate(_described(text, analyzer.emojis), None, frozenset())
        return rate(text, topical, reversing)

    def rate(text: str, topical, reversing: frozenset[str]) -> tuple[float, float, float, float]:
        text = text.strip()
        words = []
        for token in text.split():
            stripped = token.strip(_PUNCTUATION)
            words.append(token if len(stripped) <= 2 else stripped)
        lower = [w.lower() for w in words]
        n = len(words)
        if n and lexicon.keys().isdisjoint(lower):
            return 0.0, 1.0, 0.0, 0.0  # no rated word: every word scores 0, all neutral (a third of news sentences)
        capitals = sum(1 for w in words if w.isupper())
        cap_differs = 0 < n - capitals < n
        sentiments: list[float] = []
        for i, word in enumerate(lower):
            if word in boosters or word not in lexicon or (i < n - 1 and word == "kind" and lower[i + 1] == "of") \
                    or (topical is not None and topical(words, lower, i)):
                sentiments.append(0)
            else:
                sentiments.append(valence_of(i, words, lower, cap_differs))
        if reversing and not reversing.isdisjoint(lower):
            for i in reversed_positions(text.split(), lower, reversing):
                sentiments[i] = sentiments[i] * negation_factor
        if "but" in lower:  # VADER's own walk, which finds each value by its first occurrence
            _but_walk(sentiments, lower.index("but"))
        if not sentiments:
            return 0.0, 0.0, 0.0, 0.0
        total = float(sum(sentiments))
        marks = min(text.count("!"), 4) * 0.292
        questions = text.count("?")
        if questions > 1:
            marks += questions * 0.18 if questions <= 3 else 0.96
        if total > 0:
            total += marks
        elif total < 0:
            total -= marks
        compound = total / math.sqrt(total * total + _ALPHA)
        compound = -1.0 if compound < -1.0 else 1.0 if compound > 1.0 else compound
        positive = negative = 0.0
        neutral = 0
        for value in sentiments:
            if value > 0:
                positive += float(value) + 1
            if value < 0:
                negative += float(value) - 1
            if value == 0:
                neutral += 1
        if positive > math.fabs(negative):
            positive += marks
        elif positive < math.fabs(negative):
            negative -= marks
        weight = positive + math.fabs(negative) + neutral
        return (round(math.fabs(negative / weight), 3), round(math.fabs(neutral / weight), 3),
                round(math.fabs(positive / weight), 3), round(compound, 4))

    return score
