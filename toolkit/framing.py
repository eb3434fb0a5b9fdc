"""Sentiment framing: sentence sentiment, sentiment toward actors, loaded language, generic
news frames and agency, each explained by the words that produced it.

* :func:`sentence_sentiment` scores each sentence with VADER (Hutto & Gilbert 2014) using
  the lexicon shipped in the ``vaderSentiment`` package, plus (by default) news words VADER
  does not rate (``toolkit/data/news_sentiment.txt``). Sentences, not articles, are scored:
  VADER's compound score saturates on long texts. :func:`sentiment_words` lists the rated
  words of each sentence, so every score can be traced to its words.
* :func:`sentiment_summary` aggregates sentence scores per article or group with their
  spread; :func:`actor_sentiment` per actor mentioned (``toolkit/data/actors.txt``).
* :func:`loaded_language` finds emotive, intensifying and editorial words and hedges
  (``toolkit/data/loaded_language.txt``).
* :func:`news_frames` marks the generic frames of Semetko & Valkenburg (2000) (conflict,
  human interest, responsibility, economic consequences, morality) by indicator words
  (``toolkit/data/frames.txt``): an indicator, not a validated coder.
* :func:`agency` finds passive constructions with and without an agent ("were killed" and
  "were killed by …") and harm verbs in the active voice ("Russia attacked …").

References:
    Hutto, C. J., & Gilbert, E. (2014). VADER: A parsimonious rule-based model for sentiment
    analysis of social media text. ICWSM. Semetko, H. A., & Valkenburg, P. M. (2000).
    Framing European politics: A content analysis of press and television news. Journal of
    Communication, 50(2), 93-109.
"""
from __future__ import annotations

import re
import string
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Mapping, Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from ._phrases import PhraseFinder, lower_words
from ._vader import analyzer, reversed_positions, scorer
from ._resources import data_lines
from .schema import group_column, require_columns
from .segment import quote_spans
from .steps import Step, group_of, sentence_step

__all__ = [
    "FRAMES", "LOADED", "actor_mentions", "actor_sentiment", "agency", "frame_summary", "loaded_language", "loaded_sentences",
    "news_frames", "sentence_sentiment", "sentiment_summary", "sentiment_words",
]

_PUNCTUATION = string.punctuation
NEGATIVE_AT = -0.05  # VADER's usual cut-offs for a negative / positive sentence
POSITIVE_AT = 0.05
FRAMES = ("conflict", "human_interest", "responsibility", "economic", "morality")
_WORD = re.compile(r"[\w'’\-]+")


@lru_cache(maxsize=2)
def _scorer(lexicon: str):
    """VADER's ``polarity_scores`` as ``text -> (neg, neu, pos, compound)``, the same numbers
    several times faster (see :mod:`toolkit._vader`); with ``"news"``, the topical senses
    of ``news_neutral.txt`` unrated and the verbs of ``news_reversing.txt`` reversing."""
    if lexicon == "news":
        return scorer(analyzer(lexicon), topical=_topical, reversing=_reversing())
    return scorer(analyzer(lexicon))


_DETERMINERS = frozenset("a an the this that these those his her their its our my your any some many most all every "
                         "each no one two three him them us me".split())


@lru_cache(maxsize=1)
def _neutral_rules() -> dict[str, tuple[str, frozenset[str]]]:
    """word -> (rule, words) from ``news_neutral.txt``."""
    rules = {}
    for line in data_lines("news_neutral"):
        word, rule = line.split("\t")
        kind, _, listed = rule.partition(":")
        rules[word.strip()] = (kind.strip(), frozenset(listed.split("|")) if listed else frozenset())
    return rules


@lru_cache(maxsize=1)
def _reversing() -> frozenset[str]:
    return frozenset(data_lines("news_reversing"))


def _topical(words: list[str], lower: list[str], i: int) -> bool:
    """Whether the rated word at ``i`` is used in a topical sense (``news_neutral.txt``)."""
    rule = _neutral_rules().get(lower[i])
    if rule is None:
        return False
    kind, listed = rule
    if kind == "always":
        return True
    if kind == "before":
        return i + 1 < len(lower) and lower[i + 1] in listed
    if kind == "after":
        return i > 0 and lower[i - 1] in listed
    if kind == "before-determiner":
        if i + 1 >= len(lower):
            return False
        following = words[i + 1]
        return lower[i + 1] in _DETERMINERS or following[:1].isupper() or following[:1].isdigit()
    return False


def sentence_sentiment(sentences: pd.DataFrame, *, lexicon: str = "news") -> pd.DataFrame:
    """VADER scores of each sentence.

    Parameters
    ----------
    lexicon
        ``"news"`` (default): VADER's lexicon plus the news words of
        ``toolkit/data/news_sentiment.txt``; ``"vader"``: VADER's lexicon alone, for scores
        identical to ``SentimentIntensityAnalyzer().polarity_scores``.

    Returns
    -------
    pandas.DataFrame
        The sentences table with ``neg``, ``neu``, ``pos`` and ``compound`` added.
    """
    require_columns(sentences, ("article_id", "sentence_id", "text"), "sentence_sentiment")
    score = _scorer(lexicon)
    values = np.zeros((len(sentences), 4))
    for i, text in enumerate(sentences["text"].tolist()):
        if isinstance(text, str) and text:
            values[i] = score(text)
    out = sentences.copy()
    for k, column in enumerate(("neg", "neu", "pos", "compound")):
        out[column] = values[:, k]
    return out


_NEGATIONS = frozenset("not no never none nobody nothing neither nor without n't cannot isn't wasn't aren't "
                       "weren't don't doesn't didn't won't wouldn't can't couldn't shouldn't".split())


def sentiment_words(sentences: pd.DataFrame, *, lexicon: str = "news") -> pd.DataFrame:
    """The words of each sentence that carry sentiment in the lexicon: the explanation of a
    sentence's score.

    Returns
    -------
    pandas.DataFrame
        ``article_id``, ``sentence_id``, ``word``, ``valence`` (the lexicon's value, -4 to
        +4) and ``negated`` (a negation among the three words before it, which VADER
        counts as flipping and damping the word, or, with ``lexicon="news"``, a verb of
        decrease before it in its clause). With ``lexicon="news"``, words in a topical sense
        ("party", "support for") are not listed: they do not count.
    """
    require_columns(sentences, ("article_id", "sentence_id", "text"), "sentiment_words")
    table = analyzer(lexicon).lexicon
    news = lexicon == "news"
    reversing = _reversing() if news else frozenset()
    rows = []
    for article_id, sentence_id, text in zip(sentences["article_id"], sentences["sentence_id"], sentences["text"]):
        tokens = text.split() if isinstance(text, str) else []
        words = [t if len(t.strip(_PUNCTUATION)) <= 2 else t.strip(_PUNCTUATION) for t in tokens]
        lower = [w.lower().replace("’", "'") for w in words]
        reversed_at = set(reversed_positions(tokens, lower, reversing)) if reversing and not reversing.isdisjoint(lower) \
            else set()
        for i, word in enumerate(lower):
            if word in table and not (news and _topical(words, lower, i)):
                negated = any(w in _NEGATIONS or w.endswith("n't") for w in lower[max(0, i - 3):i]) or i in reversed_at
                rows.append((article_id, sentence_id, word, float(table[word]), negated))
    return pd.DataFrame(rows, columns=["article_id", "sentence_id", "word", "valence", "negated"])


def sentiment_summary(scored: pd.DataFrame, *, by: str = "outlet", articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """Sentence sentiment aggregated per group (or per article with ``by="article_id"``).

    Returns
    -------
    pandas.DataFrame
        ``group``, ``n_sentences``, ``mean_compound``, ``median_compound``, ``sd_compound``,
        ``q1``, ``q3``, ``share_negative`` and ``share_positive`` (sentences at or beyond
        VADER's ±0.05), ``mean_neg`` and ``mean_pos``; sorted by ``mean_compound``.
    """
    require_columns(scored, ("article_id", "compound", "neg", "pos"), "sentiment_summary")
    frame = pd.DataFrame({"group": group_column(scored, by, articles, "sentiment_summary").to_numpy(),
                          "compound": scored["compound"].to_numpy(), "neg": scored["neg"].to_numpy(),
                          "pos": scored["pos"].to_numpy()})
    grouped = frame.groupby("group", sort=True)
    out = pd.DataFrame({
        "n_sentences": grouped.size(),
        "mean_compound": grouped["compound"].mean(),
        "median_compound": grouped["compound"].median(),
        "sd_compound": grouped["compound"].std(ddof=1),
        "q1": grouped["compound"].quantile(0.25),
        "q3": grouped["compound"].quantile(0.75),
        "share_negative": grouped["compound"].agg(lambda c: float((c <= NEGATIVE_AT).mean())),
        "share_positive": grouped["compound"].agg(lambda c: float((c >= POSITIVE_AT).mean())),
        "mean_neg": grouped["neg"].mean(),
        "mean_pos": grouped["pos"].mean(),
    }).reset_index()
    return out.sort_values("mean_compound", kind="stable").reset_index(drop=True)


# --- actors ---------------------------------------------------------------------------------

ARTICLE_MIN_MARGIN = 2  # an article's verdict on an actor needs this many more mentions one way than the other
ARTICLE_MIN_SHARE = 0.3  # ... and that margin must be this share of the actor's mentions in the article
EVIDENCE_WORDS = 3  # words listed as the evidence of a score
_ACRONYM = re.compile(r"^[A-Z][A-Z.&]{0,5}$")  # "US", "U.S.", "EU", "NATO": matched as written


def _alias_key(text: str) -> str:
    """An alias as compared: lower case, without spaces, hyphens, periods and apostrophes
    ("Chick-fil-A", "Chick fil A", "chick-fil-a" are one)."""
    return re.sub(r"[\W_]+", "", text).lower()


_PART = re.compile(r"[^\W_]+")


class _AliasFinder:
    """The mentions of the aliases of a table of actors in a text: acronyms as written,
    other aliases in any case and with any spacing or hyphenation. Candidates are looked up
    by the word they start with, so a sentence without any such word costs one set test."""

    def __init__(self, table: dict[str, list[str]], preferred: set[tuple[str, str]]):
        self.actor_of: dict[str, str] = {}
        self.exact: dict[str, list[re.Pattern]] = {}  # first word as written -> acronym patterns
        self.loose: dict[str, list[re.Pattern]] = {}  # first word in lower case -> alias patterns
        for actor, aliases in table.items():
            for alias in aliases:
                parts = _PART.findall(alias)
                if not parts:
                    continue
                acronym = bool(_ACRONYM.match(alias))
                key = alias if acronym else _alias_key(alias)
                if (actor, alias) in preferred:  # the caller's aliases win over the shipped table's
                    self.actor_of[key] = actor
                else:
                    self.actor_of.setdefault(key, actor)
                if acronym:
                    self.exact.setdefault(parts[0], []).append(re.compile(re.escape(alias) + r"(?![\w])"))
                else:
                    body = r"[\s\-.'’]*".join(re.escape(p) for p in parts)
                    self.loose.setdefault(parts[0].lower(), []).append(re.compile(body + r"(?![\w])", re.IGNORECASE))
        # first words of every alias, in lower case (an acronym's is then checked as written)
        self.first_words = frozenset(self.loose) | {k.lower() for k in self.exact}

    def present(self, text: str) -> set[str]:
        """The aliases' first words (lower case) that ``text`` holds."""
        return self.first_words.intersection(_PART.findall(text.lower()))

    def finditer(self, text: str, candidates: set[str] | None = None):
        """``(start, end, alias as written, actor)`` of each mention, left to right, the longest
        alias where several start at one word. ``candidates``: the first words to look for
        (those :meth:`present` found in a larger text holding this one)."""
        lower = text.lower()
        if candidates is None:
            present = self.present(text)
        else:
            present = {word for word in candidates if word in lower}
        if not present:
            return
        starts = []  # where each first word present stands as a whole word
        for word in present:
            at = lower.find(word)
            while at >= 0:
                after = at + len(word)
                if (not at or not lower[at - 1].isalnum()) and (after == len(lower) or not lower[after].isalnum()):
                    starts.append((at, word))
                at = lower.find(word, after)
        position = 0
        for start, word in sorted(starts):
            if start < position or (start and (text[start - 1].isalnum() or text[start - 1] in "._")):
                continue
            best = None
            for pattern in (*self.exact.get(text[start:start + len(word)], ()), *self.loose.get(word, ())):
                hit = pattern.match(text, start)
                if hit and (best is None or hit.end() > best.end()):
                    best = hit
            if best is None:
                continue
            alias = best.group()
            actor = self.actor_of.get(alias) or self.actor_of.get(_alias_key(alias))
            if actor is not None:
                position = best.end()
                yield start, best.end(), alias, actor


@lru_cache(maxsize=8)
def _actor_finder(extra: tuple[tuple[str, tuple[str, ...]], ...]) -> _AliasFinder:
    table: dict[str, list[str]] = {}
    for line in data_lines("actors"):
        actor, _, rest = line.partition(":")
        table[actor.strip()] = [a.strip() for a in rest.split(",") if a.strip()]
    for actor, aliases in extra:
        table.setdefault(actor, []).extend(aliases)
    return _AliasFinder(table, {(actor, alias) for actor, aliases in extra for alias in aliases})


def actor_mentions(sentences: pd.DataFrame, *, actors: Mapping[str, Sequence[str]] | None = None) -> pd.DataFrame:
    """Every mention of an actor (``toolkit/data/actors.txt`` plus ``actors``, which maps an
    actor to its aliases) in each sentence, scored for the sentence's sentiment *toward that
    mention* (:mod:`toolkit.targets`, fitted on NewsMTSC): two actors in one sentence get
    scores of their own. Aliases match in any case and with any spacing or hyphenation
    ("Chick-fil-A", "Chick fil A"), except acronyms ("US" is not "us").

    Returns
    -------
    pandas.DataFrame
        One row a mention: ``article_id``, ``sentence_id``, ``actor``, ``alias`` (as
        written), ``start``, ``end`` (offsets into ``articles.text`` where the sentences have
        ``start``, else into the sentence), ``label`` (negative, neutral, positive),
        ``p_negative``, ``p_neutral``, ``p_positive``, ``score`` (``p_positive -
        p_negative``, -1 to 1) and ``evidence`` (for a negative or positive label, the words
        that carried it, with their weight). A mention in a run of more than
        ``targets.MAX_SENTENCE_TOKENS`` tokens without a sentence end is scored on the
        ``targets.CONTEXT_TOKENS`` tokens either side of it.
    """
    from .targets import LABELS, MAX_SENTENCE_TOKENS, SentenceFeatures, probabilities, target_model

    require_columns(sentences, ("article_id", "sentence_id", "text"), "actor_mentions")
    columns = ["article_id", "sentence_id", "actor", "alias", "start", "end", "label", "p_negative", "p_neutral",
               "p_positive", "score", "evidence"]
    extra = tuple(sorted((k, tuple(v)) for k, v in (actors or {}).items()))
    finder = _actor_finder(extra)
    model = target_model()
    bases = sentences["start"].tolist() if "start" in sentences else [0] * len(sentences)
    # one flat list of every mention's feature rows (few objects: the loop makes 40,000
    # mentions over the AllSides sample, and lists of lists cost the garbage collector)
    found, rows, lengths, dense = [], [], [], []
    ids, texts = sentences["article_id"].tolist(), sentences["text"].tolist()
    # the first words of aliases each article holds, looked for once an article
    article_texts: dict[object, list[str]] = {}
    for article_id, text in zip(ids, texts):
        if isinstance(text, str):
            article_texts.setdefault(article_id, []).append(text)
    candidates = {a: finder.present(" ".join(parts)) for a, parts in article_texts.items()}
    for article_id, sentence_id, base, text in zip(ids, sentences["sentence_id"].tolist(), bases, texts):
        if not isinstance(text, str) or not candidates[article_id]:
            continue
        hits = list(finder.finditer(text, candidates[article_id]))
        if not hits:
            continue
        features = SentenceFeatures(text)
        long = len(features.words) > MAX_SENTENCE_TOKENS  # (a run without sentence ends: see targets)
        for start, end, alias, actor in hits:
            if long:
                near, at = features.around(start, end)
                mention_rows, numbers = near.rows(start - at, end - at, model)
            else:
                mention_rows, numbers = features.rows(start, end, model)
            found.append((article_id, sentence_id, actor, alias, int(base) + start, int(base) + end))
            rows.extend(mention_rows)
            lengths.append(len(mention_rows))
            dense.extend(numbers)
    if not found:
        return pd.DataFrame(columns=columns)
    p = probabilities(model.scores(rows, lengths, np.array(dense).reshape(len(found), -1)))
    labels = p.argmax(axis=1)
    ends = np.cumsum(lengths).tolist()
    evidence = [", ".join(f"{w} ({v:+.1f})" for w, v in model.explain(rows[stop - n:stop], int(label), EVIDENCE_WORDS))
                if label != 1 else "" for stop, n, label in zip(ends, lengths, labels)]  # (a neutral label has none)
    out = pd.DataFrame(found, columns=columns[:6])
    out["label"] = np.asarray(LABELS, dtype=object)[labels]
    out["p_negative"], out["p_neutral"], out["p_positive"] = p[:, 0], p[:, 1], p[:, 2]
    out["score"] = p[:, 2] - p[:, 0]
    out["evidence"] = evidence
    return out[columns]


def _evidence_words(evidence: pd.Series, top: int = EVIDENCE_WORDS * 2) -> str:
    """The words most often named as evidence, with how often ("slammed (3), blamed (2)")."""
    counts: dict[str, int] = {}
    for text in evidence:
        for item in (text or "").split(", "):
            word = item.rsplit(" (", 1)[0].strip()
            if word:
                counts[word] = counts.get(word, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return ", ".join(f"{w} ({n})" for w, n in ranked)


def actor_sentiment(scored: pd.DataFrame, *, by: str = "outlet", articles: pd.DataFrame | None = None,
                    actors: Mapping[str, Sequence[str]] | None = None, per: str = "group",
                    mentions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Sentiment toward each actor, from the scores of its mentions (:func:`actor_mentions`).

    Parameters
    ----------
    scored
        Sentences (with ``compound`` from :func:`sentence_sentiment` for ``mean_compound``).
    per
        ``"group"`` (default): per group of ``by`` and actor; ``"article"``: per article and
        actor, with a verdict; ``"mention"``: the mentions, with their group.
    mentions
        The mentions where they are already found (``toolkit.analyze``'s ``actors`` table).

    Returns
    -------
    pandas.DataFrame
        ``per="group"``: ``group``, ``actor``, ``n_mentions``, ``n_sentences``,
        ``n_articles``, ``mean_score`` (mean of the mentions' scores, -1 to 1),
        ``share_negative``, ``share_positive`` (of the mentions), ``mean_compound`` (of the
        sentences that mention the actor: their tone, not a stance) and ``evidence`` (the
        words that carried the mentions' labels most often).
        ``per="article"``: ``article_id``, ``group``, ``actor``, ``n_mentions``,
        ``n_negative``, ``n_positive``, ``mean_score``, ``verdict`` and ``evidence``. The
        verdict is neutral unless the evidence is clear: negative (or positive) only where
        the article has at least ``ARTICLE_MIN_MARGIN`` more negative mentions of the actor
        than positive ones (or the reverse), and that margin is at least
        ``ARTICLE_MIN_SHARE`` of its mentions; most articles are neutral toward most of the
        people in them.
    """
    require_columns(scored, ("article_id", "sentence_id", "text"), "actor_sentiment")
    if per not in ("group", "article", "mention"):
        raise ValueError("actor_sentiment: per must be 'group', 'article' or 'mention'")
    found = actor_mentions(scored, actors=actors) if mentions is None else mentions
    source = scored if by in scored.columns else articles  # the group is a property of the article
    group_columns = {"group": ["group", "actor", "n_mentions", "n_sentences", "n_articles", "mean_score",
                               "share_negative", "share_positive", "mean_compound", "evidence"],
                     "article": ["article_id", "group", "actor", "n_mentions", "n_negative", "n_positive",
                                 "mean_score", "verdict", "evidence"]}
    if found.empty:
        return pd.DataFrame(columns=group_columns.get(per, list(found.columns) + ["group"]))
    found = found.assign(group=group_column(found, by, source, "actor_sentiment").to_numpy())
    if per == "mention":
        return found
    if "compound" in scored:
        found = found.merge(scored[["article_id", "sentence_id", "compound"]], on=["article_id", "sentence_id"],
                            how="left")
    else:
        found = found.assign(compound=np.nan)
    found = found.assign(negative=found["label"] == "negative", positive=found["label"] == "positive")
    if per == "article":
        grouped = found.groupby(["article_id", "group", "actor"], sort=True)
        out = grouped.agg(n_mentions=("score", "size"), n_negative=("negative", "sum"),
                          n_positive=("positive", "sum"), mean_score=("score", "mean")).reset_index()
        out["evidence"] = grouped["evidence"].agg(_evidence_words).to_numpy()
        margin = out["n_negative"] - out["n_positive"]
        clear = margin.abs() >= np.maximum(ARTICLE_MIN_MARGIN, ARTICLE_MIN_SHARE * out["n_mentions"])
        out["verdict"] = np.where(clear & (margin > 0), "negative", np.where(clear & (margin < 0), "positive",
                                                                            "neutral"))
        return out[group_columns["article"]]
    grouped = found.groupby(["group", "actor"], sort=True)
    sentences_of = found.drop_duplicates(["group", "actor", "article_id", "sentence_id"])
    out = grouped.agg(n_mentions=("score", "size"), n_articles=("article_id", "nunique"),
                      mean_score=("score", "mean"), share_negative=("negative", "mean"),
                      share_positive=("positive", "mean")).reset_index()
    per_sentence = sentences_of.groupby(["group", "actor"], sort=True)
    out["n_sentences"] = per_sentence.size().to_numpy()
    out["mean_compound"] = per_sentence["compound"].mean().to_numpy()
    out["evidence"] = grouped["evidence"].agg(_evidence_words).to_numpy()
    return out[group_columns["group"]]


# --- loaded language and frames ---------------------------------------------------------------

@lru_cache(maxsize=None)
def _word_table(name: str) -> dict[str, list[str]]:
    """Lower-case word or phrase -> categories, from a two-column data file."""
    table: dict[str, list[str]] = defaultdict(list)
    for line in data_lines(name):
        left, right = line.split("\t")
        if name == "frames":
            table[right.strip().lower()].append(left.strip())
        else:
            table[left.strip().lower()].append(right.strip())
    return dict(table)


@lru_cache(maxsize=None)
def _phrase_finder(name: str) -> PhraseFinder:
    return PhraseFinder(_word_table(name), before=r"\w'’\-", after=r"\w'’\-", ignore_case=True)


def _hits(sentences: pd.DataFrame, finder: PhraseFinder, table: dict):
    """(article_id, sentence_id, word as written, entry of ``table``, quoted, start, end) for
    each phrase of ``finder`` in each sentence, offsets into ``articles.text``; ``quoted``
    when the phrase starts inside a direct quotation."""
    columns = (sentences[c].tolist() for c in ("article_id", "sentence_id", "start", "text"))
    for article_id, sentence_id, base, text in zip(*columns):
        if not isinstance(text, str):
            continue
        spans = None
        for start, end, word in finder.finditer(text):
            if spans is None:
                spans = quote_spans(text)
            quoted = any(a <= start < b for a, b in spans)
            for entry in table[word.lower()]:
                yield article_id, sentence_id, word, entry, quoted, base + start, base + end


def _matches(sentences: pd.DataFrame, name: str, label: str) -> pd.DataFrame:
    rows = _hits(sentences, _phrase_finder(name), _word_table(name))
    return pd.DataFrame(list(rows), columns=["article_id", "sentence_id", "word", label, "quoted", "start", "end"])


LOADED = ("emotive", "intensifier", "editorial", "judging verb", "label", "derogatory", "subjective")
MIN_SUBJECTIVITY = 0.9  # an adjective of the subjectivity lexicon this subjective ...
MIN_POLARITY = 0.5  # ... and this far from neutral ...
MIN_VALENCE = 1.5  # ... and rated at least this strongly by VADER is loaded ("disgusting", "terrible")


@lru_cache(maxsize=1)
def _subjective_adjectives() -> dict[str, str]:
    """Strongly subjective, strongly polar adjectives of the subjectivity lexicon of Pattern
    (De Smedt & Daelemans 2012, PDDL) as the ``textblob`` package ships it (MIT): word ->
    "subjective", averaged over the word's senses. Read as a data file; nothing is downloaded."""
    import xml.etree.ElementTree as ElementTree
    from importlib import metadata

    try:
        path = next(f for f in metadata.files("textblob") or () if str(f).endswith("en/en-sentiment.xml")).locate()
    except (metadata.PackageNotFoundError, StopIteration):
        return {}
    senses: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for node in ElementTree.parse(path).getroot().iter("word"):
        form = (node.get("form") or "").lower()
        if form and " " not in form and form.isascii() and (node.get("pos") or "").startswith("JJ"):
            senses[form].append((float(node.get("polarity") or 0), float(node.get("subjectivity") or 0)))
    valence = analyzer("vader").lexicon
    topical = _neutral_rules()
    out = {}
    for form, values in senses.items():
        polarity = sum(p for p, _ in values) / len(values)
        subjectivity = sum(q for _, q in values) / len(values)
        # both resources agree that the word judges: a strongly subjective, polar adjective
        # that VADER also rates strongly (not "own", "latest", "grand" of "grand jury")
        if subjectivity >= MIN_SUBJECTIVITY and abs(polarity) >= MIN_POLARITY \
                and abs(valence.get(form, 0.0)) >= MIN_VALENCE and form not in topical:
            out[form] = "subjective"
    return out


@lru_cache(maxsize=1)
def _loaded_table() -> dict[str, list[tuple[str, str]]]:
    """Lower-case word or phrase -> (category, source) for loaded language."""
    table: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for word, categories in _word_table("loaded_language").items():
        table[word].extend((c, "toolkit/data/loaded_language.txt") for c in categories)
    for word in _subjective_adjectives():
        if word not in table:
            table[word].append(("subjective", "subjectivity lexicon (Pattern, via textblob)"))
    return dict(table)


@lru_cache(maxsize=1)
def _loaded_finder() -> PhraseFinder:
    return PhraseFinder(_loaded_table(), before=r"\w'’\-", after=r"\w'’\-", ignore_case=True)


def loaded_language(sentences: pd.DataFrame) -> pd.DataFrame:
    """Loaded language in each sentence, word by word, each explained by its category, the
    list it comes from and the rule applied to it.

    Categories (``toolkit/data/loaded_language.txt``, which says where each list comes from,
    and strongly subjective adjectives of a subjectivity lexicon): ``emotive`` (brutal,
    horrific), ``intensifier`` (massive, extremely), ``editorial`` (tragically, clearly),
    ``judging verb`` (slammed, doubled down, claimed: a verb of saying that judges),
    ``label`` (radical, regime, propaganda), ``derogatory`` (phony, sham), ``subjective``
    (disgusting, atrocious), and ``hedge`` (reportedly, allegedly), which is not loaded:
    it marks doubt, not a judgement. Words inside a direct quotation are the speaker's, not
    the outlet's: they are kept, marked ``quoted``, and not counted as the outlet's loaded
    language.

    Returns
    -------
    pandas.DataFrame
        One row a hit: ``article_id``, ``sentence_id``, ``word`` (as written),
        ``category``, ``source`` (the list), ``quoted``, ``loaded`` (the outlet's own loaded
        word: not a hedge, not quoted), ``start``, ``end`` (offsets into ``articles.text``).
    """
    require_columns(sentences, ("article_id", "sentence_id", "start", "text"), "loaded_language")
    rows = [(article_id, sentence_id, word, category, source, quoted, category != "hedge" and not quoted, start, end)
            for article_id, sentence_id, word, (category, source), quoted, start, end
            in _hits(sentences, _loaded_finder(), _loaded_table())]
    return pd.DataFrame(rows, columns=["article_id", "sentence_id", "word", "category", "source", "quoted", "loaded",
                                       "start", "end"])


def loaded_sentences(sentences: pd.DataFrame, *, hits: pd.DataFrame | None = None) -> pd.DataFrame:
    """A flag and a score for each sentence: is it worded with loaded language of the outlet's
    own (see :func:`loaded_language`)?

    Returns
    -------
    pandas.DataFrame
        ``article_id``, ``sentence_id``, ``n_loaded`` (the outlet's loaded words: not hedges,
        not quoted), ``loaded`` (at least one), ``n_hedges``, ``n_quoted`` (loaded words in
        quotations) and ``words`` (the loaded words, as written).
    """
    require_columns(sentences, ("article_id", "sentence_id", "start", "text"), "loaded_sentences")
    found = loaded_language(sentences) if hits is None else hits
    keys = sentences[["article_id", "sentence_id"]].reset_index(drop=True)
    if found.empty:
        return keys.assign(n_loaded=0, loaded=False, n_hedges=0, n_quoted=0, words="")
    per = found.assign(hedge=found["category"] == "hedge",
                       quoted_loaded=found["quoted"] & (found["category"] != "hedge"),
                       own=found["loaded"].astype(bool))
    per = per.drop_duplicates(["article_id", "sentence_id", "start", "own", "hedge", "quoted_loaded"])
    grouped = per.groupby(["article_id", "sentence_id"], sort=False)
    table = pd.DataFrame({"n_loaded": grouped["own"].sum(), "n_hedges": grouped["hedge"].sum(),
                          "n_quoted": grouped["quoted_loaded"].sum()})
    own = per[per["own"]].astype({"word": object}).groupby(["article_id", "sentence_id"], sort=False)["word"]
    table["words"] = own.agg(", ".join)
    out = keys.merge(table.reset_index(), on=["article_id", "sentence_id"], how="left")
    for column in ("n_loaded", "n_hedges", "n_quoted"):
        out[column] = out[column].fillna(0).astype(int)
    out["words"] = out["words"].fillna("")
    out["loaded"] = out["n_loaded"] > 0
    return out[["article_id", "sentence_id", "n_loaded", "loaded", "n_hedges", "n_quoted", "words"]]


def news_frames(sentences: pd.DataFrame) -> pd.DataFrame:
    """Indicator words of the five generic news frames in each sentence.

    Returns
    -------
    pandas.DataFrame
        One row a hit: ``article_id``, ``sentence_id``, ``word``, ``frame``, ``quoted``,
        ``start``, ``end``. A lexicon indicator of where a frame may be, not a validated coding.
    """
    require_columns(sentences, ("article_id", "sentence_id", "start", "text"), "news_frames")
    return _matches(sentences, "frames", "frame")


def frame_summary(hits: pd.DataFrame, sentences: pd.DataFrame, *, by: str = "outlet",
                  articles: pd.DataFrame | None = None, column: str = "frame") -> pd.DataFrame:
    """Share of each group's sentences that carry each frame (or loaded-language category,
    with ``column="category"``), with the words that matched most.

    Returns
    -------
    pandas.DataFrame
        ``group``, the ``column`` value, ``n_sentences`` (with the frame), ``share`` (of the
        group's sentences) and ``words`` (the most frequent matched words, as text).
    """
    require_columns(sentences, ("article_id", "sentence_id"), "frame_summary")
    totals = pd.DataFrame({"group": group_column(sentences, by, articles, "frame_summary").to_numpy()}) \
        .groupby("group").size()
    columns = ["group", column, "n_sentences", "share", "words"]
    if hits.empty:
        return pd.DataFrame(columns=columns)
    frame = hits.assign(group=group_column(hits, by, articles, "frame_summary").to_numpy())
    rows = []
    for (group, value), part in frame.groupby(["group", column], sort=True):
        n = part.drop_duplicates(["article_id", "sentence_id"]).shape[0]
        top = part["word"].str.lower().value_counts().head(6)
        rows.append((group, value, n, n / totals.get(group, np.nan), ", ".join(f"{w} ({c})" for w, c in top.items())))
    return pd.DataFrame(rows, columns=columns)


# --- agency -----------------------------------------------------------------------------------

_BE_WORDS = ("was", "were", "is", "are", "been", "being", "be", "got", "get", "gets", "getting")
_BE = f"(?:{'|'.join(_BE_WORDS)})"
_IRREGULAR = ("hit|struck|shot|taken|seen|made|built|held|hurt|slain|beaten|thrown|driven|given|told|caught|"
              "sent|left|found|brought|kept|put|set|cut|run|won|lost|known|shown|bitten|torn|stolen|forgotten")
PASSIVE = re.compile(
    rf"\b(?P<aux>{_BE})(?:\s+(?:\w+ly|also|not|still|reportedly|allegedly))?\s+(?P<verb>\w+ed|{_IRREGULAR})\b"
    r"(?P<agent>\s+by\s+(?P<by>[^,.;:!?“”\"]{1,60}))?",
    re.IGNORECASE,
)
_AUXILIARIES = frozenset({"have", "has", "had", "also", "reportedly", "allegedly", "then", "later", "had"})
_HARM_WORDS = ("killed", "attacked", "struck", "shelled", "bombed", "shot", "wounded", "injured", "destroyed",
               "damaged", "targeted", "hit", "invaded", "captured", "seized", "executed", "arrested", "detained")
HARM_VERBS = re.compile(rf"\b(?P<verb>{'|'.join(_HARM_WORDS)})\b", re.IGNORECASE)
# A sentence holding none of these words cannot match the patterns above: it is not scanned.
_PASSIVE_NEEDS, _HARM_NEEDS = frozenset(_BE_WORDS), frozenset(_HARM_WORDS)


_BE_BEFORE = re.compile(rf"\b{_BE}\s*(?:\w+ly\s*)?$", re.IGNORECASE)  # "was", "were badly" right before a verb
_SPACE = re.compile(r"\s")
_SUBJECT_WORDS = 3  # words before an active verb kept as its agent


def _words_before(text: str, end: int) -> tuple[str, list[str]]:
    """What an active verb at ``text[end:]`` needs of the text before it: that text, right
    white space stripped, and its words (auxiliaries included), read from far enough back
    only. The stretch read starts after a white space (no word crosses one), holds two
    whitespace-separated chunks or more (``_BE_BEFORE`` looks at the last two) and
    ``_SUBJECT_WORDS`` words that are not auxiliaries, and is doubled until it does: on a
    long run of text the work for a verb is that of its neighbourhood, not of all before it.
    Where the stretch is all of the text before, it is what ``text[:end].rstrip()`` and its
    ``_WORD.findall`` are."""
    reach = 256
    while True:
        low = max(0, end - reach)
        if low > 0:
            space = _SPACE.search(text, low, end)
            if space is not None:
                low = space.end()
                before = text[low:end].rstrip()
                found = _WORD.findall(before)
                if len(before.split()) >= 2 and \
                        sum(1 for w in found if w.lower() not in _AUXILIARIES) >= _SUBJECT_WORDS:
                    return before, found
            reach *= 2
            continue
        before = text[:end].rstrip()
        return before, _WORD.findall(before)


def agency(sentences: pd.DataFrame) -> pd.DataFrame:
    """Who acts and who suffers: passive constructions with and without an agent, and harm
    verbs in the active voice.

    Returns
    -------
    pandas.DataFrame
        One row a construction: ``article_id``, ``sentence_id``, ``voice``
        (``passive_no_agent``: "three people were killed"; ``passive_agent``: "were killed
        by a missile"; ``active``: "Russia attacked …"), ``verb``, ``agent`` (the "by"
        phrase, or the words before an active verb), ``phrase`` and ``text`` (the sentence).
    """
    require_columns(sentences, ("article_id", "sentence_id", "text"), "agency")
    rows = []
    for article_id, sentence_id, text in zip(sentences["article_id"], sentences["sentence_id"], sentences["text"]):
        if not isinstance(text, str):
            continue
        words = lower_words(text)
        passive = not _PASSIVE_NEEDS.isdisjoint(words)
        if not passive and _HARM_NEEDS.isdisjoint(words):
            continue
        passive_spans = []
        for m in PASSIVE.finditer(text) if passive else ():
            has_agent = m.group("agent") is not None
            rows.append((article_id, sentence_id, "passive_agent" if has_agent else "passive_no_agent",
                         m.group("verb").lower(), (m.group("by") or "").strip() or None, m.group(0), text))
            passive_spans.append((m.start("verb"), m.end("verb")))
        passive_starts = [a for a, _ in passive_spans]  # (the verbs of passives, in order, apart)
        for m in HARM_VERBS.finditer(text):
            k = bisect_right(passive_starts, m.start()) - 1
            if k >= 0 and m.start() < passive_spans[k][1]:
                continue
            before, found = _words_before(text, m.start())
            previous = (found or [""])[-1].lower()
            if _BE_BEFORE.search(before) \
                    or previous in ("the", "a", "an", "its", "their", "his", "her") or previous.endswith("ly"):
                continue  # passive, or a participle used as an adjective ("the heavily damaged city")
            words = [w for w in found if w.lower() not in _AUXILIARIES]
            subject = " ".join(words[-3:]) or None
            rows.append((article_id, sentence_id, "active", m.group("verb").lower(), subject,
                         text[max(0, m.start() - 40):m.end() + 30].strip(), text))
    return pd.DataFrame(rows, columns=["article_id", "sentence_id", "voice", "verb", "agent", "phrase", "text"])


# --- the steps of toolkit.analyze (see toolkit.steps) -------------------------------------------

def _sentiment_tables(chunk: pd.DataFrame, tables) -> dict[str, pd.DataFrame]:
    scored = sentence_sentiment(tables["sentences"])
    return {"sentiment": scored[["article_id", "sentence_id", "neg", "neu", "pos", "compound"]]}


def _sentiment_partial(tables, chunk: pd.DataFrame, by: str) -> dict[str, pd.DataFrame]:
    sentiment = tables["sentiment"]
    return {"sentiment_values": pd.DataFrame({"article_id": sentiment["article_id"].to_numpy(),
                                              by: group_of(sentiment, by, chunk),
                                              "compound": sentiment["compound"].to_numpy(),
                                              "neg": sentiment["neg"].to_numpy(), "pos": sentiment["pos"].to_numpy()})}


def _sentiment_combine(partials, by: str) -> dict[str, pd.DataFrame]:
    return {"sentiment_by_group": sentiment_summary(partials["sentiment_values"], by=by)}


SENTIMENT_STEP = Step("sentence sentiment", makes=("sentiment",), article=_sentiment_tables,
                      partials=("sentiment_values",), partial=_sentiment_partial,
                      gives=("sentiment_by_group",), combine=_sentiment_combine, on_worker=True)
ACTORS_STEP = sentence_step("actors", "actors", actor_mentions)
LOADED_STEP = sentence_step("loaded language", "loaded_language", loaded_language)
FRAMES_STEP = sentence_step("frames", "frames", news_frames)
AGENCY_STEP = sentence_step("agency", "agency", agency)
