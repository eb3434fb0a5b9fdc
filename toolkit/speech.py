"""Reported speech: the verbs that attribute it, the quotations, and who is quoted.

* :func:`attribution_verbs` finds the verbs (and "according to") that introduce or
  attribute statements, from a lexicon shipped in ``toolkit/data/attribution_verbs.txt``,
  each with a class: neutral ("said", "told"), loaded ("claimed", "insisted", "admitted",
  "accused") or other ("stressed", "declared", "remarked", "warned"). Verbs with other
  common senses ("added 3,000 jobs", "confirmed cases") count only next to reported speech.
* :func:`quotes` finds direct quotations (three words or more) and their speaker: a name or
  noun phrase next to an attribution verb in the quotation's sentence ("Peskov said",
  "said Dmitry Peskov", "the energy ministry declared", "according to Peskov"), else in the
  sentence after it; a pronoun ("he stated") resolves to the last person named before the
  quotation in the article.
* :func:`share_of_voice` sums quoted words per speaker and group.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

import numpy as np
import pandas as pd

from ._phrases import PhraseFinder
from ._resources import data_lines, word_list
from .schema import group_column, require_columns
from .segment import MIN_QUOTE_WORDS, quote_spans
from .steps import group_of, sentence_step

__all__ = ["attribution_lexicon", "attribution_verbs", "quotes", "resolve_speakers", "share_of_voice", "speaker_name",
           "verb_hits", "verbs_from_hits", "voice_from_counts"]

PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
# Verbs after which a name can be the speaker ("said Peskov", "according to the ministry");
# after the others a name is the object ("accused Russia", "told reporters").
INVERTING = frozenset({"said", "says", "added", "noted", "wrote", "writes", "explained", "remarked", "stated",
                       "declared", "replied", "responded", "asked", "insisted", "argued", "according to",
                       "commented", "continued", "recalled", "observed", "warned", "tweeted"})
# Words that may stand between a subject and its verb ("Zelensky had earlier accused").
BETWEEN = frozenset({"had", "has", "have", "was", "is", "were", "are", "also", "earlier", "later", "then",
                     "previously", "again", "once", "repeatedly", "already", "further", "himself", "herself"})
MAX_SPEAKER_WORDS = 7  # a subject noun phrase longer than this is not a speaker's name ("Secretary of Homeland Security Kirstjen Nielsen")
MAX_TITLE_WORDS = 3  # lower-case words between a verb and the name after it ("said press secretary Sarah Sanders")
# Words; an honorific keeps its period ("Mr.") and is then a title, not part of the name.
_WORD = re.compile(r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Capt|Prof|Rev|Sgt|Adm|Pres)\.|[\w'’\-]+")
_CAPITALISED = re.compile(r"^[A-Z][\w'’\-]*$")


@lru_cache(maxsize=1)
def attribution_lexicon() -> pd.DataFrame:
    """The shipped lexicon: ``form``, ``lemma``, ``class``, ``context`` (any / speech)."""
    rows = [line.split("\t") for line in data_lines("attribution_verbs")]
    return pd.DataFrame(rows, columns=["form", "lemma", "class", "context"])


@lru_cache(maxsize=1)
def _verb_finder() -> PhraseFinder:
    return PhraseFinder(attribution_lexicon()["form"], before=r"\w'’", after=r"\w'’", ignore_case=True)


@lru_cache(maxsize=1)
def _verb_entries() -> dict[str, tuple[str, str, str]]:
    """form -> (lemma, class, context)."""
    lexicon = attribution_lexicon()
    return {f: (lem, c, ctx) for f, lem, c, ctx in lexicon[["form", "lemma", "class", "context"]].itertuples(index=False)}


_QUOTE_MARKS = "\"“”„‟«»"


_NOT_OPENING = re.compile("[^ \"“‘']")  # a character other than a space or an opening mark


def _proper_noun(text: str, start: int, word: str) -> bool:
    """A capitalised verb form inside a sentence is part of a name ("the United States",
    "Press Says"), not a verb of saying. (Whether anything but spaces and opening marks
    stands before it, found without copying what does.)"""
    return word[:1].isupper() and _NOT_OPENING.search(text, 0, start) is not None


def _near_speech(text: str, start: int, end: int, has_quote: bool) -> bool:
    """Whether the verb at text[start:end] stands next to reported speech."""
    if has_quote:
        return True
    after = text[end:end + 12].lstrip()
    before = text[max(0, start - 12):start].rstrip()
    if after[:1] in _QUOTE_MARKS or after[:1] == ":" or re.match(r"that\b", after, re.IGNORECASE):
        return True
    if before[-1:] in _QUOTE_MARKS or before.endswith((",”", ",\"", ",“")):
        return True
    if re.match(r"by\b", after, re.IGNORECASE) and re.search(r"\bas\s*$", before, re.IGNORECASE):
        return True  # "as stated by the authorities"
    return False


def verb_hits(sentences: pd.DataFrame) -> pd.DataFrame:
    """Every attribution verb: ``article_id``, ``sentence_id``, ``start``, ``end`` (in the
    sentence), ``verb`` (lower case), ``lemma``, ``class``."""
    entries, finditer = _verb_entries(), _verb_finder().finditer
    rows = []
    for article_id, sentence_id, text, quote in zip(
        sentences["article_id"], sentences["sentence_id"], sentences["text"],
        sentences["quote"] if "quote" in sentences else [False] * len(sentences),
    ):
        if not isinstance(text, str):
            continue
        has_quote = bool(quote) or any(m in text for m in _QUOTE_MARKS)
        for start, end, word in finditer(text):
            if _proper_noun(text, start, word):
                continue
            form = word.lower()
            lemma, cls, context = entries[form]
            if context == "speech" and not _near_speech(text, start, end, has_quote):
                continue
            rows.append((article_id, sentence_id, start, end, form, lemma, cls))
    return pd.DataFrame(rows, columns=["article_id", "sentence_id", "start", "end", "verb", "lemma", "class"])


def attribution_verbs(
    sentences: pd.DataFrame,
    *,
    by: str = "outlet",
    articles: pd.DataFrame | None = None,
    per: str = "verb",
) -> pd.DataFrame:
    """Verbs of attribution per group, with counts, shares and classes.

    Parameters
    ----------
    sentences
        The ``sentences`` table; ``by`` is joined from ``articles`` when absent.
    per
        ``"verb"``: one row a verb as written (stated, remarked); ``"lemma"``: one row a
        lemma (state); ``"class"``: one row a class.

    Returns
    -------
    pandas.DataFrame
        ``group``, ``verb`` (or ``lemma`` or ``class``), ``class``, ``count`` and ``share``
        (of the group's attribution verbs); sorted by group and count.
    """
    require_columns(sentences, ("article_id", "sentence_id", "text"), "attribution_verbs")
    if per not in ("verb", "lemma", "class"):
        raise ValueError("attribution_verbs: per must be 'verb', 'lemma' or 'class'")
    hits = verb_hits(sentences)
    if not hits.empty:
        source = sentences if by in sentences.columns else articles  # the group is a property of the article
        hits["group"] = group_column(hits, by, source, "attribution_verbs").to_numpy()
    return verbs_from_hits(hits, per=per)


def verbs_from_hits(hits: pd.DataFrame, *, per: str = "verb") -> pd.DataFrame:
    """:func:`attribution_verbs` from the verbs found (one row a verb with its ``group``,
    ``verb``, ``lemma`` and ``class``, and a ``count`` when rows stand for several), such as
    those of a corpus's chunks put together."""
    if per not in ("verb", "lemma", "class"):
        raise ValueError("attribution_verbs: per must be 'verb', 'lemma' or 'class'")
    key = "verb" if per == "verb" else per
    columns = ["group", key] + (["class"] if per != "class" else []) + ["count", "share"]
    if hits.empty:
        return pd.DataFrame(columns=columns)
    keys = ["group", key] + (["class"] if per != "class" else [])
    grouped = hits.groupby(keys, sort=False)
    out = (grouped["count"].sum() if "count" in hits else grouped.size()).rename("count").reset_index()
    out["count"] = out["count"].astype(np.int64)
    out["share"] = out["count"] / out.groupby("group")["count"].transform("sum")
    return out.sort_values(["group", "count", key], ascending=[True, False, True], kind="stable")[columns] \
        .reset_index(drop=True)


# --- quotations and speakers ----------------------------------------------------------------

def _paragraphs(sentences: pd.DataFrame) -> dict[str, list[tuple[int, int, str, list[tuple[int, int, int]]]]]:
    """Per article, its paragraphs rebuilt from the sentences (offsets as in the article):
    (start, end, text, [(sentence_id, start, end), ...])."""
    ordered = sentences.sort_values(["article_id", "start"], kind="stable")
    paragraph = ordered["paragraph"].tolist() if "paragraph" in ordered else [0] * len(ordered)
    out: dict[str, list] = {}
    current_key = None
    spans: list[tuple[int, int, int, str]] = []

    def flush() -> None:
        if spans:
            start, end = spans[0][1], spans[-1][2]
            pieces, at = [], start  # the sentences at their offsets, spaces between them
            for _, s, e, t in spans:
                if s > at:
                    pieces.append(" " * (s - at))
                elif s < at:  # (overlapping sentences: the later one overwrites, as it would in place)
                    joined = "".join(pieces)
                    pieces, at = [joined[:s - start]], s
                pieces.append(t[:e - s].ljust(e - s))
                at = e
            out.setdefault(current_key[0], []).append(
                (start, end, "".join(pieces), [(sid, s, e) for sid, s, e, _ in spans]))

    for article_id, para, sid, start, end, text in zip(
            ordered["article_id"].tolist(), paragraph, ordered["sentence_id"].tolist(),
            ordered["start"].tolist(), ordered["end"].tolist(), ordered["text"].tolist()):
        key = (article_id, para)
        if key != current_key:
            flush()
            current_key, spans = key, []
        spans.append((int(sid), int(start), int(end), text if isinstance(text, str) else ""))
    flush()
    return out


MAX_APPOSITIVE_WORDS = 15  # "Peskov, the Kremlin spokesman, said": what stands between commas
_NOT_QUOTE_OR_SPACE = re.compile("[^ \"“”‘’']")  # a character other than a space or a quotation mark
_SPACE = re.compile(r"\s")


def _stripped_end(text: str, position: int) -> int:
    """``len(text[:position].rstrip())``."""
    while position > 0 and text[position - 1].isspace():
        position -= 1
    return position


def _backward(pattern: re.Pattern, text: str, end: int):
    """``reversed(list(pattern.finditer(text, 0, end)))`` for a pattern whose matches never
    hold white space, read lazily from the end in stretches that start after a white space
    (where no match can cross, so each stretch's matches are the whole text's): a caller
    that stops after a few words reads a few words, not everything before them."""
    reach = 256
    while end > 0:
        low = max(0, end - reach)
        if low > 0:
            space = _SPACE.search(text, low, end)
            if space is None or space.end() >= end:
                reach *= 2  # no white space to start after: a longer stretch
                continue
            low = space.end()
        yield from reversed(list(pattern.finditer(text, low, end)))
        end = low
        reach *= 2


def _chunk_before(text: str, position: int) -> tuple[str, str]:
    """The last character and the last whitespace-separated chunk of
    ``text[:position].rstrip()`` ("" and "" for none), read from the end."""
    end = _stripped_end(text, position)
    if end == 0:
        return "", ""
    reach = 64
    while True:
        low = max(0, end - reach)
        parts = text[low:end].rsplit(None, 1)
        if len(parts) == 2 or low == 0 or text[low].isspace():
            return text[end - 1], parts[-1]
        reach *= 2


def _subject_before(text: str, position: int, *, across: bool = True) -> str | None:
    """The noun phrase ending right before ``position`` (a verb): capitalised names, or words
    that are not stop words, back to the first punctuation or stop word. An appositive
    between commas is stepped over ("Rep. John Conyers of Michigan, the ranking Democrat on
    the panel, said"), and so is a place after "of" or "from" ("Conyers of Michigan")."""
    end = _stripped_end(text, position)  # (len(text[:position].rstrip()), without the copy)
    if across and end and text[end - 1] == ",":
        previous = text.rfind(",", 0, end - 1)
        between = text[previous + 1:end - 1].strip() if previous > 0 else ""
        if between and (between[:1].islower() or between.split()[0] in ("A", "An", "The")) \
                and len(between.split()) <= MAX_APPOSITIVE_WORDS:
            return _subject_before(text, previous, across=False)
    stop = word_list("stopwords")
    words = []
    for m in _backward(_WORD, text, position):
        gap = text[m.end():position if not words else words[-1][0]]
        if gap.strip() and not (words and gap.strip() == "." and len(m.group()) == 1 and m.group().isupper()):
            break  # punctuation in between ends the phrase (but for an initial: "Donald J. Trump")
        token = m.group()
        if token.lower() in PRONOUNS and not words:
            return token.lower()
        if not words and (token.lower() in BETWEEN or token.lower().endswith("ly")):
            position = m.start()  # an auxiliary or adverb before the verb: look further back
            continue
        if token.lower() in ("of", "from") and words and all(t[:1].isupper() for _, t in words):
            last, previous = _chunk_before(text, m.start())
            if token == "of" and previous.lower().rstrip(".") in word_list("person_titles"):
                words.append((m.start(), token))  # "Secretary of State Condoleezza Rice": an office
                continue
            if last.isalpha() and _CAPITALISED.match(previous):
                words = []  # "Conyers of Michigan": the place is not the name
                position = m.start()
                continue
        if token.lower() in stop or len(words) >= MAX_SPEAKER_WORDS:
            break
        words.append((m.start(), token))
    if not words:
        return None
    if len(words) > 1 and _NOT_QUOTE_OR_SPACE.search(text, 0, words[-1][0]) is None \
            and words[-1][1].lower() not in _first_names() \
            and words[-1][1].lower().rstrip(".") not in word_list("person_titles"):
        words.pop()  # the sentence's first word is capitalised for that reason alone ("Whenever Cole said")
    return " ".join(t for _, t in reversed(words))


def _subject_after(text: str, position: int) -> str | None:
    """The name right after ``position`` ("said Dmitry Peskov", "according to Peskov"):
    capitalised words, allowing a lower-case title before them ("said spokesman Peskov")."""
    tokens = []
    for m in _WORD.finditer(text, position):
        gap = text[position if not tokens else tokens[-1][1]:m.start()]
        initial = tokens and tokens[-1][2] and len(tokens[-1][2]) == 1  # "Donald J. Trump"
        if gap.strip() and gap.strip() not in ("the",) and not (initial and gap.strip() == "."):
            break
        token = m.group()
        if token.lower() in PRONOUNS and not tokens:
            return token.lower()
        if token.lower() in _DAYS_MONTHS:  # "said Thursday": a time, not a speaker
            break
        if _CAPITALISED.match(token):
            tokens.append((m.start(), m.end(), token))
        elif token == "of" and tokens and tokens[-1][2] and tokens[-1][2].lower() in word_list("person_titles"):
            tokens.append((m.start(), m.end(), "of"))  # "said Secretary of State Condoleezza Rice"
        elif any(t for _, _, t in tokens) or len(tokens) >= MAX_TITLE_WORDS \
                or token.lower() in word_list("stopwords") - {"the"}:
            break
        else:
            tokens.append((m.start(), m.end(), None))  # a title word ("press secretary"): keep looking
        if len(tokens) > MAX_SPEAKER_WORDS:
            break
    names = [t for _, _, t in tokens if t]
    return " ".join(names) if names else None


def _name_part(phrase: str | None) -> str | None:
    """A subject phrase reduced to the name it ends with ("longtime adviser Roger Stone" ->
    "Roger Stone"); a phrase in capitals throughout (a promoted headline) is no speaker; a
    phrase without a capitalised word ("the energy ministry") stays as it is."""
    if not phrase or phrase in PRONOUNS:
        return phrase
    words = phrase.split()
    if sum(1 for w in words if w.isupper() and len(w) > 1) >= 3:
        return None
    tail = []
    titles = word_list("person_titles")
    for k, word in enumerate(reversed(words)):
        at = len(words) - 1 - k
        office = word == "of" and at > 0 and words[at - 1].lower().rstrip(".") in titles  # "Secretary of State …"
        if not (_CAPITALISED.match(word) or (word.endswith(".") and word[:-1].lower() in titles) or office):
            break
        tail.append(word)
    return " ".join(reversed(tail)) if tail else phrase


def _speaker_in(text: str, outside: list[tuple[int, int]]) -> str | None:
    """A speaker attributed in ``text`` outside the quoted spans, or None."""
    for start, end, word in _verb_finder().finditer(text):
        if any(a <= start < b for a, b in outside) or _proper_noun(text, start, word):
            continue
        verb = word.lower()
        before = _name_part(_subject_before(text, start))
        after = _name_part(_subject_after(text, end)) if verb in INVERTING else None
        if verb == "according to":
            return after or before
        if before and (before in PRONOUNS or before[:1].isupper() or len(before.split()) > 1):
            if after and before in PRONOUNS and after[:1].isupper():
                return after
            return before
        if after:
            return after
        if before:
            return before
    return None


_HONORIFIC = r"(?:Mr|Mrs|Ms|Mx|Dr|Sen|Sens|Rep|Reps|Gov|Gen|Lt|Col|Capt|Prof|Rev|Sgt|Adm|Pres|Atty|Supt|Maj|St)\."
_NAME_TOKEN = rf"(?:{_HONORIFIC}|[A-Z]\.|[A-Z][\w'’-]*)"
_RUN = re.compile(rf"(?<![\w'’.-]){_NAME_TOKEN}(?: {_NAME_TOKEN})*")


@lru_cache(maxsize=1)
def _run_words() -> tuple[frozenset[str], frozenset[str]]:
    """Capitalised words that may open a sentence without a name starting there (given names
    and titles), and capitalised function words that never start a name ("The", "But")."""
    given, titles = _first_names(), word_list("person_titles")
    keep = frozenset(w.capitalize() for w in given | titles) | frozenset(
        f"{w.capitalize()}." for w in titles)
    starters = word_list("stopwords") | word_list("sentence_starters")
    skip = frozenset(w.capitalize() for w in starters) | frozenset(w.upper() for w in starters if len(w) > 1)
    return keep, skip


def _runs(text: str) -> list[tuple[int, list[str], str]]:
    """Runs of capitalised words in ``text`` (honorifics and initials included), each with
    its offset, its words and the word before it (lower case; "" where it is longer than
    any title, which is all that word is read for): punctuation ends a run, and
    a sentence's first word, capitalised for that reason alone, is left out unless it is a
    given name or a title."""
    out = []
    keep, skip = _run_words()
    for m in _RUN.finditer(text):
        run, start = m.group(), m.start()
        j = start - 1
        while j >= 0 and text[j] == " ":
            j -= 1
        opens = j < 0 or text[j] in ".!?\"“”"
        if " " not in run:  # one word (most runs): no list to build unless it is kept
            if run in skip or (opens and run not in keep):
                continue
            words = [run]
        else:
            words = run.split(" ")
            if opens and words[0] not in keep:
                words = words[1:]  # the sentence's first word
            while words and words[0] in skip:
                words = words[1:]
            if not words:
                continue
        out.append((start, words, _word_before(text, j) if j >= 0 else ""))
    return out


def _word_before(text: str, j: int) -> str:
    """The word ending at ``text[j]`` (back to a space), in lower case, where it may be a
    title: a longer one is given as "" (what is read of it only serves to recognise a
    title, and looking no further back keeps the work on a long run without spaces small)."""
    reach = _longest_title() + 1
    if j < reach:
        return text[text.rfind(" ", 0, j + 1) + 1:j + 1].lower()
    k = text.rfind(" ", j - reach, j + 1)
    return text[k + 1:j + 1].lower() if k >= 0 else ""


@lru_cache(maxsize=1)
def _longest_title() -> int:
    return max(map(len, word_list("person_titles")), default=0)


def _blank_out(text: str, ranges: list[tuple[int, int]]) -> str:
    """``text`` with the characters of ``ranges`` (quotations) replaced by spaces."""
    if not ranges:
        return text
    pieces, position = [], 0
    for start, end in sorted(ranges):
        start = max(start, position)
        if end > start:
            pieces.append(text[position:start])
            pieces.append(" " * (end - start))
            position = end
    pieces.append(text[position:])
    return "".join(pieces)


# --- who a speaker is: one name per person, and what kind of speaker -------------------------

UNATTRIBUTED = "(unattributed)"
_DAYS_MONTHS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december jan feb mar apr jun jul aug sep sept oct nov dec today "
    "yesterday tonight tomorrow".split())
_DETERMINERS = frozenset("a an the one another different other two three four several some many this that these "
                         "those his her their its our two-time".split())
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_PARTY_TAG = re.compile(r"\s*[(,]?\s*\b[DRI]-[A-Z][\w.]*\)?$")  # "Bernie Sanders D-VT", "(R-Ky.)"
_POSSESSIVE = re.compile(r"['’]s?$")
_ACRONYM = re.compile(r"^[A-Z][A-Z&.]{1,7}$")
_DIGIT = re.compile(r"\d")
# A share of the corpus's quotations under one full name, above which a bare surname is that person's
MIN_DOMINANT_SHARE = 2 / 3


@lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    """Given names from the US Census Bureau's 1990 name frequency lists (public domain), as
    the ``names`` package ships them (MIT): one signal, among others, that a name is a person's."""
    from importlib import resources

    found = set()
    for file in ("dist.male.first", "dist.female.first"):
        text = resources.files("names").joinpath(file).read_text(encoding="utf-8")
        found.update(line.split()[0].lower() for line in text.splitlines() if line.strip())
    return frozenset(found)


def _surname(name: str) -> str:
    words = [w for w in name.split() if w.lower().rstrip(".") not in _SUFFIXES]
    return (words or name.split() or [""])[-1].lower()


@lru_cache(maxsize=50_000)
def speaker_name(phrase: str | None) -> tuple[str | None, str, bool]:
    """The speaker a phrase next to a verb of saying names: ``(name, kind, titled)``.

    Titles, offices and forms of address ("President", "House Speaker", "Mr.", "spokesman"),
    possessives and party tags ("D-VT") are taken off ("President Donald Trump" -> "Donald
    Trump"). ``kind`` is ``organisation`` for a name holding an organisation word (Ministry,
    House, Press …) or an acronym; ``person`` for a name that followed a title or opens
    with a given name; else ``unknown`` (an unnamed "senior official", or a name the article
    must tell more about). ``name`` is None for what is never a speaker: a day or month, a
    number, a document or message ("the 300-page report"), a word that is not a name.
    """
    if not phrase:
        return None, "unknown", False
    if phrase in PRONOUNS:
        return phrase, "pronoun", False
    text = _PARTY_TAG.sub("", phrase.strip())
    words = [w for w in text.split() if w]
    if not words or _DIGIT.search(text):
        return None, "unknown", False
    if _POSSESSIVE.search(words[-1]) and len(words[-1]) > 2:
        words[-1] = _POSSESSIVE.sub("", words[-1])
    lowered = [w.lower().rstrip(".,") for w in words]
    if any(w in _DAYS_MONTHS for w in lowered):
        return None, "unknown", False
    titles, organisations, not_speakers = word_list("person_titles"), word_list("organisation_words"), \
        word_list("not_speakers")
    run = 0  # the trailing run of capitalised words (titles such as "Mr." included)
    while run < len(words) and words[len(words) - 1 - run][:1].isupper():
        run += 1
    if run == 0:  # a description: "the energy ministry", "a senior administration official"
        kept = [w for w, lw in zip(words, lowered) if lw not in _DETERMINERS] or words
        head = kept[-1].lower()
        if head in not_speakers or head in _DAYS_MONTHS:
            return None, "unknown", False
        if head in organisations:
            return " ".join(kept), "organisation", False
        if head in titles:
            return " ".join(kept), "unknown", False
        return None, "unknown", False
    name_words = words[len(words) - run:]
    titled = any(lw in titles for lw in lowered[:len(words) - run])
    before_run = lowered[:len(words) - run]
    if len(name_words) >= 3 and before_run[-1:] == ["of"] and any(lw in titles for lw in before_run[:-1]):
        name_words = name_words[-2:]  # "Secretary of State Condoleezza Rice": the office, then the name
    lower_run = lowered[len(words) - run:]
    last_title = max((k for k, lw in enumerate(lower_run) if lw in titles), default=-1)
    if last_title >= 0:
        rest = name_words[last_title + 1:]
        if rest and not any(w.lower().rstrip(".,") in organisations for w in rest):
            name_words, titled = rest, True
        elif not rest:  # a description without a name ("an Iowa Democrat", "the President")
            return " ".join(name_words), "unknown", False
    starters = word_list("stopwords") | word_list("sentence_starters")
    while len(name_words) > 1 and name_words[0].lower() in starters:  # "But Cole", "When Trump"
        name_words = name_words[1:]
    given = _first_names()
    if len(name_words) > 2 and name_words[0].lower() not in given:  # "Public Policy Simon Haeder"
        k = next((k for k in range(1, len(name_words) - 1) if name_words[k].lower() in given), None)
        if k is not None:
            name_words = name_words[k:]
    if len(name_words) > 1 and all(w.isupper() for w in name_words) and any(len(w) > 4 for w in name_words):
        name_words = [w.capitalize() for w in name_words]  # "MICHAEL JEFFERSON", a name set in capitals
    name = " ".join(w.rstrip(",") for w in name_words)
    lower_name = [w.lower().rstrip(".,") for w in name_words]
    if all(w in _SUFFIXES for w in lower_name):  # "Jr" is part of a name, never one
        return None, "unknown", False
    if lower_name[-1] in not_speakers:
        return None, "unknown", False
    if any(w in organisations for w in lower_name) or all(_ACRONYM.match(w) for w in name_words):
        return name, "organisation", False
    if titled or (len(name_words) > 1 and lower_name[0] in _first_names()):
        return name, "person", titled
    return name, "unknown", False


class _Tally:
    """How often each name was added, in the order first added, and the most frequent (the
    first added among equals): what ``max(dict.fromkeys(added), key=added.count)`` gives of
    the list of names added, kept up to date as they come instead of counted again."""

    __slots__ = ("counts", "order", "most", "most_count")

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.order: dict[str, int] = {}
        self.most: str | None = None
        self.most_count = 0

    def add(self, name: str) -> None:
        count = self.counts.get(name, 0) + 1
        if count == 1:
            self.order[name] = len(self.order)
        self.counts[name] = count
        if count > self.most_count or (count == self.most_count and self.order[name] < self.order[self.most]):
            self.most, self.most_count = name, count

    def __contains__(self, name: object) -> bool:
        return name in self.counts


class _People:
    """The people one article names, from one scan of its capitalised runs: full names by
    surname, the surnames it puts after a title ("Mr. Peskov", "spokesman Dmitry Peskov"),
    the capitalised words it uses alone ("Peskov said"), and the candidate names of each
    sentence, to resolve once all of that is known. (Names are tallied as they come, and
    the person last named before a sentence is remembered once found: the work stays
    proportional to the article's length.)"""

    def __init__(self, sentences: list[str]):
        titles = word_list("person_titles")
        self.full: dict[str, _Tally] = {}  # surname -> the full names given for it
        self._latest: dict[int, str | None] = {}  # sentence -> the person named last before it
        self.titled: set[str] = set()
        self.alone: set[str] = set()
        self.candidates: list[list[tuple[str, str]]] = []
        for text in sentences:
            found = []
            for _, words, previous in _runs(text):
                phrase = " ".join(words)
                if previous in titles and not words[0].endswith("."):
                    phrase = f"{previous} {phrase}"  # "spokesman Dmitry Peskov"
                name, kind, titled = speaker_name(phrase)
                if not name or kind in ("organisation", "pronoun"):
                    continue
                if len(name.split()) == 1:
                    self.alone.add(name)
                if titled:
                    self.titled.add(_surname(name))
                    if len(name.split()) > 1:
                        self.full.setdefault(_surname(name), _Tally()).add(name)
                found.append((name, kind))
            self.candidates.append(found)
        for found in self.candidates:  # full names that the article's other evidence makes people's
            for name, kind in found:
                if len(name.split()) > 1 and kind != "person":
                    name, kind = self.resolve(name, kind)
                if kind == "person" and len(name.split()) > 1 and name not in self.full.get(_surname(name), ()):
                    self.full.setdefault(_surname(name), _Tally()).add(name)

    def latest_before(self, i: int) -> str | None:
        """The person named last before sentence ``i`` (for "he said"), or None. (Once all
        names are known a name resolves always alike, so the answer for each sentence
        walked over on the way back is the same and is kept: no sentence is walked twice.)"""
        walked = []
        found: str | None = None
        j = i
        while j > 0:
            if j in self._latest:
                found = self._latest[j]
                break
            walked.append(j)
            found = self._last_person_in(j - 1)
            if found is not None:
                break
            j -= 1
        for k in walked:
            self._latest[k] = found
        return found

    def _last_person_in(self, j: int) -> str | None:
        for name, kind in reversed(self.candidates[j]):
            name, kind = self.resolve(name, kind)
            if kind == "person":
                return name
        return None

    def resolve(self, name: str, kind: str) -> tuple[str, str]:
        """A speaker named in the article, resolved against the people it names: a surname
        becomes the full name the article gives ("Peskov" -> "Dmitry Peskov"); a name the
        article puts after a title, or whose surname it uses alone, is a person's."""
        if kind == "organisation":
            return name, kind
        surname = _surname(name)
        words = name.split()
        options = self.full.get(surname)
        if len(words) == 1:
            if options:
                return options.most, "person"
            return name, "person" if (kind == "person" or surname in self.titled) else kind
        if options and name in options:
            return name, "person"
        if options and len(words) > 2 and " ".join(words[-2:]) in options:
            return " ".join(words[-2:]), "person"  # "State Condoleezza Rice" where the article has the name
        if options and words[0].lower() not in _first_names():
            # "Libya Obama" where the article names Barack Obama: the words before are not his
            return options.most, "person"
        if kind == "unknown":
            if surname in self.titled:  # "Syria Obama" where the article writes "President Obama"
                return words[-1], "person"
            if words[-1] in self.alone and words[-1].lower() not in word_list("person_titles"):
                return name, "person"  # "Dmitry Peskov" … "Peskov said" (not "an Iowa Democrat" … "a Democrat")
        return name, kind


class _Touching:
    """The sentences of a paragraph (their starts and ends, in order of start) that a span
    touches: those starting before its end and ending after its start. Where the sentences'
    ends run in order too (always, but for overlapping sentences), found by bisection
    instead of a look at every sentence."""

    def __init__(self, starts: list[int], ends: list[int]) -> None:
        self.starts, self.ends = starts, ends
        self.ordered = all(x <= y for x, y in zip(ends, ends[1:]))

    def __call__(self, low: int, high: int) -> range | list[int]:
        """Positions of the sentences with ``start < high`` and ``end > low``."""
        if not self.ordered:
            return [k for k, (s0, s1) in enumerate(zip(self.starts, self.ends)) if s0 < high and s1 > low]
        return range(bisect_right(self.ends, low), bisect_left(self.starts, high))


def _overlapping(ranges: list[tuple[int, int]], sentences: list[tuple]) -> list[list[tuple[int, int]]]:
    """For each sentence ``(…, start, end, …)`` (in order of start), the ``ranges`` ``(a, b)``
    that overlap it (``a < end`` and ``b > start``), in their order. The ranges are swept
    once when they come in order of ``a`` (the quotations of an article do); each is looked
    at while it may still overlap a sentence, not once a sentence."""
    if any(x[0] > y[0] for x, y in zip(ranges, ranges[1:])):
        return [[(a, b) for a, b in ranges if a < s1 and b > s0] for _, s0, s1, *_ in sentences]
    out = []
    waiting: list[tuple[int, int]] = []  # ranges starting before some sentence's end so far
    taken = 0
    for _, s0, s1, *_ in sentences:
        while taken < len(ranges) and ranges[taken][0] < s1:
            waiting.append(ranges[taken])
            taken += 1
        waiting = [r for r in waiting if r[1] > s0]  # (starts only grow: a range ended before one is done)
        out.append([r for r in waiting if r[0] < s1])
    return out


def quotes(sentences: pd.DataFrame) -> pd.DataFrame:
    """Direct quotations with their speakers.

    A speaker is found next to a verb of saying in the quotation's sentence (or the next),
    and is one name per person within the article: titles and forms of address are taken
    off and a surname becomes the full name the article gives ("President Donald Trump",
    "Mr. Trump", "Trump" -> "Donald Trump"); "he" and "she" are the person last named as a
    speaker or as a person before. A day, a number, a document, a pronoun with nothing to
    refer to is never a speaker: the quotation stays, unattributed. Across a corpus,
    :func:`resolve_speakers` joins the surnames left alone to the full name they stand for.

    Returns
    -------
    pandas.DataFrame
        ``article_id``, ``sentence_id`` (where the quotation starts), ``speaker`` (as
        resolved; "(unattributed)" when none is found), ``speaker_kind`` (``person``,
        ``organisation`` or ``unknown``), ``text`` (the quotation without its marks),
        ``start``, ``end`` (offsets into ``articles.text``) and ``n_words``.
    """
    require_columns(sentences, ("article_id", "sentence_id", "start", "end", "text"), "quotes")
    columns = ["article_id", "sentence_id", "speaker", "speaker_kind", "text", "start", "end", "n_words"]
    rows = []
    for article_id, paragraphs in _paragraphs(sentences).items():
        # Quotations of the article, with the sentences each one touches.
        found = []  # (sentence index, start, end, text) in article offsets
        order: list[tuple[int, int, int, str]] = []  # sentences: (sentence_id, start, end, text)
        for p_start, _, p_text, spans in paragraphs:
            first_index = len(order)
            for sid, s_start, s_end in spans:
                order.append((sid, s_start, s_end, p_text[s_start - p_start:s_end - p_start]))
            touching = _Touching([s0 - p_start for _, s0, _ in spans], [s1 - p_start for _, _, s1 in spans])
            for a, b in quote_spans(p_text):
                if len(_WORD.findall(p_text, a, b)) >= MIN_QUOTE_WORDS:
                    touched = [first_index + k for k in touching(a - 1, b + 1)] or [first_index]
                    found.append((touched, p_start + a, p_start + b, p_text[a:b]))
        if not found:
            continue
        quoted_ranges = [(a, b) for _, a, b, _ in found]
        # Walk the sentences in order: who is attributed in each, which people were named.
        attributed: list[str | None] = []
        bare_parts = []
        # (sentences after the one that follows the last quotation attribute nothing)
        needed = min(len(order), max(touched[-1] for touched, _, _, _ in found) + 2)
        for (sid, s0, s1, text), overlapping in zip(order[:needed], _overlapping(quoted_ranges, order[:needed])):
            outside = [(max(a, s0) - s0, min(b, s1) - s0) for a, b in overlapping]
            attributed.append(_speaker_in(text, outside))
            bare_parts.append(_blank_out(text, outside))
        people = _People(bare_parts)
        resolved: list[tuple[str, str] | None] = []
        last_resolved: list[tuple[str, str] | None] = [None]  # [i]: the last speaker resolved before sentence i
        last_person: str | None = None
        last_organisation: str | None = None
        for i, raw in enumerate(attributed):
            name, kind, _ = speaker_name(raw)
            speaker = None
            if kind == "pronoun":
                if name in ("he", "she"):
                    who = last_person or people.latest_before(i)
                    speaker = (who, "person") if who else None
                elif name in ("it", "they") and last_organisation:
                    speaker = (last_organisation, "organisation")
            elif name is not None:
                speaker = people.resolve(name, kind)
            resolved.append(speaker)
            last_resolved.append(speaker or last_resolved[-1])
            if speaker:
                if speaker[1] == "person":
                    last_person = speaker[0]
                elif speaker[1] == "organisation":
                    last_organisation = speaker[0]
        for touched, a, b, quoted in found:
            speaker = next((resolved[i] for i in touched if resolved[i]), None)
            if speaker is None and touched[-1] + 1 < len(resolved) and order[touched[-1] + 1][1] >= b:
                speaker = resolved[touched[-1] + 1]
            if speaker is None:  # a quotation running on from an earlier one
                speaker = last_resolved[touched[0]]
            name, kind = speaker if speaker else (UNATTRIBUTED, "unknown")
            rows.append((article_id, order[touched[0]][0], name, kind, quoted, a, b, len(_WORD.findall(quoted))))
    return pd.DataFrame(rows, columns=columns)


def _without_middle_names(speaker: np.ndarray, kind: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """People's names that differ only in what stands between the first and the last name
    ("Donald J. Trump", "Donald Trump") made one: the first and last name where the corpus
    writes it so, else the commonest form. A name whose last two words are a person's name
    elsewhere in the corpus is that name ("State Condoleezza Rice" -> "Condoleezza Rice")."""
    person = kind == "person"
    if not person.any():
        return speaker
    names = speaker[person]
    known = set(names)
    short = {}
    for name in known:
        words = name.split()
        if len(words) > 2 and not _has_suffix(name) and " ".join(words[-2:]) in known:
            short[name] = " ".join(words[-2:])  # "State Condoleezza Rice": "Secretary of" was cut off
        else:
            short[name] = f"{words[0]} {words[-1]}" if len(words) > 2 and not _has_suffix(name) else name
    frame = pd.DataFrame({"speaker": names, "short": [short[n] for n in names], "weight": weights[person]})
    totals = frame.groupby(["short", "speaker"], sort=False)["weight"].sum().reset_index()
    totals["middle"] = totals["short"] != totals["speaker"]  # the plain first and last name is preferred
    totals = totals.sort_values(["short", "middle", "weight", "speaker"], ascending=[True, True, False, True],
                                kind="stable").drop_duplicates("short")
    best = dict(zip(totals["short"], totals["speaker"]))
    out = speaker.copy()
    out[person] = [best[short[n]] for n in names]
    return out


def _has_suffix(name: str) -> bool:
    return name.split()[-1].lower().rstrip(".") in _SUFFIXES


def resolve_speakers(quoted: pd.DataFrame, *, weight: str | None = None) -> pd.DataFrame:
    """Speakers made one name per person across a corpus: a surname that an article left
    alone ("Trump" where it wrote only "President Trump") becomes the full name that the
    corpus's quotations give that surname, when one full name holds at least
    ``MIN_DOMINANT_SHARE`` of them ("Donald Trump"); it is then a person. This holds for a
    surname an article names as a person's, or one that the corpus names so elsewhere (a
    word never seen as a person, such as the "Kos" of a blog, is left alone). Surnames
    shared by several people in the corpus ("Sanders") stay as they are.

    ``quoted`` has ``speaker`` and ``speaker_kind`` (a table of :func:`quotes`, or counts of
    one with a ``weight`` column); returns a new table with both resolved.
    """
    require_columns(quoted, ("speaker", "speaker_kind"), "resolve_speakers")
    if quoted.empty:
        return quoted.copy()
    speaker = quoted["speaker"].astype(object).to_numpy()
    kind = quoted["speaker_kind"].astype(object).to_numpy()
    weights = quoted[weight].to_numpy() if weight else np.ones(len(quoted))
    speaker = _without_middle_names(speaker, kind, weights)
    frame = pd.DataFrame({"speaker": speaker, "kind": kind, "weight": weights})
    codes, unique = pd.factorize(frame["speaker"].astype(str))
    frame["n_words"] = np.array([len(u.split()) for u in unique], dtype=np.int64)[codes]
    frame["surname"] = np.array([_surname(u) for u in unique], dtype=object)[codes]
    people = frame[(frame["kind"] == "person") & (frame["n_words"] > 1)]
    totals = people.groupby(["surname", "speaker"], sort=False)["weight"].sum().reset_index()
    totals = totals.sort_values(["surname", "weight", "speaker"], ascending=[True, False, True], kind="stable")
    per_surname = totals.groupby("surname", sort=False)["weight"].transform("sum")
    best = totals.assign(all=per_surname).drop_duplicates("surname")
    best = best[best["weight"] >= MIN_DOMINANT_SHARE * best["all"]]
    dominant = dict(zip(best["surname"], best["speaker"]))
    # A surname left alone is mapped where the corpus has it as a person somewhere ("Trump"
    # after "President Trump"); a word never seen as a person ("Kos" of a blog) is not.
    seen_as_person = set(frame.loc[(frame["kind"] == "person") & (frame["n_words"] == 1), "speaker"])
    alone = ((frame["n_words"] == 1) & ((frame["kind"] == "person") | frame["speaker"].isin(seen_as_person))
             & (frame["speaker"] != UNATTRIBUTED)).to_numpy()
    mapped = frame["surname"].map(dominant).to_numpy(dtype=object)
    hit = alone & pd.notna(mapped)
    out = quoted.copy()
    out["speaker"] = np.where(hit, mapped, speaker)
    out["speaker_kind"] = np.where(hit, "person", kind)
    return out


def share_of_voice(quotes_table: pd.DataFrame, *, by: str = "outlet", articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """Quoted words per speaker and group, speakers resolved across the table
    (:func:`resolve_speakers`): one row a person, whatever title or form of the name each
    quotation gave.

    Returns
    -------
    pandas.DataFrame
        ``group``, ``speaker``, ``speaker_kind``, ``n_quotes``, ``quoted_words`` and
        ``share`` (of the group's quoted words); sorted by group and quoted words.
    """
    require_columns(quotes_table, ("article_id", "speaker", "n_words"), "share_of_voice")
    table = quotes_table if "speaker_kind" in quotes_table else quotes_table.assign(speaker_kind="unknown")
    if table.empty:
        return voice_from_counts(_voice_counts(table.assign(group=[])))
    return voice_from_counts(_voice_counts(
        table.assign(group=group_column(table, by, articles, "share_of_voice").to_numpy())))


def _voice_counts(quoted: pd.DataFrame) -> pd.DataFrame:
    """Quotations with a ``group`` summed per group, speaker and kind: ``group``,
    ``speaker``, ``speaker_kind``, ``n_quotes``, ``quoted_words``; counts that add up over
    parts of a corpus."""
    columns = ["group", "speaker", "speaker_kind", "n_quotes", "quoted_words"]
    if quoted.empty:
        return pd.DataFrame({c: pd.Series(dtype=np.int64 if c in ("n_quotes", "quoted_words") else object)
                             for c in columns})
    kinds = quoted["speaker_kind"] if "speaker_kind" in quoted else pd.Series("unknown", index=quoted.index)
    frame = pd.DataFrame({"group": quoted["group"].to_numpy(dtype=object),
                          "speaker": quoted["speaker"].to_numpy(dtype=object),
                          "speaker_kind": kinds.to_numpy(dtype=object),
                          "n_words": quoted["n_words"].to_numpy(dtype=np.int64)})
    out = frame.groupby(["group", "speaker", "speaker_kind"], sort=True).agg(
        n_quotes=("n_words", "size"), quoted_words=("n_words", "sum")).reset_index()
    out["n_quotes"] = out["n_quotes"].astype(np.int64)
    return out[columns]


_KIND_RANK = {"person": 0, "organisation": 1, "unknown": 2}


def voice_from_counts(counts: pd.DataFrame) -> pd.DataFrame:
    """:func:`share_of_voice` from the speaker counts of a corpus's parts put together."""
    columns = ["group", "speaker", "speaker_kind", "n_quotes", "quoted_words", "share"]
    if counts.empty:
        return pd.DataFrame(columns=columns)
    counts = resolve_speakers(counts, weight="n_quotes")
    # A speaker that some quotations show to be a person (or an organisation) is one, whatever
    # the order the counts come in (the parts of a corpus, or the whole at once).
    rank = counts["speaker_kind"].map(_KIND_RANK).fillna(len(_KIND_RANK))
    counts = counts.iloc[np.argsort(rank.to_numpy(), kind="stable")]
    out = counts.groupby(["group", "speaker"], sort=True).agg(
        speaker_kind=("speaker_kind", "first"), n_quotes=("n_quotes", "sum"),
        quoted_words=("quoted_words", "sum")).reset_index()
    out["share"] = out["quoted_words"] / out.groupby("group")["quoted_words"].transform("sum")
    out["n_quotes"] = out["n_quotes"].astype(np.int64)
    out["quoted_words"] = out["quoted_words"].astype(np.int64)
    return out.sort_values(["group", "quoted_words", "speaker"], ascending=[True, False, True], kind="stable")[columns] \
        .reset_index(drop=True)


# --- the steps of toolkit.analyze (see toolkit.steps) -------------------------------------------

def _quotes_partial(tables, chunk: pd.DataFrame, by: str) -> dict[str, pd.DataFrame]:
    quoted = tables["quotes"]
    return {"voice_counts": _voice_counts(quoted.assign(group=group_of(quoted, by, chunk)))}


def _verbs_partial(tables, chunk: pd.DataFrame, by: str) -> dict[str, pd.DataFrame]:
    hits = tables["attributions"]
    counts = pd.DataFrame({"group": group_of(hits, by, chunk), "verb": hits["verb"].to_numpy(dtype=object),
                           "lemma": hits["lemma"].to_numpy(dtype=object), "class": hits["class"].to_numpy(dtype=object)})
    return {"verb_counts": counts.groupby(["group", "verb", "lemma", "class"], sort=True).size().rename("count")
                                 .reset_index()}


QUOTES_STEP = sentence_step(
    "quotations", "quotes", quotes, partials=("voice_counts",), partial=_quotes_partial, gives=("share_of_voice",),
    combine=lambda partials, by: {"share_of_voice": voice_from_counts(partials["voice_counts"])})
ATTRIBUTION_STEP = sentence_step(
    "attribution verbs", "attributions", verb_hits, partials=("verb_counts",), partial=_verbs_partial,
    gives=("attribution_verbs",),
    combine=lambda partials, by: {"attribution_verbs": verbs_from_hits(partials["verb_counts"])})
