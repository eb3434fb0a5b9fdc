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
