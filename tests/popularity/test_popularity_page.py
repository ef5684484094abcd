"""AppTest of the Popularity page: real data, URL-seeded controls, missing and corrupt snapshots, live-fetch failure."""

from __future__ import annotations

from pathlib import Path

import responses
from streamlit.testing.v1 import AppTest

from tests.popularity.conftest import add_trends_responses

ROOT = Path(__file__).resolve().parents[2]
PAGE = "pages/popularity.py"


def run_page(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page(PAGE)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def readings(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("**")]


def text(at: AppTest) -> str:
    parts = [e.value for e in at.error] + [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [w.value for w in at.warning] + [i.value for i in at.info] + [c.value for c in at.code]
    return "\n".join(str(p) for p in parts)


def test_real_data_shows_five_signals_with_sources():
    at = run_page()
    assert at.title[0].value == "Popularity"
    assert len(at.get("plotly_chart")) >= 5
    lines = readings(at)
    assert any(line.startswith("**PyTorch share of conference papers") for line in lines)
    assert any("GitHub stars" in line for line in lines) and any("PyPI downloads" in line for line in lines)
    assert any("Published quotes, not a series" in line for line in lines)
    assert any("survey" in line for line in lines)
    captions = "\n".join(c.value for c in at.caption)
    assert captions.count("Source: [") >= 5 and "CC-BY-SA-4.0" in captions and "As of " in captions
    assert len(at.get("download_button")) >= 5
    assert not at.error


def test_empty_trends_state_names_the_refresh_command():
    at = run_page()
    assert any("No Google Trends snapshot yet" in i.value for i in at.info)
    assert any("python -m faceoff refresh trends" in c.value for c in at.code)
    assert at.button(key="pop_live_trends")


def test_url_seeds_every_control():
    at = run_page({"p_scale": "log", "p_norm": "indexed", "p_smooth": "3", "p_years": ["2018", "2022"],
                   "p_conf": ["ICLR"], "p_fw": ["pytorch", "jax"]})
    assert at.radio(key="p_scale").value == "log"
    assert at.radio(key="p_norm").value == "indexed"
    assert at.selectbox(key="p_smooth").value == 3
    assert tuple(at.slider(key="p_years").value) == (2018, 2022)
    assert at.multiselect(key="p_conf").value == ["ICLR"]
    lines = readings(at)
    assert any("in 2018 to" in line and "in 2022" in line for line in lines)
    stars = next(line for line in lines if "GitHub stars" in line)
    assert "index, first point = 100" in stars and "TensorFlow" not in stars and "JAX 100" in stars


def test_nonsense_url_values_are_ignored():
    at = run_page({"p_scale": "sideways", "p_smooth": "7", "p_years": ["1900", "3000"], "p_conf": ["Nope"]})
    assert at.radio(key="p_scale").value == "linear"
    assert len(at.get("plotly_chart")) >= 5


def test_missing_snapshot_names_the_file_and_keeps_the_rest(pop_data):
    (pop_data / "popularity" / "github_stars.csv").unlink()
    at = run_page()
    assert any("data/popularity/github_stars.csv" in e.value and "missing" in e.value for e in at.error)
    assert any("PyPI downloads" in line for line in readings(at))
    assert any("conference papers" in line for line in readings(at))


def test_corrupt_snapshot_names_the_file_and_keeps_the_rest(pop_data):
    path = pop_data / "popularity" / "conference_mentions.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",2019,", ",twenty-nineteen,", 1), encoding="utf-8")
    at = run_page()
    errors = [e.value for e in at.error]
    assert any("conference_mentions.csv" in e and "not a valid int" in e for e in errors), errors
    assert any("PyPI downloads" in line for line in readings(at))


def test_corrupt_provenance_is_reported(pop_data):
    (pop_data / "popularity" / "pypi_downloads.provenance.yaml").write_text("source: [unclosed\n")
    at = run_page()
    assert any("pypi_downloads.provenance.yaml" in e.value for e in at.error)


@responses.activate
def test_trends_snapshot_is_charted_with_its_parameters(pop_data):
    from tests.popularity.test_refresh import refresh

    add_trends_responses(responses)
    assert refresh(pop_data, "trends") == 0
    at = run_page()
    assert any("led search interest" in line for line in readings(at))
    assert "terms alpha, beta" in text(at) and "weekly" in text(at) and "partial period" in text(at)


def test_live_fetch_failure_shows_the_cause_and_keeps_the_page():
    at = run_page()
    with responses.RequestsMock(assert_all_requests_are_fired=False):  # no network: every request is refused
        at.button(key="pop_live_trends").click().run()
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert any(w.startswith("Live fetch failed: Google Trends:") for w in warnings), warnings
    assert len(at.get("plotly_chart")) >= 5
