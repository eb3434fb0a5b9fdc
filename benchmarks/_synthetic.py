"""Synthetic news-like text of any length, for measuring how cost grows with an article's size.

:func:`news_text` writes paragraphs of varied sentences, seeded: reported speech in curly and
straight quotation marks with its speaker before or after ("said Sen. Maria Okafor",
"Okafor told reporters:", "according to the ministry", "he added"), people named in full,
by title and by surname alone, organisations, places, dates, numbers and percentages,
hyphenated words, contractions and possessives. Names are drawn from a pool that grows with
the text (new surnames keep appearing, as in a long news feed), so the set of people an
article names grows with its length, as do its vocabulary and its quotations.
"""
from __future__ import annotations

import random

GIVEN = ("Maria", "James", "Olena", "David", "Fatima", "Robert", "Aisha", "Michael", "Elena", "John", "Priya",
         "William", "Sofia", "Thomas", "Amara", "Daniel", "Yuki", "Richard", "Leila", "Charles", "Ingrid",
         "Joseph", "Chen", "Mark", "Grace", "Kevin", "Nadia", "Brian", "Hannah", "George", "Lucia", "Edward")
SURNAME_PARTS = ("ok", "af", "or", "mel", "ten", "ber", "gar", "los", "vin", "drak", "son", "ash", "pol",
                 "rid", "ker", "man", "sto", "ven", "ko", "lar", "nov", "ell", "hart", "wick", "dor", "ran")
TITLES = ("President", "Sen.", "Gov.", "Rep.", "Secretary", "Mayor", "Dr.", "Judge", "Minister")
ROLES = ("spokeswoman", "spokesman", "chief economist", "press secretary", "senior adviser", "director",
         "analyst", "professor of political science", "chairman", "attorney")
ORGS = ("the Justice Department", "the Pentagon", "the European Commission", "the World Health Organization",
        "the Federal Reserve", "the State Department", "the United Nations", "the energy ministry",
        "the city council", "the Supreme Court", "the Treasury", "the International Monetary Fund")
ORG_NAMES = ("Reuters", "NATO", "the White House", "Congress", "the Kremlin", "Amnesty International", "Google",
             "the FBI", "the Senate", "Parliament")
PLACES = ("Washington", "Kyiv", "Brussels", "Chicago", "Lagos", "Berlin", "Texas", "Ohio", "Moscow", "Beijing",
          "London", "Geneva", "Phoenix", "Mumbai", "Sacramento", "Ottawa")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "March", "April", "June", "August", "October", "November", "December")
SAY = ("said", "said", "said", "told reporters", "added", "argued", "claimed", "insisted", "warned", "noted",
       "explained", "stated", "wrote", "admitted", "stressed")
NOUNS = ("economy", "budget", "election", "policy", "investigation", "vaccine", "border", "tariff", "law",
         "protest", "ceasefire", "inflation", "hearing", "report", "deal", "strike", "rally", "storm",
         "pipeline", "court", "market", "campaign", "school", "hospital", "bill", "agreement", "verdict",
         "survey", "deficit", "shortage", "crisis", "senator", "voter", "official", "refugee", "worker")
ADJECTIVES = ("federal", "controversial", "sweeping", "bipartisan", "unprecedented", "local", "economic",
              "military", "long-awaited", "new", "previous", "dangerous", "historic", "modest", "urgent",
              "widespread", "independent", "conservative", "liberal", "foreign", "domestic", "so-called")
VERBS = ("approved", "rejected", "delayed", "criticized", "supported", "blocked", "announced", "expanded",
         "reviewed", "questioned", "defended", "challenged", "signed", "postponed", "investigated", "praised")
ADVERBS = ("sharply", "quietly", "again", "publicly", "narrowly", "quickly", "formally", "repeatedly")
QUOTE_OPENERS = ("We", "This", "I", "They", "Nobody", "Our", "The people", "It", "Everyone")
QUOTE_VERBS = ("can't accept", "will not support", "have always opposed", "don't understand", "welcome",
               "need", "must stop", "won't ignore", "are going to fight", "fully expect", "deeply regret")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Writer:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.people: list[tuple[str, str, str]] = []  # (given, surname, title)
        self.last: tuple[str, str, str] | None = None

    def pick(self, options):
        return options[self.rng.randrange(len(options))]

    def person(self) -> tuple[str, str, str]:
        # the pool grows with the text: a new person now and then, else one already named
        if not self.people or self.rng.random() < 0.08:
            parts = self.rng.randint(2, 3)
            surname = "".join(self.pick(SURNAME_PARTS) for _ in range(parts)).capitalize()
            self.people.append((self.pick(GIVEN), surname, self.pick(TITLES)))
            return self.people[-1]
        recent = self.people[-40:] if self.rng.random() < 0.8 else self.people
        return self.pick(recent)

    def noun_phrase(self) -> str:
        r = self.rng.random()
        if r < 0.45:
            return f"the {self.pick(ADJECTIVES)} {self.pick(NOUNS)}"
        if r < 0.7:
            noun = self.pick(NOUNS)
            return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun} {self.pick(NOUNS)}"
        if r < 0.85:
            return f"{self.pick(ORGS)}'s {self.pick(NOUNS)}"
        return f"the {self.pick(NOUNS)} in {self.pick(PLACES)}"

    def clause(self) -> str:
        r = self.rng.random()
        subject = self.noun_phrase()
        if r < 0.3:
            return f"{subject} {self.pick(VERBS)} {self.noun_phrase()} on {self.pick(DAYS)}"
        if r < 0.55:
            n = self.rng.randint(2, 95)
            return f"{subject} rose {n}.{self.rng.randint(0, 9)}% to ${self.rng.randint(1, 900):,} million in {self.pick(MONTHS)}"
        if r < 0.8:
            return f"{subject} was {self.pick(ADVERBS)} {self.pick(VERBS)} by {self.pick(ORG_NAMES)}"
        return f"{self.rng.randint(2, 40_000):,} people {self.pick(VERBS)} {subject} in {self.pick(PLACES)}"

    def quotation(self) -> str:
        words = f"{self.pick(QUOTE_OPENERS)} {self.pick(QUOTE_VERBS)} {self.noun_phrase()}"
        if self.rng.random() < 0.5:
            words += f", and {self.clause()}"
        return words

    def sentence(self) -> str:
        given, surname, title = who = self.person()
        r = self.rng.random()
        quote = self.quotation()
        if r < 0.14:
            text = f"“{quote},” {title} {given} {surname} {self.pick(SAY)}."
        elif r < 0.24:
            text = f"\"{quote},\" said {given} {surname}, the {self.pick(ROLES)} at {self.pick(ORG_NAMES)}."
        elif r < 0.32:
            text = f"{surname} told reporters in {self.pick(PLACES)}: “{quote}.”"
        elif r < 0.40 and self.last is not None:
            text = f"“{quote},” he {self.pick(SAY)}. “{_cap(self.quotation())}.”"
        elif r < 0.48:
            text = f"According to {self.pick(ORGS)}, {self.clause()}."
        elif r < 0.56:
            text = f"{given} {surname}, the {self.pick(ROLES)} of {self.pick(ORGS)}, {self.pick(SAY)} that {self.clause()}."
        elif r < 0.62:
            text = f"Mr. {surname} {self.pick(SAY)} the {self.pick(NOUNS)} wasn't {self.pick(ADJECTIVES)}."
        elif r < 0.70:
            text = f"{self.pick(ORG_NAMES)} {self.pick(SAY)} in a statement that {self.clause()}."
        else:
            text = f"{_cap(self.clause())}, {self.pick(('officials', 'analysts', 'critics', 'supporters'))} " \
                   f"in {self.pick(PLACES)} {self.pick(SAY)} on {self.pick(DAYS)}."
        self.last = who
        return _cap(text)

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(1, 4)))


def news_text(n_chars: int, *, seed: int = 0) -> str:
    """About ``n_chars`` characters of news-like prose, one paragraph a line (blank lines
    between them), the same for the same seed and size."""
    writer = _Writer(seed)
    paragraphs, size = [], 0
    while size < n_chars:
        paragraph = writer.paragraph()
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(paragraphs)
