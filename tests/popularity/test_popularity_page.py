"""AppTest of the Popularity page: a fresh run leads with the summary and the charts that have data, keeps the
signals not fetched yet last; URL-seeded controls (labels shown, old id links honoured); broken files named."""

from __future__ import annotations

from pathlib import Path

import responses
from streamlit.testing.v1 import AppTest

from tests.popularity.conftest import add_trends_responses

ROOT = Path(__file__).resolve().parents[2]
PAGE = "pages/popularity.py"


WAYS_IN = ("p_way_trends", "p_way_pwc", "p_way_counts")  # the "Ways to add it" expanders, drawn only while open


def run_page(params: dict | None = None, open_ways: bool = True) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.switch_page(PAGE)
    for key in WAYS_IN if open_ways else ():
        at.session_state[key] = True
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def readings(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("**") and m.value.endswith("**")]


def text(at: AppTest) -> str:
    parts = [e.value for e in at.error] + [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [w.value for w in at.warning] + [i.value for i in at.info] + [c.value for c in at.code]
    return "\n".join(str(p) for p in parts)


def walk(node):
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from walk(child)


def main_order(at: AppTest) -> list[tuple[str, str]]:
    """The main area's elements in page order, as (kind, text or key)."""
    out = []
    for node in walk(at.main):
        kind = type(node).__name__
        value = getattr(node, "value", None) if kind not in ("Block",) else None
        key = getattr(node, "key", None) or ""
        if kind == "UnknownElement" and getattr(node, "type", "") == "plotly_chart":
            out.append(("chart", key))
        elif kind in ("Markdown", "Header", "Subheader", "Info", "Caption", "Code"):
            out.append((kind.lower(), str(value)))
        elif kind == "Block" and key:
            out.append(("block", key))
    return out


def first(order: list[tuple[str, str]], predicate) -> int:
    return next(i for i, item in enumerate(order) if predicate(item))


def test_fresh_page_leads_with_the_summary_then_charts_then_empty_states():
    at = run_page()
    assert at.title[0].value == "Popularity"
    order = main_order(at)
    summary = first(order, lambda e: e[0] == "markdown" and e[1].startswith("**What each signal says"))
    first_chart = first(order, lambda e: e[0] == "chart")
    pending = first(order, lambda e: e[0] == "header" and e[1] == "Not fetched yet")
    last_chart = max(i for i, e in enumerate(order) if e[0] == "chart")
    assert summary < first_chart < pending
    assert last_chart < pending, "every chart with data comes before the first empty state"
    empty_states = [i for i, e in enumerate(order) if e[0] == "info" or (e[0] == "code" and "faceoff" in e[1])]
    assert empty_states and min(empty_states) > last_chart
    assert not at.error


def test_headings_nest_in_order_and_every_chart_has_its_table_and_text():
    at = run_page()
    kinds = [kind for kind, _ in main_order(at) if kind in ("header", "subheader")]
    assert kinds and "subheader" not in kinds, "sections are h2 under the page's h1: no skipped level"
    charts = at.get("plotly_chart")
    tables = [e for e in at.expander if e.label.startswith("Data table (")]
    assert len(tables) == len(charts), "each chart's data table is one click away"
    assert all(c.proto.alt for c in charts), "each chart has a text alternative (its reading)"


def test_summary_has_one_computed_line_per_signal_newest_first():
    at = run_page()
    summary = next(m.value for m in at.markdown if m.value.startswith("**What each signal says"))
    lines = [ln for ln in summary.splitlines() if ln.startswith("- ")]
    titles = [ln.split("**")[1] for ln in lines]
    assert titles[:5] == ["[PyPI downloads](#pypi-downloads)", "[MLPerf submissions](#mlperf)",
                          "[GitHub stars](#github-stars)", "[Conference papers](#conferences)",
                          "[Surveys and dated figures](#surveys)"]
    assert titles[5:] == ["Papers with Code", "Google Trends"]
    assert "· 2026-04-01 ·" in lines[0] and "PyTorch 87.3 M" in lines[0]
    assert "· 2025-11-12 ·" in lines[1] and "PyTorch 74 %" in lines[1]
    assert all("not fetched yet" in ln and "How to add it" in ln for ln in lines[5:])


def test_pypi_chart_reads_the_crossing_and_shows_the_index_note():
    at = run_page()
    lines = readings(at)
    assert any(line.startswith("**PyTorch's total first passed TensorFlow's total in the snapshot of 2024-05-01")
               for line in lines), lines
    assert "download.pytorch.org" in text(at)
    assert "⚑5 2024-12-01" in text(at) and "⚑6 2025-07-05: ClickHouse" in text(at)


def test_real_data_charts_carry_source_as_of_and_csv():
    at = run_page()
    assert len(at.get("plotly_chart")) >= 5
    captions = "\n".join(c.value for c in at.caption)
    assert captions.count("Source: [") >= 5 and "As of 2026-04-01" in captions and "As of 2025-11-12" in captions
    assert len(at.get("download_button")) >= 5
    lines = readings(at)
    assert any(line.startswith("**MLPerf Training v5.1 (results published 2025-11-12), closed division: 74 %")
               for line in lines)
    assert any(line.startswith("**PyTorch share of conference papers") for line in lines)


def test_pending_signals_name_their_way_in():
    at = run_page()
    assert any("python -m faceoff import trends" in c.value for c in at.code)
    assert any("python -m faceoff refresh pwc" in c.value for c in at.code)
    assert at.get("file_uploader"), "the Google Trends export upload is offered"


def test_commands_and_secrets_only_inside_for_maintainers():
    at = run_page()
    inside = [c.value for e in at.expander if e.label == "For maintainers" for c in e.code]
    inside += [c.value for e in at.expander if e.label == "For maintainers" for c in e.caption]
    assert any("refresh pwc" in c for c in inside) and any("import trends" in c for c in inside)
    outside = [c.value for c in at.code if c.value not in inside]
    outside += [t.value for t in [*at.caption, *at.markdown, *at.info, *at.warning] if t.value not in inside]
    leaks = [t for t in outside if "python -m" in t or "GOOGLE_TRENDS_API_KEY" in t or "faceoff refresh" in t]
    assert not leaks, leaks
    assert at.button(key="p_pwc_compute") and at.button(key="p_trends_pytrends")


def test_widgets_show_labels_and_old_id_links_still_work():
    at = run_page({"p_scale": "log", "p_norm": "indexed", "p_smooth": "3", "p_years": ["2018", "2022"],
                   "p_conf": ["ICLR"], "p_fw": ["pytorch", "jax"], "p_div": "open", "p_bench": "inference"})
    assert at.radio(key="p_scale").value == "log"
    assert at.radio(key="p_norm").value == "indexed"
    assert at.selectbox(key="p_smooth").value == "3"
    assert at.multiselect(key="p_fw").value == ["pytorch", "jax"]
    assert at.selectbox(key="p_div").value == "open" and at.radio(key="p_bench").value == "inference"
    assert tuple(at.slider(key="p_years").value) == (2018, 2022)
    lines = readings(at)
    assert any("in 2018 to" in line and "in 2022" in line for line in lines)
    stars = next(line for line in lines if "GitHub stars" in line)
    assert "index, first point = 100" in stars and "TensorFlow" not in stars and "JAX 100" in stars
    assert any(line.startswith("**MLPerf Inference v5.1 (results repository's first commit 2025-09-04), "
                               "open division") for line in lines)


def test_label_links_select_the_same_options():
    at = run_page({"p_fw": ["PyTorch", "JAX"], "p_div": "Open division", "p_pkg": ["Keras (keras)"]})
    assert at.multiselect(key="p_fw").value == ["pytorch", "jax"]
    assert at.selectbox(key="p_div").value == "open"
    assert at.multiselect(key="p_pkg").value == ["keras"]


def test_nonsense_url_values_are_ignored():
    at = run_page({"p_scale": "sideways", "p_smooth": "7", "p_years": ["1900", "3000"], "p_conf": ["Nope"],
                   "p_pkg": ["nope"], "p_measure": "weird", "p_div": "closed; drop"})
    assert at.radio(key="p_scale").value == "linear"
    assert at.selectbox(key="p_div").value == "closed"
    assert len(at.get("plotly_chart")) >= 5


def test_missing_snapshot_names_the_file_and_keeps_the_rest(pop_data):
    (pop_data / "popularity" / "github_stars.csv").unlink()
    at = run_page()
    assert any("data/popularity/github_stars.csv" in e.value and "missing" in e.value for e in at.error)
    assert any(line.startswith("**MLPerf Training") for line in readings(at))
    assert any("conference papers" in line for line in readings(at))


def test_corrupt_snapshot_names_the_file_and_keeps_the_rest(pop_data):
    path = pop_data / "popularity" / "conference_mentions.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",2019,", ",twenty-nineteen,", 1), encoding="utf-8")
    at = run_page()
    errors = [e.value for e in at.error]
    assert any("conference_mentions.csv" in e and "not a valid int" in e for e in errors), errors
    assert any(line.startswith("**MLPerf Training") for line in readings(at))


def test_broken_totals_file_keeps_the_package_chart(pop_data):
    path = pop_data / "popularity" / "pypi_frameworks.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("packages: [jax]", "packages: [jax, jaxlib]"),
                    encoding="utf-8")
    at = run_page({"p_pkg": ["keras"]})
    assert any("pypi_frameworks.yaml" in e.value and "double counting" in e.value for e in at.error)
    assert any(line.startswith("**Snapshot of 2026-04-01") for line in readings(at))


def test_corrupt_provenance_is_reported(pop_data):
    (pop_data / "popularity" / "pypi_top_packages.provenance.yaml").write_text("source: [unclosed\n")
    at = run_page()
    assert any("pypi_top_packages.provenance.yaml" in e.value for e in at.error)


@responses.activate
def test_trends_snapshot_moves_into_the_charts_with_its_parameters(pop_data):
    from tests.popularity.test_refresh import refresh

    add_trends_responses(responses)
    assert refresh(pop_data, "trends") == 0
    at = run_page()
    assert any("led search interest" in line for line in readings(at))
    assert "terms alpha, beta" in text(at) and "weekly" in text(at) and "partial period" in text(at)
    assert not any("refresh trends" in c.value for c in at.code), "Trends has data: no longer listed as pending"


def test_live_fetch_failure_shows_the_cause_and_keeps_the_page():
    at = run_page()
    with responses.RequestsMock(assert_all_requests_are_fired=False):  # no network: every request is refused
        at.button(key="p_trends_pytrends").click().run()
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert any(w.startswith("Google Trends did not answer just now") for w in warnings), warnings
    assert not any("Error" in w or "SourceUnavailable" in w for w in warnings), "no exception name for visitors"
    assert len(at.get("plotly_chart")) >= 5


def test_ways_in_stay_closed_until_asked_and_each_missing_signal_says_why():
    at = run_page(open_ways=False)
    assert not at.get("file_uploader"), "the upload and fetch buttons are drawn only once the visitor opens them"
    assert [e.label for e in at.expander].count("Ways to add it") == 3
    shown = text(at)
    assert "relative to one request" in shown and "about 41 MB" in shown
    table = next((m.value for m in at.markdown if m.value.startswith("| Framework |")), "")
    assert "| Published by |" in table and "](http" in table, "the PwC quotes stay visible, each with its source"
