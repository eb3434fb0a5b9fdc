"""Attribution verbs, quotations, speakers and share of voice: toolkit.speech."""
from __future__ import annotations

import pandas as pd
import pytest

import toolkit
from conftest import AFP_ID, BRUSSELS_ID

# --- attribution and quotes -------------------------------------------------------------------

def test_attribution_verbs_on_the_sample(tables):
    articles, sentences, _ = tables
    verbs = toolkit.attribution_verbs(sentences, articles=articles)
    by_group = verbs.groupby("group")["verb"].agg(set).to_dict()
    assert {"stated", "remarked", "declared", "noted"} <= by_group["24brussels"]
    assert {"said", "stated", "described", "confirmed", "emphasized"} <= by_group["AFP"]
    remarked = verbs[(verbs["group"] == "24brussels") & (verbs["verb"] == "remarked")].iloc[0]
    assert remarked["count"] == 2 and remarked["class"] == "other"
    assert verbs.groupby("group")["share"].sum().round(9).eq(1).all()
    classes = toolkit.attribution_verbs(sentences, articles=articles, per="class")
    assert set(classes["class"]) <= {"neutral", "loaded", "other"}


@pytest.mark.parametrize("sentence, verbs", [
    ("The company added 3,000 jobs last year.", []),
    ("The attack claimed 10 lives.", []),
    ("Officials confirmed cases in three states.", []),
    ("\u201cWe will not back down,\u201d he added.", ["added"]),
    ("She claimed that the vote was rigged.", ["claimed"]),
    ("The minister insisted the plan would work.", ["insisted"]),
    ("Power was cut, as stated by the authorities.", ["stated"]),
    ("Talks stalled, according to two officials.", ["according to"]),
])
def test_attribution_verbs_need_speech_when_ambiguous(sentence, verbs):
    sentences = toolkit.split_sentences(pd.DataFrame({"article_id": ["x"], "outlet": ["o"], "text": [sentence]}))
    sentences["outlet"] = "o"
    assert toolkit.attribution_verbs(sentences)["verb"].tolist() == verbs


def test_quotes_and_speakers_on_the_sample(tables):
    _, sentences, _ = tables
    quoted = toolkit.quotes(sentences)
    speaker = {(r.article_id, r.text[:20]): r.speaker for r in quoted.itertuples()}
    assert speaker[(BRUSSELS_ID, "We view such discuss")] == "Dmitry Peskov"  # "he stated": the person named before
    # "he remarked" after "Zelenskyy accused": the full name the article gives
    assert speaker[(BRUSSELS_ID, "The Russians are cur")] == "Volodymyr Zelenskyy"
    assert speaker[(AFP_ID, "We view such discuss")] == "Dmitry Peskov"  # "Peskov said": one name per person
    assert speaker[(AFP_ID, "The Russians are cur")] == "Volodymyr Zelensky"
    assert speaker[(AFP_ID, "one of the most impo")] == "Dmitry Peskov"  # "according to Peskov"
    assert speaker[(AFP_ID, "negative signals reg")] == "Volodymyr Zelensky"  # not "Russia", the one accused
    assert speaker[(AFP_ID, "Russians attacked en")] == "Ukraine’s energy ministry"
    kinds = dict(zip(quoted["speaker"], quoted["speaker_kind"]))
    assert kinds["Dmitry Peskov"] == kinds["Volodymyr Zelensky"] == "person"
    assert kinds["Ukraine’s energy ministry"] == "organisation"
    texts = sentences.groupby("article_id")  # offsets index the article text
    for row in quoted.itertuples():
        assert row.n_words >= 3 and row.end > row.start


def test_quotes_tolerate_straight_and_mismatched_marks():
    text = ('"This is a straight quote here," said Jane Smith. \u201cAnd a curly one follows now,\u201c she added. '
            '\u201cUnclosed quotations run to the end of the paragraph')
    sentences = toolkit.split_sentences(pd.DataFrame({"article_id": ["x"], "text": [text]}))
    quoted = toolkit.quotes(sentences)
    assert quoted["text"].tolist() == ["This is a straight quote here,", "And a curly one follows now,",
                                       "Unclosed quotations run to the end of the paragraph"]
    assert quoted["speaker"].tolist() == ["Jane Smith", "Jane Smith", "Jane Smith"]


def test_share_of_voice(tables):
    articles, sentences, _ = tables
    voices = toolkit.share_of_voice(toolkit.quotes(sentences), articles=articles)
    brussels = voices[voices["group"] == "24brussels"].set_index("speaker")
    assert brussels.loc["Dmitry Peskov", "n_quotes"] == 2  # "Dmitry Peskov" and "Peskov" are one speaker
    assert list(voices.columns) == ["group", "speaker", "speaker_kind", "n_quotes", "quoted_words", "share"]
    assert voices.groupby("group")["share"].sum().round(9).eq(1).all()
    assert toolkit.share_of_voice(toolkit.quotes(sentences.iloc[:0])).empty


def test_a_speaker_some_quotations_show_to_be_a_person_is_one_in_any_order():
    # one article calls him "Rep. Buck McKeon" (a person), another just "McKeon" (unknown);
    # the engine sums the parts of a corpus in another order than the whole: the same kind
    from toolkit.speech import voice_from_counts

    quoted = pd.DataFrame({"article_id": ["a", "b", "c"], "speaker": ["McKeon", "McKeon", "Ann Lee"],
                           "speaker_kind": ["unknown", "person", "person"], "n_words": [10, 5, 7],
                           "outlet": ["X", "X", "X"]})
    whole = toolkit.share_of_voice(quoted)
    assert whole.set_index("speaker").loc["McKeon", "speaker_kind"] == "person"
    # the counts of two parts of the corpus, as analyze puts them together: the part where
    # McKeon is unknown first, then the reverse
    parts = pd.DataFrame({"group": ["X", "X", "X"], "speaker": ["McKeon", "McKeon", "Ann Lee"],
                          "speaker_kind": ["unknown", "person", "person"], "n_quotes": [1, 1, 1],
                          "quoted_words": [10, 5, 7]})
    for order in (parts, parts.iloc[::-1].reset_index(drop=True)):
        pd.testing.assert_frame_equal(voice_from_counts(order), whole)



@pytest.mark.parametrize("sentence, speaker", [
    ("\u201cWe will look at every option on the table,\u201d longtime adviser Roger Stone said.", "Roger Stone"),
    ("\u201cThe plan is dead on arrival in the Senate,\u201d the energy ministry said.", "energy ministry"),
])
def test_speaker_is_the_name_a_phrase_ends_with(sentence, speaker):
    sentences = toolkit.split_sentences(pd.DataFrame({"article_id": ["x"], "text": [sentence]}))
    assert toolkit.quotes(sentences)["speaker"].tolist() == [speaker]


def test_honorifics_are_titles_not_names():
    text = "\u201cWe will not accept this deal at all,\u201d said Mr. Trump. \u201cIt is a fair offer,\u201d Ms. Pelosi said."
    sentences = toolkit.split_sentences(pd.DataFrame({"article_id": ["x"], "text": [text]}))
    assert toolkit.quotes(sentences)["speaker"].tolist() == ["Trump", "Pelosi"]
    assert toolkit.quotes(sentences)["speaker_kind"].tolist() == ["person", "person"]


def _quotes_of(*texts: str) -> pd.DataFrame:
    articles = pd.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "outlet": "o", "text": list(texts)})
    return toolkit.quotes(toolkit.split_sentences(articles))


@pytest.mark.parametrize("text, speaker, kind", [
    # titles, offices, forms of address and party tags are not part of a name
    ("“We will not be moved on this question at all,” President Donald Trump said.", "Donald Trump", "person"),
    ("“The vote will happen in the spring,” House Speaker Paul Ryan said on Tuesday.", "Paul Ryan", "person"),
    ("“This is a matter for the courts alone,” said White House Counsel Don McGahn.", "Don McGahn", "person"),
    ("“The wealthy should pay their share now,” said Sen. Bernie Sanders D-VT.", "Bernie Sanders", "person"),
    # an appositive and a place after "of" are stepped over; a day after "said" is no name
    ("“It's my fear that we are on the verge of becoming a surveillance state,” Rep. John Conyers of Michigan, "
     "the ranking Democrat on the judiciary panel, said Thursday.", "John Conyers", "person"),
    # an office with "of" before the name
    ("“We will not be moved on this at all,” said Secretary of State Condoleezza Rice on Tuesday.",
     "Condoleezza Rice", "person"),
    ("“The plan is sound and we back it fully,” Secretary of Homeland Security Kirstjen Nielsen said.",
     "Kirstjen Nielsen", "person"),
    ("“I am proud of what my father built here,” said Donald J. Trump on Monday.", "Donald J Trump", "person"),
    # organisations
    ("“We take these reports very seriously indeed,” the Justice Department said.", "Justice Department",
     "organisation"),
    ("“No comment on an ongoing investigation,” the FBI said in a statement.", "FBI", "organisation"),
    # never a speaker: a document, a number, a day
    ("“The working group determined that extending the date should not be considered,” the report said.",
     "(unattributed)", "unknown"),
    ("“Many relocated to other places during the pandemic,” the 300-page report said.", "(unattributed)", "unknown"),
])
def test_speakers_are_names_of_people_or_organisations(text, speaker, kind):
    quoted = _quotes_of(text)
    assert quoted[["speaker", "speaker_kind"]].values.tolist() == [[speaker, kind]]


def test_one_name_per_person_within_an_article():
    text = ("President Donald Trump spoke to reporters on the lawn of the White House on Monday morning.\n\n"
            "“We are going to win this one very easily,” Mr. Trump said.\n\n"
            "“It is going to be a big week for the country,” Trump added later.\n\n"
            "“I think the numbers are very good for us,” the president said. “Really good,” he said.")
    quoted = _quotes_of(text)
    assert quoted["speaker"].tolist()[:2] == ["Donald Trump", "Donald Trump"]
    assert set(quoted["speaker_kind"]) <= {"person", "unknown"}


def test_a_pronoun_with_nothing_to_refer_to_is_no_speaker():
    quoted = _quotes_of("“We will keep fighting for every single vote in this state,” she said.")
    assert quoted["speaker"].tolist() == ["(unattributed)"]


def test_a_surname_alone_becomes_the_full_name_the_corpus_gives_it():
    texts = ["“The economy is doing great right now,” President Trump said on Monday.",
             "“We will build the wall and it will be beautiful,” said Donald Trump, the Republican nominee.",
             "“I have nothing more to say about this matter,” Donald Trump told reporters.",
             "“I would not vote for that bill in any form,” said Sen. Bernie Sanders.",
             "“The briefing is over for today, thank you all,” said press secretary Sarah Sanders.",
             "“The plan is a disgrace to working people,” Sanders said."]
    quoted = _quotes_of(*texts)
    voices = toolkit.share_of_voice(quoted, articles=pd.DataFrame({"article_id": [f"a{i}" for i in range(6)],
                                                                    "outlet": ["o"] * 6}))
    speakers = dict(zip(voices["speaker"], voices["n_quotes"]))
    assert speakers["Donald Trump"] == 3  # "President Trump" in a0 resolves across the corpus
    assert "Trump" not in speakers
    assert speakers["Sanders"] == 1  # two people share the surname: left as it is
    resolved = toolkit.resolve_speakers(quoted)
    assert resolved.loc[0, "speaker"] == "Donald Trump" and resolved.loc[0, "speaker_kind"] == "person"


def test_middle_initials_do_not_split_a_person():
    quoted = _quotes_of("“We will win this state and then the next,” said Donald J. Trump on Tuesday.",
                        "“The rally will go ahead as it was planned,” Donald Trump said.",
                        "“I am proud of what my father built here,” said Donald Trump Jr. on Monday.")
    assert toolkit.resolve_speakers(quoted)["speaker"].tolist() == ["Donald Trump", "Donald Trump", "Donald Trump Jr"]



def test_a_word_never_seen_as_a_person_is_not_made_one():
    table = pd.DataFrame({"speaker": ["Wanda Kos", "Kos", "Trump", "Donald Trump", "Trump"],
                          "speaker_kind": ["person", "unknown", "person", "person", "unknown"]})
    resolved = toolkit.resolve_speakers(table)
    # "Kos" (a blog's name) was never a person; "Trump" was, in another article
    assert resolved["speaker"].tolist() == ["Wanda Kos", "Kos", "Donald Trump", "Donald Trump", "Donald Trump"]
    assert resolved["speaker_kind"].tolist() == ["person", "unknown", "person", "person", "person"]


# --- cost proportional to the text's length ---------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from toolkit import speech  # noqa: E402


def test_quotations_of_a_long_article_are_those_of_its_parts():
    """An article of many reports, each naming its own speakers, has the quotations and
    speakers that each report has alone (what is kept per article is looked up, not rescanned)."""
    given_names = ["Maria", "James", "Linda", "David", "Susan", "Robert"]  # (given names the census lists know)
    surnames = [f"Oka{a}{b}{c}" for a in "bcdfghjklmnp" for b in "aeiou" for c in "lnrst"][:300]
    blocks = [f"“The plan {i} will not pass the council,” said {given_names[i % 6]} {surname}, a spokeswoman.\n\n"
              f"“We will keep fighting it every day,” she added. {surname} told reporters: “Nothing changes here.”\n\n"
              for i, surname in enumerate(surnames)]
    whole = speech.quotes(toolkit.split_sentences(pd.DataFrame({"article_id": ["a"], "text": ["".join(blocks)]})))
    parts, at = [], 0
    for block in blocks:
        found = speech.quotes(toolkit.split_sentences(pd.DataFrame({"article_id": ["a"], "text": [block]})))
        parts.append(found.assign(start=found["start"] + at, end=found["end"] + at))
        at += len(block)
    expected = pd.concat(parts, ignore_index=True)
    assert len(whole) == 900 and whole["speaker"].iloc[:3].tolist() == ["Maria Okabal"] * 3
    pd.testing.assert_frame_equal(whole.drop(columns="sentence_id"), expected.drop(columns="sentence_id"))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Ann Lee", "Bo Lee", "Cy Lee", "Di Lee"]), min_size=1, max_size=30))
def test_tally_gives_the_commonest_name_first_seen(names):
    tally = speech._Tally()
    for k, name in enumerate(names, start=1):
        tally.add(name)
        so_far = names[:k]
        assert tally.most == max(dict.fromkeys(so_far), key=so_far.count)
    assert all(name in tally for name in names) and "Eve Lee" not in tally


_spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 30)).map(lambda p: (p[0], p[0] + p[1])), max_size=12)


@settings(max_examples=300, deadline=None)
@given(_spans, _spans, st.booleans())
def test_overlapping_ranges_found_by_a_sweep_as_by_looking_at_each(ranges, sentences, ordered):
    ranges = sorted(ranges) if ordered else ranges
    rows = [(k, s0, s1, "") for k, (s0, s1) in enumerate(sorted(sentences))]
    expected = [[(a, b) for a, b in ranges if a < s1 and b > s0] for _, s0, s1, _ in rows]
    assert speech._overlapping(ranges, rows) == expected


@settings(max_examples=300, deadline=None)
@given(_spans, st.integers(0, 90), st.integers(0, 90))
def test_touching_sentences_found_by_bisection_as_by_looking_at_each(sentences, low, high):
    sentences = sorted(sentences)
    starts, ends = [a for a, _ in sentences], [b for _, b in sentences]
    expected = [k for k, (s0, s1) in enumerate(sentences) if s0 < high and s1 > low]
    assert list(speech._Touching(starts, ends)(low, high)) == expected


_texts = st.lists(st.sampled_from(["ab", "a.b", "Mr.", " ", ",", "\n", "’", "x" * 300, "  ", "y" * 700]),
                  max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(_texts, st.floats(0, 1))
def test_words_read_backwards_lazily_are_the_words_before(text, where):
    end = int(where * len(text))
    found = [m.span() for m in speech._backward(speech._WORD, text, end)]
    assert found == [m.span() for m in reversed(list(speech._WORD.finditer(text, 0, end)))]
    preceding = text[:end].rstrip()
    assert speech._chunk_before(text, end) == (preceding[-1:], preceding.split()[-1] if preceding.split() else "")
    assert speech._stripped_end(text, end) == len(preceding)
    for word in ("Said", "said"):
        assert speech._proper_noun(text, end, word) == (word[:1].isupper() and bool(text[:end].strip(" \"“‘'")))


def test_words_before_a_verb_are_read_from_near_it():
    """The words before a verb in a run of a million characters are read from a stretch near
    it: the pattern is asked for a few hundred characters, not for everything before."""
    asked = []

    class Pattern:
        def finditer(self, text, start, end):
            asked.append(end - start)
            return speech._WORD.finditer(text, start, end)

    text = "word " * 200_000 + "Maria Okafor"
    words = speech._backward(Pattern(), text, len(text))
    assert [next(words).group() for _ in range(3)] == ["Okafor", "Maria", "word"]
    assert sum(asked) < 1_000


def test_a_long_title_less_word_before_a_name_is_no_title():
    text = "x" * 500 + " spokesman Dmitry Peskov said"
    j = text.index(" Dmitry") - 1
    assert speech._word_before(text, j) == "spokesman"
    assert speech._word_before("y" * 500 + " " + "z" * 300, 800) == ""  # longer than any title: not read


def test_the_person_named_last_is_found_once_a_sentence(monkeypatch):
    sentences = ["Spokeswoman Maria Okafor spoke."] + ["The plan stalled."] * 400 + ["He left."]
    people = speech._People(sentences)
    calls = []
    real = speech._People._last_person_in
    monkeypatch.setattr(speech._People, "_last_person_in", lambda self, j: calls.append(j) or real(self, j))
    for i in range(len(sentences), 0, -1):  # every sentence asks, the last first (the most work)
        assert people.latest_before(i) == "Maria Okafor"
    assert sorted(calls) == list(range(len(sentences)))
