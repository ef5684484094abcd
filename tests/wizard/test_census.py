"""The census (``recommend --census``): exact against the scorer, every question matters, the CLI output."""

from __future__ import annotations

import itertools
import json
import random

import pytest

from faceoff.cli import main
from faceoff.registry import load_dataset
from faceoff.wizard.census import NO_ANSWERS, NONE, make_census, winner_grid
from faceoff.wizard.explain import confidence_word
from faceoff.wizard.model import parse_answers
from faceoff.wizard.scoring import recommend
from faceoff.wizard.terms import ScoreTable


def combinations(wizard):
    for combo in itertools.product(*[q.option_ids for q in wizard.questions]):
        yield dict(zip([q.id for q in wizard.questions], combo, strict=True))


def test_census_equals_the_scorer_on_every_fixture_combination(tiny):
    wizard, matrix = tiny
    census = make_census(wizard, matrix)
    wins: dict[str, int] = {}
    words: dict[str, int] = {}
    per: dict[tuple[str, str], dict[str, int]] = {}
    for answers in combinations(wizard):
        rec = recommend(wizard, matrix, answers, with_flips=False)
        key = NO_ANSWERS if rec.decision.stage == "no-answers" else rec.recommended or NONE
        wins[key] = wins.get(key, 0) + 1
        words[rec.model_confidence] = words.get(rec.model_confidence, 0) + 1
        for q, a in answers.items():
            per.setdefault((q, a), {})
            per[(q, a)][key] = per[(q, a)].get(key, 0) + 1
    assert census.combinations == 3 * 3 * 4  # each question's options plus its unanswered one
    assert census.wins[NO_ANSWERS] == 1  # only "nothing answered" recommends nothing
    assert census.wins == wins
    assert census.per_answer == per
    assert census.confidence == words


def test_census_winner_per_combination_on_real_data():
    """A random sample of real combinations: the census grid's winner is the recommendation's, cell by cell."""
    wizard, matrix = load_dataset("wizard").value, load_dataset("matrix").value
    table = ScoreTable(wizard, matrix)
    grid, levels = winner_grid(wizard, table)
    words = [c.word for c in wizard.confidence] + [wizard.settings.no_fit_word, ""]
    rng = random.Random(13)
    for _ in range(300):
        index = tuple(rng.randrange(len(q.options)) for q in wizard.questions)
        answers = {q.id: q.options[i].id for q, i in zip(wizard.questions, index, strict=True)}
        rec = recommend(wizard, matrix, answers, with_flips=False)
        assert ([*table.frameworks, None, None][grid[index]], words[levels[index]]) == (
            rec.recommended, rec.model_confidence), answers


def test_every_question_changes_the_winner_on_real_data():
    wizard, matrix = load_dataset("wizard").value, load_dataset("matrix").value
    census = make_census(wizard, matrix)
    assert census.inert_questions == ()
    total = 1
    for q in wizard.questions:
        total *= len(q.options)
        assert sum(sum(census.per_answer[(q.id, o)].values()) for o in q.option_ids) == census.combinations
    assert census.combinations == total == sum(census.wins.values())
    # no framework wins (nearly) everything any more: each wins a real share of the answers
    assert all(census.share(fw.id) > 0.05 for fw in matrix.frameworks)


def test_an_inert_answer_is_reported(tiny):
    """An answer that never changes the winner compared with its default is listed; a question can be inert."""
    wizard, matrix = tiny
    census = make_census(wizard, matrix)
    for q, a in census.inert_answers:
        default = wizard.question(q).default
        for answers in combinations(wizard):
            if answers[q] == a:
                assert (recommend(wizard, matrix, answers, with_flips=False).recommended
                        == recommend(wizard, matrix, answers | {q: default}, with_flips=False).recommended)


def test_census_cli_text_and_json(wizard_data, capsys):
    assert main(["recommend", "--census"]) == 0
    text = capsys.readouterr().out
    assert "36 answer combinations" in text
    assert "Share of all combinations won:" in text and "Answers that never change the winner" in text
    assert main(["recommend", "--census", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["combinations"] == 36
    assert sum(data["share"].values()) == pytest.approx(1)
    assert set(data["per_answer"]) == {"goal=learn", "goal=ship", "target=server", "target=phone", "team=none",
                                       "team=alpha", "team=gamma", "goal=unanswered", "target=unanswered",
                                       "team=unanswered"}  # unanswered counts as an option
    assert data["share"]["no-answers"] == pytest.approx(1 / 36, abs=1e-4)


def test_confidence_word_uses_the_target_lead_when_targets_decide(tiny):
    wizard, _ = tiny
    assert confidence_word(wizard, 0.0, 2) == "high"  # fixture levels: target lead 2 high, 1 medium
    assert confidence_word(wizard, 0.5, 1) == "medium"
    assert confidence_word(wizard, 0.5, 0) == "high"


def test_real_cli_answers_use_labels_too():
    wizard = load_dataset("wizard").value
    assert parse_answers(wizard, {"w_deploy": "Microcontrollers"}) == parse_answers(
        wizard, {"deploy": "microcontrollers"})
