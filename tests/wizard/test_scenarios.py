"""The seed articles' scenario advice, run against the real data: what current evidence says, disagreements documented.

Each row: the article advice (seed file, paraphrased), the answers that express the scenario, what the articles
recommend, and what the wizard recommends from the current matrix. Rows where the two differ are the documented
disagreements listed (by id) in docs/wizard.md.
"""

from __future__ import annotations

import re

import pytest

from faceoff.registry import load_dataset
from faceoff.wizard.model import parse_answers
from faceoff.wizard.scoring import recommend
from tests.conftest import ROOT

# (id, seeds, advice, answers, article_says, evidence_says)
SCENARIOS = [
    ("learning", "002, 004", "Learning and exploration: PyTorch",
     {"role": "learning"}, "pytorch", "pytorch"),
    ("academic-research", "000, 002, 003, 004", "Academic research: PyTorch",
     {"role": "research"}, "pytorch", "pytorch"),
    ("quick-prototyping", "002, 004", "Quick prototyping: PyTorch",
     {"role": "research", "priority": "prototyping"}, "pytorch", "pytorch"),
    ("debugging", "000, 003", "Prioritise ease of debugging: PyTorch",
     {"priority": "debugging"}, "pytorch", "pytorch"),
    ("nlp-research", "000", "Research in NLP, CV or RL: PyTorch",
     {"role": "research", "domain": "nlp-llm"}, "pytorch", "pytorch"),
    ("mobile-app-004", "004", "Mobile applications: prefer PyTorch",
     {"role": "production", "deploy": "mobile"}, "pytorch", "pytorch"),
    ("large-scale-deployment", "000, 001, 002, 004", "Large-scale deployment: TensorFlow",
     {"role": "production", "deploy": "cloud-servers", "scale": "multi-node", "priority": "robustness"},
     "tensorflow", "pytorch"),
    ("mobile-edge", "002", "Mobile/edge applications: TensorFlow",
     {"role": "production", "deploy": "edge"}, "tensorflow", "pytorch"),
    ("iot-embedded", "004", "IoT or embedded systems: TensorFlow (TFLite)",
     {"role": "production", "deploy": "microcontrollers"}, "tensorflow", "pytorch"),
    ("mobile-audio", "004", "Mobile with audio or video input: TensorFlow",
     {"role": "production", "deploy": "mobile", "domain": "audio"}, "tensorflow", "pytorch"),
    ("rl-research", "004", "Reinforcement learning research: TensorFlow might be better",
     {"role": "research", "domain": "rl"}, "tensorflow", "pytorch"),
    ("beginner-keras", "004", "Beginners should start with Keras (TensorFlow)",
     {"role": "learning", "priority": "prototyping"}, "tensorflow", "pytorch"),
    ("recommendation-systems", "000", "Recommendation systems and large-scale production: TensorFlow",
     {"role": "production", "domain": "recsys", "deploy": "cloud-servers"}, "tensorflow", "pytorch"),
    ("raw-performance", "000, 004", "Performance optimisation is critical: TensorFlow",
     {"role": "production", "priority": "performance"}, "tensorflow", "pytorch"),
]

# The default answers, then every answer changed one at a time: the evidence gives PyTorch throughout
# (the smallest change that flips the default needs two answers, see test_default_needs_two_changes_to_flip).
ONE_AT_A_TIME_EXCEPTIONS: dict[tuple[str, str], str] = {}


@pytest.fixture(scope="module")
def real():
    return load_dataset("wizard").value, load_dataset("matrix").value


@pytest.mark.parametrize(("sid", "seeds", "advice", "answers", "article", "evidence"), SCENARIOS,
                         ids=[s[0] for s in SCENARIOS])
def test_scenario_advice(real, sid, seeds, advice, answers, article, evidence):
    wizard, matrix = real
    rec = recommend(wizard, matrix, parse_answers(wizard, answers), with_flips=False)
    assert rec.recommended == evidence, f"{sid}: {advice} (seeds {seeds})"


def test_disagreements_are_documented():
    doc = (ROOT / "docs" / "wizard.md").read_text(encoding="utf-8")
    section = doc.split("### Where the wizard disagrees with the articles", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^- `([a-z0-9-]+)`", section, flags=re.MULTILINE))
    disagreements = {s[0] for s in SCENARIOS if s[4] != s[5]}
    assert disagreements, "the table must record the articles' advice that evidence no longer supports"
    assert disagreements <= documented, f"undocumented disagreements: {disagreements - documented}"
    agreements = {s[0] for s in SCENARIOS if s[4] == s[5]}
    assert not agreements & documented, "a scenario listed as a disagreement now agrees: update docs/wizard.md"


def test_default_answers(real):
    wizard, matrix = real
    rec = recommend(wizard, matrix, wizard.defaults)
    assert rec.recommended == "pytorch"
    assert all(s.eligible for s in rec.ranking)


def test_change_one_answer_at_a_time(real):
    wizard, matrix = real
    seen = 0
    for q in wizard.questions:
        for option in q.option_ids:
            answers = wizard.defaults | {q.id: option}
            rec = recommend(wizard, matrix, answers, with_flips=False)
            expected = ONE_AT_A_TIME_EXCEPTIONS.get((q.id, option), "pytorch")
            assert rec.recommended == expected, f"{q.id}={option}"
            seen += 1
    assert seen == sum(len(q.options) for q in wizard.questions)


def test_default_needs_two_changes_to_flip(real):
    wizard, matrix = real
    rec = recommend(wizard, matrix, wizard.defaults)
    assert rec.flips and {len(f.changes) for f in rec.flips} == {2}


def test_team_experience_can_outweigh_small_rating_gaps(real):
    """Switching costs are modelled: a TensorFlow team shipping on servers is told to stay with TensorFlow."""
    wizard, matrix = real
    answers = parse_answers(wizard, {"role": "production", "deploy": "cloud-servers", "experience": "tensorflow"})
    rec = recommend(wizard, matrix, answers)
    assert rec.recommended == "tensorflow"
    assert rec.confidence in {"low", "medium"}
    assert any(c.kind == "bonus" for c in rec.score_of("tensorflow").reasons(5))


def test_hard_constraints_on_real_data_rule_out(real):
    """Whatever the ratings, a framework ruled out by an answer is never recommended for it."""
    wizard, matrix = real
    for q in wizard.questions:
        for opt in q.options:
            if not opt.requires:
                continue
            rec = recommend(wizard, matrix, wizard.defaults | {q.id: opt.id}, with_flips=False)
            for s in rec.ranking:
                if not s.eligible:
                    assert rec.recommended != s.framework
                    assert {e.question for e in s.exclusions} == {q.id}
