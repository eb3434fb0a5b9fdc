"""The names an outlet calls itself by (its name's forms, its web domain, its staff): toolkit.outlets."""
from __future__ import annotations

import pandas as pd
import pytest

from toolkit.outlets import name_forms, own_names, url_forms


@pytest.mark.parametrize("name, forms", [
    ("CNN (Web News)", {"cnn"}),  # what the feed adds in brackets is not the name
    ("Fox Online News", {"fox online news", "fox news", "fox"}),  # descriptive words and "news" dropped in turn
    ("New York Times", {"new york times", "nyt"}),  # three words or more: their initials too
    ("The Washington Post", {"the washington post", "washington post"}),
    ("Reuters - World", {"reuters"}),  # a qualifier after a dash is not the name
    ("The Hill", {"the hill"}),  # "hill" alone is a word first: only as a term of its own (own_names)
    ("AP", set()),  # shorter than three letters: too often another word
    ("", set()),
])
def test_name_forms(name, forms):
    assert name_forms(name) == forms


@pytest.mark.parametrize("url, forms", [
    ("https://www.nytimes.com/2020/x.html", {"nytimes", "nytimes.com"}),
    ("edition.cnn.com/a", {"edition.cnn.com", "cnn", "cnn.com"}),  # a sub-domain names the outlet by its domain
    ("localhost/x", set()),
    ("", set()),
    (None, set()),
])
def test_url_forms(url, forms):
    assert url_forms(url) == forms


def test_own_names_come_from_the_name_the_domain_and_the_people_who_write():
    articles = pd.DataFrame({"article_id": ["1", "2", "3"], "outlet": ["The Hill", "The Hill", None],
                             "url": ["https://thehill.com/a", None, "https://x.org/b"],
                             "byline": ["By Jane Doe and John Roe", "Hill Staff", "A B"]})
    before = articles.copy()
    table = own_names(articles)
    assert list(table.columns) == ["group", "form", "source", "whole"]
    assert set(table["group"]) == {"The Hill"}, "an article without a group names no group"
    forms = {(row.form, row.source, row.whole) for row in table.itertuples(index=False)}
    assert {("the hill", "outlet", True), ("hill", "outlet", False), ("thehill.com", "domain", True),
            ("jane doe", "byline", True), ("doe", "byline", False), ("john roe", "byline", True)} <= forms
    assert not any("staff" in form for form, _, _ in forms), "'Hill Staff' is not a person"
    assert not table.duplicated(["group", "form"]).any()
    assert "jane doe" not in set(own_names(articles, bylines=False)["form"])
    pd.testing.assert_frame_equal(articles, before)


def test_a_group_of_several_outlets_gets_the_forms_of_each():
    articles = pd.DataFrame({"article_id": ["1", "2"], "outlet": ["New York Times", "Fox Online News"],
                             "bias_text": ["any", "any"]})
    forms = set(own_names(articles, by="bias_text", bylines=False)["form"])
    assert {"nyt", "fox news"} <= forms
    with pytest.raises(ValueError, match="no column 'desk'"):
        own_names(articles, by="desk")
