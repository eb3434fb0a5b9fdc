"""Cleaning scraped text: furniture goes (and is kept aside), real sentences stay."""
from __future__ import annotations

import pytest

from toolkit import clean_article

BODY = ("The council voted on Tuesday to extend the curfew by two weeks.\n\n"
        "Officials said the decision followed a rise in arrests over the weekend.")


@pytest.mark.parametrize("furniture", [
    "Advertisement", "ADVERTISEMENT", "Advertisement:", "Advertisement Continue reading the main story",
    "Sign up for Daily Newsletters Manage Newsletters", "CLICK HERE TO GET THE FOX NEWS APP",
    "Click here to read the full report.", "Follow @politico", "Follow Chuck on Twitter",
    "SHARE THIS ARTICLE Share Tweet Post Email", "Share on Facebook", "Image copyright Getty Images",
    "FILE PHOTO: Immigrant children walk in single file in Tornillo, Texas. REUTERS/Mike Blake",
    "Image Jitka Vesel was killed by a man who was stalking her.", "(AP Photo/Evan Vucci)",
    "Photo: Getty Images", "READ MORE: Why the curfew matters", "Subscribe to our newsletter",
    "Story continues below", "5 hours ago", "Updated 2 days ago",
    "Enlarge this image toggle caption Scott Olson/Getty Images Scott Olson",
])
def test_furniture_lines_are_removed_and_kept(furniture):
    raw = BODY.replace("\n\n", f"\n\n{furniture}\n\n")
    cleaned = clean_article(raw)
    assert cleaned.text == BODY
    assert furniture in cleaned.removed


@pytest.mark.parametrize("sentence", [
    "Advertisement revenue fell by a fifth last year, the company said.",
    "Sign up numbers for the programme doubled in March.",
    "Download speeds have doubled since 2019.",
    "Photo ID laws were passed in several states.",
    "Follow the money, the prosecutor told the jury.",
    "Readers can click here or there, the designer joked, and still get lost.",
    "Related charges were dropped on Monday.",
    "Comments from the minister drew criticism.",
    "Share prices rose 3% after the announcement.",
    "Image is everything in politics, one adviser said.",
    "Watch what they do, not what they say, the senator said.",
    "Copyright lawsuits against the company rose sharply last year.",
    "Story highlights matter to editors, the study found.",
])
def test_real_sentences_stay(sentence):
    raw = BODY.replace("\n\n", f"\n\n{sentence}\n\n")
    cleaned = clean_article(raw)
    assert sentence in cleaned.text and cleaned.removed == ()


def test_end_of_page_block_goes_but_only_after_the_report():
    raw = BODY + "\n\nLeave a Reply\n\nYour email address will not be published.\n\nDon't Miss\n\nOther headline"
    cleaned = clean_article(raw)
    assert cleaned.text == BODY and cleaned.removed[-1] == "Other headline"
    early = "Comments\n\n" + BODY  # a marker before the report does not cut the report
    assert BODY in clean_article(early).text


def test_link_lists_inside_the_report_go_but_the_report_goes_on():
    raw = ("First paragraph of the report, long enough to be prose.\n\nRead more:\n\n"
           "Who has said what about the inquiry?\n\nInquiry testimony: four other moments\n\n"
           "In one of his calls, the director said the president asked for loyalty.")
    cleaned = clean_article(raw)
    assert "In one of his calls" in cleaned.text and "Who has said what" not in cleaned.text
    assert cleaned.removed == ("Read more:", "Who has said what about the inquiry?", "Inquiry testimony: four other moments")


@pytest.mark.parametrize("raw, dateline, credit, start", [
    ("MOSCOW: Russia said no.", "MOSCOW", None, "Russia said no."),
    ("NEW YORK (Reuters) - Lawyers said yes.", "NEW YORK", "Reuters", "Lawyers said yes."),
    ("KYIV, Ukraine (AP) — Officials said so.", "KYIV, Ukraine", "AP", "Officials said so."),
    ("Washington (CNN) — The senator left.", "Washington", "CNN", "The senator left."),
    ("Washington (CNN)The senator left.", "Washington", "CNN", "The senator left."),
    ("(Reuters) - Shares fell.", None, "Reuters", "Shares fell."),
    ("The World Health Organization (WHO) put out guidance.", None, None, "The World Health Organization (WHO)"),
    ("Sen. Rand Paul (R-KY) announced on Sunday.", None, None, "Sen. Rand Paul (R-KY)"),
    ("BREAKING: The vote failed.", None, None, "BREAKING: The vote failed."),
])
def test_dateline_and_credit(raw, dateline, credit, start):
    cleaned = clean_article(raw)
    assert (cleaned.dateline, cleaned.credit) == (dateline, credit)
    assert cleaned.text.startswith(start)


@pytest.mark.parametrize("ending, credit, kept", [
    ("of Ukraine. – AFP", "AFP", "of Ukraine."),
    ("of Ukraine.\n\n— Reuters", "Reuters", "of Ukraine."),
    ("“We will win.” — President Zelensky", None, "“We will win.” — President Zelensky"),
])
def test_credit_at_the_end(ending, credit, kept):
    cleaned = clean_article("Forces captured territory, extending control " + ending)
    assert cleaned.credit == credit and cleaned.text.endswith(kept)


def test_reports_credit_in_the_lede():
    cleaned = clean_article("Russia has firmly opposed the deployment., reports 24brussels.\n\nMore text follows here.")
    assert cleaned.credit == "24brussels"
    assert cleaned.text.startswith("Russia has firmly opposed the deployment.\n\n")


def test_title_given_is_not_repeated_in_text():
    cleaned = clean_article("Curfew Extended\n\n" + BODY, title="Curfew extended")
    assert cleaned.text == BODY and cleaned.title == "Curfew extended"


def test_headline_taken_from_first_line_only_when_it_looks_like_one():
    assert clean_article("Curfew extended for two weeks\n\n" + BODY).title == "Curfew extended for two weeks"
    assert clean_article(BODY).title is None


def test_byline_and_date_at_the_top():
    cleaned = clean_article("Curfew extended\n\nBy Jane Doe and John Roe\n\nMarch 3, 2020\n\n" + BODY)
    assert cleaned.byline == "Jane Doe and John Roe" and cleaned.date == "March 3, 2020"
    assert cleaned.text == BODY


def test_hard_wrapped_lines_are_joined_but_lines_of_their_own_stay_apart():
    cleaned = clean_article("The council voted on Tuesday to extend\nthe curfew by two weeks.\nOfficials agreed.")
    assert cleaned.text == "The council voted on Tuesday to extend the curfew by two weeks.\n\nOfficials agreed."


def test_whitespace_and_invisible_characters_are_normalised():
    cleaned = clean_article("A\u00a0non-breaking\u200b space\r\nand\tCRLF lines.\r\n\r\n\r\nNext paragraph.")
    assert cleaned.text == "A non-breaking space and CRLF lines.\n\nNext paragraph."


@pytest.mark.parametrize("furniture", [
    "This isn’t your typical Congress. | AP Photos Small ball too much for Congress",
    "Immigrant rights demonstrators came to the Supreme Court last spring. (Photo: Mark Wilson, Getty Images)",
    "Coronavirus cases in India rose to 147 on Wednesday [ Rajanish Kakade AP Photo]",
    "Monica Lewinsky | Getty Images", "Getty Images", "Read more from Reality Check", "Read more about Nato",
    "Share All sharing options for: Can Joe Biden win the nomination?",
    "Share Your Thoughts How do you think the standoff will be resolved?",
])
def test_captions_and_prompts_seen_in_real_pages(furniture):
    raw = BODY.replace("\n\n", f"\n\n{furniture}\n\n")
    assert clean_article(raw).text == BODY


def test_allsides_furniture_is_gone_after_cleaning(allsides, allsides_path):
    import json
    import re

    standalone = re.compile(r"^(?:advertisement|sign up|click here|follow @)\b", re.IGNORECASE)
    records = [json.loads(line) for line in allsides_path.read_text(encoding="utf-8").splitlines()]
    before = sum(any(standalone.match(ln.strip()) for ln in r["content_original"].split("\n")) for r in records)
    after = sum(any(standalone.match(ln.strip()) for ln in t.split("\n")) for t in allsides["text"])
    assert before > 300 and after == 0


def test_flattened_photo_galleries_are_furniture():
    gallery = ('"We will win," he told the crowd. Hide Caption 2 of 6 Photos: Who\'s running for president? '
               "Ohio Gov. John Kasich joined the field on July 21.")
    cleaned = clean_article(BODY.replace("\n\n", f"\n\n{gallery}\n\nPhotos: Shooting at a mall\n\n"))
    assert cleaned.text == BODY and len(cleaned.removed) == 2


@pytest.mark.parametrize("furniture", [
    "Story Continued Below", "Copyright © 2019 The Washington Times, LLC. Click here for reprint permission.",
    "© Copyright 2017 by Creators Syndicate Inc.", "Slideshow (4 Images)",
    "JUST WATCHED Electoral college comes under scrutiny Replay More Videos ... MUST WATCH Electoral college",
    "Media playback is unsupported on your device Media caption The lost six weeks",
    "Story highlights A spokesman for the governor says he does not support the proposal",
])
def test_players_copyright_lines_and_highlights(furniture):
    assert clean_article(BODY.replace("\n\n", f"\n\n{furniture}\n\n")).text == BODY


# --- furniture by repetition across an outlet's articles ---------------------------------------

from conftest import BRUSSELS  # noqa: E402
from toolkit.cleaning import reads_as_report, remove_repeated_lines  # noqa: E402
from toolkit.outlets import name_forms  # noqa: E402

# Real lines from the sample corpus (data/sample): background sentences of the AFP report.
BACKGROUND = ("The conflict has resulted in tens of thousands of deaths and forced millions of people to flee "
              "their homes across Ukraine.")
QUOTED = "“Russians attacked energy and gas transport infrastructure facilities in six regions,“ Ukraine’s energy ministry reported."
STORIES = [
    "Russia has firmly rejected the possibility of European peacekeeping troops deploying to Ukraine.",
    "Peskov confirmed that Russian and Ukrainian negotiating teams remain “in touch” but no date has been set.",
    "Three previous negotiation rounds in Istanbul have yielded only prisoner exchanges without substantive progress.",
    "Russian forces have captured additional territory in the Donetsk region near the heavily damaged city of Pokrovsk.",
]


def _outlet(lines_per_article: list[list[str]], outlet: str = "Christian Science Monitor", names=None):
    texts = ["\n\n".join(lines) for lines in lines_per_article]
    return remove_repeated_lines(texts, [outlet] * len(texts), {outlet: names or set()})


@pytest.mark.parametrize("box, names", [
    # furniture lines that recur in an AllSides outlet's articles (as many articles as given)
    ("Get the Monitor Stories you care about delivered to your inbox. By signing up, you agree to our Privacy Policy",
     set()),
    ("The Associated Press contributed to this report.", set()),
    ("The opinions expressed by columnists are their own and do not represent the views of Townhall.com.", set()),
    ("Every day at Vox, we aim to answer your most important questions and provide you, and our audience around the "
     "world, with information that has the power to save lives.", {"vox"}),
    ("Content created by The Daily Caller News Foundation is available without charge to any eligible news publisher "
     "that can provide a large audience.", {"daily caller", "the daily caller"}),
    ("ANALYSIS/OPINION:", set()),
    ("USA TODAY", {"usa today"}),
    ("___", set()),
])
def test_a_line_an_outlet_repeats_is_furniture_and_kept_with_its_rule(box, names):
    out = _outlet([[STORIES[i], box, STORIES[(i + 1) % 4]] for i in range(3)], names=names)
    for (text, removed), i in zip(out, range(3)):
        assert box not in text and STORIES[i] in text
        assert removed == [(box, "repeated in 3 articles of Christian Science Monitor")]


def test_two_articles_are_not_several():
    out = _outlet([[STORIES[i], "The Associated Press contributed to this report."] for i in range(2)])
    assert all(removed == [] for _, removed in out)


def test_a_repeated_sentence_of_reporting_stays():
    # a wire story's background paragraph, repeated word for word, is part of each report
    out = _outlet([[STORIES[i], BACKGROUND] for i in range(4)])
    assert all(BACKGROUND in text and removed == [] for text, removed in out)
    assert reads_as_report(BACKGROUND)


def test_a_repeated_quotation_stays():
    out = _outlet([[STORIES[i], QUOTED] for i in range(3)])
    assert all(QUOTED in text and removed == [] for text, removed in out)


def test_digits_and_dates_do_not_hide_a_repeat():
    lines = [f"Updated at {h}:0{h} a.m. ET on {day} 2{h}" for h, day in ((1, "Monday"), (2, "Tuesday"), (3, "Friday"))]
    out = _outlet([[STORIES[i], lines[i]] for i in range(3)])
    assert [removed[0][0] for _, removed in out] == lines


def test_a_newsletter_box_whose_heading_changes_goes_whole():
    # Politico's sign-up boxes: the heading differs, the sentences after it recur
    tail = ("Email Sign Up By signing up you agree to receive email newsletters or alerts from POLITICO. "
            "You can unsubscribe at any time. This site is protected by reCAPTCHA and the Google Privacy Policy "
            "and Terms of Service apply.")
    heads = ["POLITICO Playbook newsletter Sign up today to receive the #1-rated newsletter in politics.",
             "Morning Money Political intelligence on Washington and Wall Street — weekday mornings, in your inbox.",
             "POLITICO Pulse newsletter Get the latest on the health care fight, every weekday morning — in your inbox."]
    out = _outlet([[STORIES[i], f"{heads[i]} {tail}"] for i in range(3)], outlet="Politico", names={"politico"})
    for (text, removed), i in zip(out, range(3)):
        assert text == STORIES[i] and removed[0][0].startswith(heads[i])


def test_lines_opened_by_a_repeated_label_go_and_sentences_with_a_colon_stay():
    promos = ["More: 'Wait on God': Roy Moore still hasn't conceded",
              "More: Doug Jones' surprise win in the Alabama Senate race just upended the GOP agenda for 2018",
              "More: Trump hits the road to sell the tax plan"]
    sentence = "More: the council will vote again on Friday, officials said after the meeting ended."
    out = _outlet([[STORIES[i], promos[i]] for i in range(3)] + [[STORIES[3], sentence]], outlet="USA TODAY")
    assert [removed[0][1] for _, removed in out[:3]] == [
        "line opened by a label repeated in 4 articles of USA TODAY ('More')"] * 3
    assert sentence in out[3][0]


@pytest.mark.parametrize("line", [
    "Editor’s Note: This article originally appeared in the November 27, 2017, issue of National Review.",
    "This article originally appeared on VICE US.",
    "Updated at 10:32 a.m. ET",
    "Write to Byron Tau at byron.tau@wsj.com",
    "Contact us at editors@time.com.",
    "Watch the latest video at video.foxnews.com",
    "( PHOTOS: Harry Reid’s career)", "( Also on POLITICO: Senate poised to pass budget deal)",
])
def test_notes_on_the_piece_and_contact_lines_go_in_any_article(line):
    cleaned = clean_article(BODY.replace("\n\n", f"\n\n{line}\n\n"))
    assert cleaned.text == BODY and cleaned.removed == (line,)
    assert cleaned.rules[0] in ("note on the piece (first appeared elsewhere, updates)",
                                "contact or link line (e-mail or web address, handle)",
                                "page furniture (sharing, sign-up, advertising, copyright, labels)")


@pytest.mark.parametrize("line", [
    "Notice this article that originally appeared in the Chinese business publication Caixin: it tells the story.",
    "This report was published by the Pentagon on Tuesday and found no wrongdoing.",
])
def test_sentences_about_other_publications_stay(line):
    cleaned = clean_article(BODY.replace("\n\n", f"\n\n{line}\n\n"))
    assert line in cleaned.text


def test_every_removed_line_has_its_rule():
    raw = BRUSSELS.read_text(encoding="utf-8")
    cleaned = clean_article(raw)
    assert len(cleaned.rules) == len(cleaned.removed)
    assert cleaned.rules[:2] == ("repeated headline", "relative time")
    assert set(cleaned.rules[2:]) == {"end of the page (comments, promoted headlines)"}


def test_on_allsides_repeated_boxes_go_and_no_removed_line_reads_as_reporting(allsides):
    monitor = allsides[allsides["outlet"] == "Christian Science Monitor"]
    assert not monitor["text"].str.contains("delivered to your inbox").any()
    for lines, rules, outlet in zip(allsides["removed"], allsides["removed_rule"], allsides["outlet"]):
        for line, rule in zip(lines, rules):
            if rule.startswith("repeated in"):
                assert not reads_as_report(line, name_forms(outlet)), (outlet, line)


def test_furniture_above_the_headline_is_not_the_title():
    # USA TODAY pages open with a video player's "CLOSE" (a title read as "CLOSE" before)
    cleaned = clean_article("CLOSE\n\nSenate passes the budget bill\n\n" + BODY)
    assert cleaned.title == "Senate passes the budget bill"
    assert cleaned.text == BODY and cleaned.removed == ("CLOSE",)


@pytest.mark.parametrize("line", [
    "The Associated Press contributed to this report.",
    "Fox News' John Roberts and The Associated Press contributed to this report.",
    "• Tom Howell Jr. and David Sherfinski contributed to this report.",
    "Nathaniel Weixel contributed.",
    "Contributing: David Jackson, USA TODAY",
])
def test_reporting_credits_go_in_any_article(line):
    cleaned = clean_article(BODY.replace("\n\n", f"\n\n{line}\n\n"))
    assert cleaned.text == BODY and cleaned.rules == ("reporting credit (… contributed to this report)",)


def test_a_label_without_a_space_after_its_colon_is_a_label():
    promos = ["More:Brett Kavanaugh was 'belligerent and aggressive' drinker, Yale classmate says",
              "More:Here are the five allegations made against the Supreme Court nominee",
              "More:What we know about the FBI background check"]
    out = _outlet([[STORIES[i], promos[i]] for i in range(3)], outlet="USA TODAY")
    assert all(removed and removed[0][0] == promos[i] for i, (_, removed) in enumerate(out))
