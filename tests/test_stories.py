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


def test_stories_kept_in_a_cache_equal_fresh_ones(corpus, tmp_path):
    fresh = toolkit.match_stories(corpus)
    first = toolkit.match_stories(corpus, cache=tmp_path)
    again = toolkit.match_stories(corpus, cache=tmp_path)  # read back
    assert (toolkit.cache_entries(tmp_path)["kind"] == "corpus").sum() == 1
    pd.testing.assert_frame_equal(first, fresh)
    pd.testing.assert_frame_equal(again, fresh)
    moved = corpus.assign(published=corpus["published"].where(corpus["article_id"] != "quake2",
                                                              pd.Timestamp("2024-05-20")))
    story = toolkit.match_stories(moved, cache=tmp_path).set_index("article_id")["story"]  # changed: computed again
    assert story["quake0"] == story["quake1"] != story["quake2"]
    wider = toolkit.match_stories(moved, cache=tmp_path, window_days=90).set_index("article_id")["story"]
    assert wider["quake0"] == wider["quake2"]


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


# --- stories at any corpus size -----------------------------------------------------------------

# Ten events, each told in six sentences; a report takes four of them, worded its own way, and
# two sentences of the kind every report carries. Event words are shared by its five reports,
# whatever share of the corpus that is.
EVENTS = {
    "flood": ["Floodwaters swept through Valencia after torrential rain on Tuesday.",
              "The Turia river burst its banks near Paiporta and Catarroja.",
              "Emergency crews rescued families trapped on rooftops in Paiporta.",
              "Regional president Carlos Mazon declared three days of mourning.",
              "At least 62 people died in the Valencia floods, officials in Paiporta said.",
              "Residents of Catarroja blamed late flood warnings for the toll."],
    "strike": ["Dockworkers at Rotterdam and Antwerp walked out over automation.",
               "The FNV union said cranes at the Maasvlakte terminal stood idle.",
               "Shipping lines diverted container vessels from Rotterdam to Hamburg.",
               "Union leader Niek Stam demanded guarantees against robotic cranes.",
               "The port authority warned the Maasvlakte strike would delay cargo.",
               "Antwerp dockworkers joined the walkout in solidarity with Rotterdam."],
    "launch": ["A Falcon rocket carried the Perseverance relay satellite from Cape Canaveral.",
               "The satellite will relay signals from the Jezero crater rover.",
               "Engineers at the Jet Propulsion Laboratory confirmed the relay deployed.",
               "Mission manager Jennifer Trosper praised the Cape Canaveral launch team.",
               "The booster landed on a drone ship named Gravitas after the Falcon launch.",
               "The Jezero relay satellite should reach Mars orbit within seven months."],
    "election": ["Voters in Montevideo elected Yamandu Orsi president of Uruguay.",
                 "Orsi of the Frente Amplio beat Alvaro Delgado in the runoff.",
                 "Delgado conceded defeat to Orsi before midnight in Montevideo.",
                 "The Frente Amplio returns to power after five years in opposition.",
                 "Orsi promised to tackle crime and lift wages for Uruguay workers.",
                 "Crowds waved Frente Amplio flags along the Montevideo waterfront."],
    "merger": ["Brewers Heineken and Carlsberg agreed to combine their Asian operations.",
               "The Heineken Carlsberg venture will run breweries in Vietnam and Laos.",
               "Carlsberg chief executive Jacob Aarup-Andersen called the deal transformative.",
               "Analysts said the Vietnam breweries deal would face antitrust review.",
               "Heineken shares rose in Amsterdam after the Carlsberg announcement.",
               "The venture would control most beer sales in Laos, analysts estimated."],
    "wildfire": ["A wildfire near Jasper forced thousands to flee the Alberta townsite.",
                 "Parks Canada closed the Icefields Parkway as the Jasper fire spread.",
                 "Crews from British Columbia joined firefighters on the Jasper blaze.",
                 "Mayor Richard Ireland said a third of Jasper buildings burned.",
                 "Smoke from the Alberta wildfire drifted over Edmonton and Hinton.",
                 "Evacuees from Jasper sheltered in Hinton and Grande Prairie."],
    "court": ["The Karlsruhe constitutional court struck down the Bundestag budget transfer.",
              "Judges in Karlsruhe ruled the climate fund reallocation unconstitutional.",
              "Finance minister Christian Lindner froze spending after the Karlsruhe ruling.",
              "The climate fund loses sixty billion euros under the Karlsruhe verdict.",
              "Opposition leader Friedrich Merz had brought the case to Karlsruhe.",
              "The Bundestag must now rewrite the budget without the climate fund money."],
    "outbreak": ["Health officials in Kinshasa confirmed an mpox outbreak in Equateur province.",
                 "The clade of mpox spread from Kamituga to Bukavu and Goma.",
                 "The WHO declared the Equateur mpox outbreak an emergency.",
                 "Doctor Dieudonne Mumba said Kamituga clinics ran out of vaccine.",
                 "Rwanda and Burundi reported mpox cases linked to Goma travellers.",
                 "Vaccines from Japan reached Kinshasa for the mpox campaign."],
    "heist": ["Thieves stole crown jewels from the Green Vault in Dresden.",
              "The Dresden Green Vault thieves cut power to the Residenzschloss.",
              "Police in Dresden arrested members of the Remmo family in Berlin.",
              "Museum director Marion Ackermann called the jewels priceless.",
              "Some Green Vault diamonds were later found in a Berlin apartment.",
              "The Remmo brothers went on trial in Dresden for the Green Vault raid."],
    "quake": ["An earthquake of magnitude 7.6 struck the Noto peninsula on New Year's Day.",
              "Houses collapsed in Wajima and Suzu on the Noto peninsula.",
              "A fire destroyed the Asaichi market street in Wajima.",
              "Prime minister Fumio Kishida sent troops to Ishikawa prefecture.",
              "Tsunami waves reached Suzu minutes after the Noto earthquake.",
              "Rescuers in Ishikawa searched Wajima rubble for survivors."],
}
EVERYDAY = ["Officials said more details would be released later in the week.",
            "The government said it was monitoring the situation closely.",
            "Critics said the response had been slow and poorly coordinated.",
            "Local media reported that the numbers could still rise.",
            "A spokesman declined to comment further on Tuesday.",
            "Experts said the long-term costs were not yet clear.",
            "The news drew reactions from politicians across the country.",
            "Several people were taken to hospital, according to local reports."]


def _reports(events: list[str], per_event: int, *, dated: bool = True) -> pd.DataFrame:
    rows = []
    for e, event in enumerate(events):
        facts = EVENTS[event]
        for k in range(per_event):
            chosen = [facts[(k + j) % 6] for j in (0, 1, 3, 4)]
            filler = [EVERYDAY[(e + k + j) % len(EVERYDAY)] for j in (0, 3)]
            text = " ".join([chosen[0], filler[0], *chosen[1:3], filler[1], chosen[3]])
            published = pd.Timestamp("2024-01-01") + pd.Timedelta(days=30 * e + k % 2)
            rows.append((f"{event}-{k}", f"Outlet {k}", published if dated else pd.NaT, text, "left"))
    return _corpus(rows)


@pytest.mark.parametrize("events, per_event", [
    (list(EVENTS)[:4], 5),   # 20 articles, each event a fifth of the corpus
    (list(EVENTS), 5),       # 50 articles about 10 events: a story is a tenth of the corpus
    (list(EVENTS)[:2], 10),  # 20 articles, each event half of the corpus
    (["flood"], 20),         # 20 reports of one event: the whole corpus
])
def test_reports_of_one_event_are_one_story_at_any_corpus_size(events, per_event):
    matched = toolkit.match_stories(_reports(events, per_event)).set_index("article_id")
    for event in events:
        members = matched.loc[[f"{event}-{k}" for k in range(per_event)], "story"]
        assert members.nunique() == 1, (event, members.tolist())
    assert matched["story"].nunique() == len(events)


def test_a_large_corpus_keeps_its_stories_apart():
    # the 50 reports among 950 others on other days: one story each, not merged with the rest
    reports = _reports(list(EVENTS), 5)
    others = []
    for n in range(950):
        e, k = n % 10, n // 10
        text = f"{EVERYDAY[n % 8]} {EVERYDAY[(n + 3) % 8]} The council of district {n} met about item {k}."
        others.append((f"other-{n}", f"Outlet {n % 7}", pd.Timestamp("2023-01-01") + pd.Timedelta(days=n % 300), text,
                       "right"))
    corpus = pd.concat([reports, _corpus(others)], ignore_index=True)
    matched = toolkit.match_stories(corpus).set_index("article_id")
    for event in EVENTS:
        members = matched.loc[[f"{event}-{k}" for k in range(5)], "story"]
        assert members.nunique() == 1, event
        assert (matched["story"] == members.iloc[0]).sum() == 5, event


def test_undated_reports_join_a_story_only_on_close_wording():
    corpus = _reports(["flood", "strike"], 3, dated=False)
    matched = toolkit.match_stories(corpus).set_index("article_id")
    assert matched.loc[["flood-0", "flood-1", "flood-2"], "story"].nunique() == 1
    assert matched.loc["flood-0", "story"] != matched.loc["strike-0", "story"]
