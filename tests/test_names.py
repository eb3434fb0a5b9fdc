"""Name and transliteration variants: toolkit.names."""
from __future__ import annotations

import pytest

import toolkit
from toolkit.names import _spelling_edit, fold_name  # (_spelling_edit: the rule under test by design)
from conftest import tokens_of

# --- name variants ----------------------------------------------------------------------------

def test_name_variants_on_the_sample(tables):
    articles, _, tokens = tables
    variants = toolkit.name_variants(tokens, articles=articles)
    zelensky = variants[variants["canonical"] == "Zelensky"].set_index("variant")
    assert zelensky.loc["Zelenskyy", "group"] == "24brussels" and zelensky.loc["Zelenskyy", "count"] == 4
    assert zelensky.loc["Zelensky", "group"] == "AFP" and zelensky.loc["Zelensky", "count"] == 3
    assert "Lugansk" in set(variants["variant"]) and "Chernigiv" in set(variants["variant"])


@pytest.mark.parametrize("a, b, same", [
    ("Zelenskyy", "Zelensky", True), ("Luhansk", "Lugansk", True), ("Kharkiv", "Kharkov", True),
    ("Sergei", "Sergey", True), ("López", "Lopez", True), ("O’Rourke", "O'Rourke", True),
    ("Gill", "Hill", False), ("Paris", "Parish", False), ("Russia", "Russian", False),
])
def test_fold_name(a, b, same):
    assert (fold_name(a) == fold_name(b)) is same


def test_detection_user_aliases_and_inflections():
    tokens, articles = tokens_of({
        "A": "Officials met Navalnyy and Zelenskiy in Kyiv. Later Navalnyy left. Russia and Russian troops.",
        "B": "Officials met Navalny and Zelensky in Kiev. Later Navalny left. Russia and Russian troops.",
    })
    variants = toolkit.name_variants(tokens, articles=articles, aliases={"Kyiv": ["Kyjiw"]})
    canon = variants.groupby("canonical")["variant"].agg(set).to_dict()
    assert canon["Navalny"] == {"Navalny", "Navalnyy"} and canon["Kyiv"] == {"Kyiv", "Kiev"}
    assert "Russian" not in set(variants["variant"])


@pytest.mark.parametrize("a, b, same", [
    ("lindsey", "lindsay", True), ("stacey", "stacy", True), ("mahmoud", "mahmud", True),
    ("hillary", "hilary", True), ("gadhafi", "gadafi", True), ("nikolas", "nicolas", True),
    ("ivanka", "ivana", False), ("boston", "bolton", False), ("carlson", "carson", False),
])
def test_one_letter_apart_as_spellings_are(a, b, same):
    assert _spelling_edit(a, b) is same and _spelling_edit(b, a) is same


def test_detection_keeps_relatives_and_short_words_apart():
    tokens, articles = tokens_of({
        "A": "Hillary Clinton spoke. Later Hillary Clinton left. Ivanka Trump came. Ivanka Trump spoke. "
             "A Lego set. The Lego box.",
        "B": "Hilary Clinton spoke. Later Hilary Clinton left. Ivana Trump came. Ivana Trump spoke. "
             "Gillis Leho left. Leho said so.",
    })
    variants = toolkit.name_variants(tokens, articles=articles)
    canon = variants.groupby("canonical")["variant"].agg(set).to_dict()
    assert canon == {"Hilary": {"Hilary", "Hillary"}}  # not Ivana ~ Ivanka, nor Lego ~ Leho


def test_a_capitalised_word_longer_than_a_name_is_no_candidate():
    """Comparing a spelling with those one letter apart costs the square of its length: a
    capitalised "word" longer than MAX_NAME_LENGTH (a compound, a blob) is not a name."""
    from toolkit.names import MAX_NAME_LENGTH, _name_evidence

    fits, too_long = "N" + "a" * (MAX_NAME_LENGTH - 1), "L" + "o" * MAX_NAME_LENGTH
    tokens, articles = tokens_of({"A": f"Then {fits} met {too_long} there. And {fits} left {too_long} behind.",
                                  "B": f"Then {fits} met {too_long[:-1]}e there. And {too_long[:-1]}e stayed."})
    spellings = set(_name_evidence(tokens, tokens["article_id"].astype(str))["spellings"]["variant"])
    assert fits in spellings and too_long not in spellings and too_long[:-1] + "e" not in spellings
    toolkit.name_variants(tokens, articles=articles)  # (and the table is made at once)
