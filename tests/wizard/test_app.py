"""AppTest: the sidebar wizard on the default page and the Recommendation page, seeded through the URL."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest

from faceoff.registry import load_dataset
from faceoff.wizard.model import parse_answers
from faceoff.wizard.scoring import recommend
from tests.conftest import ROOT


def run_app(params: dict[str, str], page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if page:
        at.switch_page(page)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def expected(params: dict[str, str]):
    wizard, matrix = load_dataset("wizard").value, load_dataset("matrix").value
    rec = recommend(wizard, matrix, parse_answers(wizard, params, strict=False), with_flips=False,
                    panel=load_dataset("wizard-scenarios").value)
    names = {fw.id: fw.name for fw in matrix.frameworks}
    return wizard, rec, names


def sidebar_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.sidebar.markdown)


def test_no_answers_invites_the_first_one():
    """#21.1: nothing answered, nothing recommended; never "for your answers"; questions all unanswered."""
    at = run_app({})
    wizard, rec, _ = expected({})
    assert rec.recommended is None
    assert not at.sidebar.selectbox, "with nothing answered the questions stay folded (their code is not loaded)"
    folded = at.sidebar.expander[0]
    assert folded.label == f"Answer {len(wizard.questions)} questions"
    text = sidebar_text(at)
    assert "**No answers yet.** Answer any question below" in text
    at.session_state["wizard_questions"] = True  # the visitor unfolds them
    at.run()
    for q in wizard.questions:
        assert at.selectbox(key=q.key).value == q.default
        assert q.option(q.default).label in ("Not sure yet", "Not sure / several", "Not answered", "No preference")
    assert "for your answers" not in text.lower() and "confidence" not in text
    page = run_app({}, "pages/recommendation.py")
    main_md = "\n".join(m.value for m in page.main.markdown)
    assert "## No answers yet" in main_md and "Decided by" not in main_md
    captions = " ".join(c.value for c in page.main.caption)
    assert "**When nothing is known:** Over all" in captions and "Faceoff recommends PyTorch for" in captions


def test_decided_by_never_names_an_unanswered_question():
    """The issue's case: goal production, mobile, TPU; the old presets (vision, prototyping) must not decide."""
    params = {"w_role": "production", "w_deploy": "mobile", "w_hw": "tpu"}
    at = run_app(params, "pages/recommendation.py")
    wizard, rec, _ = expected(params)
    decided = next(m.value for m in at.main.markdown if m.value.startswith("Decided by"))
    for q in wizard.questions:
        if q.key not in params:
            assert q.label not in decided, decided
    assert "Main problem domain" not in decided and "prototype" not in decided
    captions = " ".join(c.value for c in at.main.caption)
    assert "Not answered, so they count for nothing: Main problem domain;" in captions
    assert set(rec.unanswered) == {q.id for q in wizard.questions if q.key not in params}


def test_phone_entry_on_every_page_but_the_recommendation_page():
    """#21.3: a labelled way to the questions in the main area (shown by CSS at narrow widths only)."""
    at = run_app({"w_role": "research"}, "pages/claims.py")
    labels = {el.proto.label: parse_qs(el.proto.query_string) for el in at.main.get("page_link")}
    assert labels["Which framework for you? Answer a few questions"] == {"w_role": ["Research"]}
    rec_page = run_app({"w_role": "research"}, "pages/recommendation.py")
    assert "Which framework for you? Answer a few questions" not in [el.proto.label
                                                                     for el in rec_page.main.get("page_link")]
    # there the questions are in the main area, not the sidebar (one widget per key)
    assert [s.key for s in rec_page.main.selectbox][:2] == ["w_role", "w_domain"]
    assert not rec_page.sidebar.selectbox


@pytest.mark.parametrize("params", [
    {"w_role": "production", "w_deploy": "cloud-servers", "w_exp": "tensorflow"},
    {"w_role": "research", "w_domain": "scientific", "w_hw": "tpu", "w_exp": "jax"},
    {"w_role": "production", "w_deploy": "microcontrollers", "w_code": "pytorch"},
], ids=["tf-team-servers", "jax-team-tpu", "mcu-pytorch-code"])
def test_sidebar_wizard_on_default_page(params):
    """Links in the id form (every link shared before the sidebar showed labels) select the same answers."""
    at = run_app(params)
    wizard, rec, names = expected(params)
    for q in wizard.questions:
        assert at.selectbox(key=q.key).value == params.get(q.key, q.default)
    assert f"**{names[rec.recommended]}** · {rec.confidence} confidence" in sidebar_text(at)
    assert at.button(key="wizard_reset") is not None


def test_sidebar_shows_labels_and_reads_label_links():
    """The options read "Not deployed (notebooks)", "NVIDIA GPU", never ids; label links work too, and so do links
    with a label used before it was shortened ("Shipping a product (production)")."""
    wizard = load_dataset("wizard").value
    by_label = {"w_deploy": "Microcontrollers", "w_hw": "Google TPU", "w_role": "Shipping a product (production)"}
    at = run_app(by_label)
    for q in wizard.questions:
        box = at.selectbox(key=q.key)
        assert box.options == [o.label for o in q.options]
        assert not {"none", "nvidia-gpu", "cloud-servers", "unanswered"} & set(box.options)
        assert all(len(label) <= 28 for label in box.options)  # readable in full in the sidebar
    assert at.selectbox(key="w_deploy").value == "microcontrollers"
    assert at.selectbox(key="w_hw").value == "tpu"
    assert at.selectbox(key="w_role").value == "production"
    _, rec, names = expected({"w_deploy": "microcontrollers", "w_hw": "tpu", "w_role": "production"})
    assert f"**{names[rec.recommended]}** · {rec.confidence} confidence" in sidebar_text(at)


def test_nonsense_url_values_fall_back_to_defaults():
    params = {"w_role": "<script>alert(1)</script>", "w_hw": "quantum", "w_deploy": "", "w_zzz": "1",
              "w_scale": "multi-node"}
    at = run_app(params)
    wizard, rec, names = expected({"w_scale": "multi-node"})
    assert rec.given == {"scale": "multi-node"}
    for q in wizard.questions:
        assert at.selectbox(key=q.key).value == ("multi-node" if q.key == "w_scale" else q.default)
    assert f"**{names[rec.recommended]}**" in sidebar_text(at)
    assert "<script>" not in sidebar_text(at)


def test_recommendation_page_explains_the_seeded_answers():
    params = {"w_role": "production", "w_deploy": "mobile", "w_exp": "tensorflow"}
    at = run_app(params, "pages/recommendation.py")
    wizard, rec, names = expected(params)
    main_md = "\n".join(m.value for m in at.main.markdown)
    assert f"## {names[rec.recommended]}" in main_md
    assert f"-badge[{rec.confidence} confidence]" in main_md
    assert "What would change it" in [h.value for h in at.main.subheader]
    assert "If **" in main_md  # at least one flip, in plain words
    # every reason of the winner links to its matrix row
    links = {el.proto.label: parse_qs(el.proto.query_string) for el in at.main.get("page_link")}
    matrix = load_dataset("matrix").value
    for c in rec.score_of(rec.recommended).reasons(wizard.settings.reasons_shown):
        name = matrix.criterion(c.criterion).name  # the link carries the label the matrix page's widget shows
        assert links[f"Matrix row: {name}"] == {"m_crit": [name]}
    # JAX is ruled out for mobile apps by the evidence (experimental conversion only): the caveat says so
    if not rec.score_of("jax").eligible:
        assert any("JAX is ruled out" in w.value for w in at.main.warning)
    answers = at.main.dataframe[0].value
    assert list(answers["Your answer"])[:3] == ["Shipping a product", "not answered", "Mobile apps (Android, iOS)"]
    assert list(answers["For the CLI"])[:3] == ["role=production", "", "deploy=mobile"]


def test_recommendation_page_names_the_deciding_answer_scenario_and_census_share():
    params = {"w_role": "production", "w_deploy": "microcontrollers"}
    at = run_app(params, "pages/recommendation.py")
    _, rec, _ = expected(params)
    main_md = "\n".join(m.value for m in at.main.markdown)
    assert "Decided by your answer “Where the model runs: Microcontrollers”: TensorFlow" in main_md
    panel = load_dataset("wizard-scenarios").value
    scenario = panel.scenario(rec.closest)
    assert scenario.id == "microcontrollers" and f"**{scenario.title}**" in main_md
    assert scenario.rationale in [m.value for m in at.main.markdown]
    assert scenario.sources[0].url in main_md
    downloads = [el.proto.label for el in at.main.get("download_button")]
    assert downloads == ["Decision record (Markdown)", "Decision record (HTML)"]
    captions = [c.value for c in at.main.caption]
    assert any(c.startswith("For ") and "possible combinations of answers Faceoff recommends TensorFlow" in c
               for c in captions)


def test_recommendation_page_shows_a_split_side_by_side():
    params = {"w_role": "production", "w_deploy": "browser"}
    at = run_app(params, "pages/recommendation.py")
    _, rec, names = expected(params)
    assert rec.alternatives and rec.confidence != "high"
    assert "The evidence is split" in [h.value for h in at.main.subheader]
    main_md = "\n".join(m.value for m in at.main.markdown)
    for fw in rec.alternatives:
        assert f"**{names[fw]}**" in main_md
    assert any(w.value.startswith("Confidence lowered from high") for w in at.main.info)


def test_recommendation_page_with_everything_ruled_out_or_odd_values():
    at = run_app({"w_hw": "apple-silicon", "w_deploy": "microcontrollers", "w_prio": "nonsense"},
                 "pages/recommendation.py")
    assert at.main.subheader
