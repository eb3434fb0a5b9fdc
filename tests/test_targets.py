"""The model of sentiment toward a target, its features and the shipped weights: toolkit.targets."""
from __future__ import annotations

import numpy as np
import pytest

from toolkit.targets import LABELS, N_DENSE, SentenceFeatures, mention_features, probabilities, target_model

SENTENCES = [
    ("McCain urged Republicans not to filibuster, but Reid slammed the delay.", ["McCain", "Republicans", "Reid"]),
    ("“He is a disgrace,” Smith said of Jones, whom critics of the plan praised.", ["Smith", "Jones"]),
    ("The ministry said nothing.", ["ministry"]),
    ("Obama Obama Obama met Obama.", ["Obama"]),
]


def _spans(text: str, names: list[str]):
    for name in names:
        start = text.index(name)
        yield start, start + len(name)


def test_the_shipped_model_is_whole():
    model = target_model()
    n = len(model.index)
    assert model.weights.shape == (n, len(LABELS)) and model.dense.shape == (N_DENSE, 3) and model.intercept.shape == (3,)
    assert sorted(model.index.values()) == list(range(n))
    assert np.isfinite(model.weights).all() and np.isfinite(model.dense).all()
    every, clause = model.word_rows
    assert all(model.index[f"W_{w}"] == row for w, row in every.items())
    assert all(model.index[f"C_{w}"] == row for w, row in clause.items())


@pytest.mark.parametrize("text, names", SENTENCES)
def test_the_fast_rows_are_the_features_fitting_uses(text, names):
    """Scoring looks features up row by row, once a sentence; fitting names them: the same."""
    model = target_model()
    shared = SentenceFeatures(text)
    for start, end in _spans(text, names):
        named, dense = mention_features(text, start, end)
        rows, numbers = shared.rows(start, end, model)
        assert sorted(rows) == sorted({model.index[f] for f in named if f in model.index})
        assert len(rows) == len(set(rows))
        np.testing.assert_allclose(np.array(numbers), dense)


def test_two_mentions_in_one_sentence_have_features_of_their_own():
    text, names = SENTENCES[0]
    (a, b), (c, d) = list(_spans(text, names))[0], list(_spans(text, names))[2]
    first, _ = mention_features(text, a, b)
    last, _ = mention_features(text, c, d)
    assert "R1_urged" in first and "L1_but" in last and "R1_slammed" in last
    assert "W_mccain" not in first and "W_mccain" in last, "a mention's own words are not its context"


def test_probabilities_add_up_to_one_and_evidence_pushed_toward_the_label():
    model = target_model()
    text, names = SENTENCES[0]
    shared = SentenceFeatures(text)
    found = [shared.rows(s, e, model) for s, e in _spans(text, names)]
    rows = [r for mention, _ in found for r in mention]
    scores = model.scores(rows, [len(m) for m, _ in found], np.array([d for _, d in found]))
    p = probabilities(scores)
    assert p.shape == (3, 3) and np.allclose(p.sum(axis=1), 1) and ((p > 0) & (p < 1)).all()
    for (mention, _), label in zip(found, p.argmax(axis=1)):
        evidence = model.explain(mention, int(label))
        assert all(word and weight > 0 for word, weight in evidence)
        assert [w for _, w in evidence] == sorted((w for _, w in evidence), reverse=True)
