"""Stories: matching reports of one event, coverage, one-sided stories, selecting a story."""
from __future__ import annotations

import pandas as pd
import pytest

import toolkit

QUAKE = ("A magnitude 7.1 earthquake struck near Antalya on Monday, killing at least 40 people in Kemer and "
         "Kumluca, Turkish officials said. Rescue teams searched collapsed buildings in Kemer overnight.")
BUDGET = ("The Norwegian parliament in Oslo approved a budget that raises fisheries subsidies in Tromso and "
          "Bodo, finance minister Vedum said. The Storting vote passed by a narrow margin.")
CHIP = ("Samsung said its Pyeongtaek chip plant will double memory output, as Hynix and Micron cut prices "
        "for DRAM modules. Analysts in Seoul expect lower prices.")


def _corpus(rows):
    return pd.DataFrame(rows, columns=["article_id", "outlet", "published", "text", "bias_text"]).assign(
        published=lambda t: pd.to_datetime(t["published"]))


@pytest.fixture()
def corpus():
    variants = {
        "quake": [QUAKE, QUAKE.replace("struck", "hit").replace("Rescue teams", "Rescuers"),
                  "Rescuers in Kemer and Kumluca dug through rubble after the Antalya earthquake killed 40, officials said."],
        "budget": [BUDGET, BUDGET.replace("approved", "passed").replace("narrow", "slim")],
        "chip": [CHIP],
    }
    rows, n = [], 0
    for event, texts in variants.items():
        for k, text in enumerate(texts):
            rows.append((f"{event}{k}", f"Outlet {k}", "2024-03-04", text, "left" if event == "budget" else ["left", "right", "center"][k]))
            n += 1
    return _corpus(rows)


def test_hand_built_events_are_grouped(corpus):
    matched = toolkit.match_stories(corpus)
    story = matched.set_index("article_id")["story"]
    assert story["quake0"] == story["quake1"] == story["quake2"]
    assert story["budget0"] == story["budget1"] != story["quake0"]
    assert story["chip0"] not in {story["quake0"], story["budget0"]}
    confidence = matched.set_index("article_id")["story_confidence"]
    assert (confidence[["quake0", "quake1", "budget0"]] > 0.3).all() and pd.isna(confidence["chip0"])
    assert story["quake0"] == "story-0001"  # the largest story first


def test_the_date_window_separates_similar_reports(corpus):
    corpus.loc[corpus["article_id"] == "quake2", "published"] = pd.Timestamp("2024-05-20")
    story = toolkit.match_stories(corpus).set_index("article_id")["story"]
    assert story["quake0"] == story["quake1"] != story["quake2"]


def test_given_stories_are_kept(corpus):
    corpus["story"] = ["given"] * 2 + [None] * (len(corpus) - 2)
    matched = toolkit.match_stories(corpus).set_index("article_id")
    assert matched.loc["quake0", "story"] == matched.loc["quake1", "story"] == "given"
    assert matched.loc["quake0", "story_confidence"] == 1.0


def test_coverage_one_sided_and_terms(corpus):
    matched = toolkit.match_stories(corpus)
    table = toolkit.coverage(matched)
    quake = table[table["story"] == matched.set_index("article_id").loc["quake0", "story"]]
    assert quake["n_groups"].iloc[0] == 3 and quake["first"].all()  # same day: all first
    sided = toolkit.one_sided_stories(matched)
    assert sided["side"].tolist() == ["left"] and sided["n_groups"].tolist() == [2]
    terms = toolkit.story_terms(matched).set_index("story")["terms"]
    assert "kemer" in terms[matched.set_index("article_id").loc["quake0", "story"]]


def test_select_story(corpus):
    matched = toolkit.match_stories(corpus)
    one = toolkit.select_story(matched, "story-0001")
    assert set(one["article_id"]) == {"quake0", "quake1", "quake2"}
    assert toolkit.select_story(corpus, None) is corpus
    with pytest.raises(ValueError, match="no story 'nope'"):
        toolkit.select_story(matched, "nope")


def test_sample_reports_are_one_story(sample):
    matched = toolkit.match_stories(sample.drop(columns=["story"]))
    assert matched["story"].nunique() == 1 and (matched["story_confidence"] > 0.5).all()
