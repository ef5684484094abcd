"""Head-to-head and Claims check in AppTest (fixture data): human labels, old and new links, details, rubric."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def run_page(page: str, params: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page(page)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def main_text(at: AppTest) -> str:
    parts = [m.value for m in at.main.markdown] + [c.value for c in at.main.caption]
    parts += [i.value for i in at.main.info] + [w.value for w in at.main.warning]
    return "\n".join(str(p) for p in parts)


def matches(at: AppTest) -> str:
    return next(m.value for m in at.main.markdown if "criteria match" in m.value or "claims match" in m.value)


def compact(at: AppTest) -> pd.DataFrame:
    """The compact table as the visitor reads it: header cells, then each row's cells, as text."""
    body = next(b for b in html_bodies(at) if "fo-table" in b)
    rows = [[html.unescape(re.sub(r"<[^>]+>", "", cell)) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr)]
            for tr in re.findall(r"<tr>(.*?)</tr>", body)]
    return pd.DataFrame(rows[1:], columns=rows[0])


def criterion_links(at: AppTest) -> dict[str, dict[str, list[str]]]:
    """Each criterion name's link in the table: name -> its query parameters."""
    body = next(b for b in html_bodies(at) if "fo-table" in b)
    return {name: parse_qs(urlparse(html.unescape(href)).query)
            for href, name in re.findall(r'<th scope="row"><a href="([^"]*)"[^>]*>(.*?)</a>', body)}


def test_filters_but_the_search_are_folded_and_not_sent_until_opened(fixture_data):
    at = run_page("pages/matrix.py")
    assert next(e.label for e in at.main.expander).startswith("More filters and the full-text view")
    assert [t.label for t in at.text_input] == ["Search"]
    assert not at.multiselect and not at.radio and not at.toggle  # folded: sent only when the visitor opens them
    assert [s.key for s in at.selectbox] == ["m_sel"]


def test_a_link_with_folded_filters_opens_them_and_names_them(fixture_data):
    at = run_page("pages/matrix.py", {"m_cat": "speed", "m_diff": "true"})
    assert at.multiselect(key="m_cat").value == ["speed"] and at.toggle(key="m_diff").value
    assert "In effect: Categories: Speed · Only where they differ." in main_text(at)
    plain = run_page("pages/matrix.py", {"m_q": "compil"})  # the search is in view: no folded filter to name
    assert "In effect" not in main_text(plain)


def test_matrix_widgets_show_labels_and_return_ids(fixture_data):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page("pages/matrix.py")
    at.session_state["m_more"] = True  # the visitor opens "More filters"
    at.run()
    fw = at.multiselect(key="m_fw")
    assert fw.options == ["Alpha", "Beta"]
    assert fw.value == ["alpha", "beta"]
    assert at.selectbox(key="m_lead").options == ["Any", "Alpha", "Beta", "Tie"]
    assert at.selectbox(key="m_sort").options[:2] == ["Category order", "Criterion name (A–Z)"]
    assert at.selectbox(key="m_crit").options == ["All criteria", "Eager mode", "Compiler", "Profiler"]
    assert at.multiselect(key="m_cat").options == ["Basics", "Speed"]
    assert at.radio(key="m_view").options == ["Compact", "Full text"]


def test_compact_table_by_default_ratings_then_leads_then_summaries(fixture_data):
    at = run_page("pages/matrix.py")
    table = compact(at)
    assert list(table.columns) == ["Criterion", "Alpha", "Beta", "Leads", "Alpha, in short", "Beta, in short"]
    rows = table.set_index("Criterion")
    assert rows.loc["Compiler", ["Alpha", "Beta", "Leads"]].tolist() == ["●○○", "●●●", "Beta"]
    assert rows.loc["Profiler", "Leads"] == "Tie: Alpha, Beta"  # co-leaders named, from the ratings
    assert rows.loc["Eager mode", "Beta, in short"] == "Eager since version 2"
    assert "**3** of 3 criteria match." in main_text(at)
    assert not [e for e in at.main.expander if e.label.startswith("Eager mode")], "no full-text expanders"


def test_each_criterion_links_to_this_view_with_its_details_open(fixture_data):
    at = run_page("pages/matrix.py", {"m_sort": "name"})
    links = criterion_links(at)
    assert list(links) == ["Compiler", "Eager mode", "Profiler"]  # sorted by name, as the view asks
    assert links["Compiler"]["m_sel"] == ["Compiler"]  # the label, as the URL bar shows it
    assert links["Compiler"]["m_sort"] in (["name"], ["Criterion name (A–Z)"])  # the view's own filter kept
    opened = run_page("pages/matrix.py", {k: v[0] for k, v in links["Compiler"].items()})
    dialogs = [n for n in walk(opened._tree) if getattr(n, "type", "") == "dialog"]
    assert [d.proto.dialog.title for d in dialogs] == ["Compiler"]
    assert compact(opened)["Criterion"].tolist() == ["Compiler", "Eager mode", "Profiler"]


def test_criterion_names_are_marked_for_the_catcher_that_opens_details_in_session(fixture_data):
    """A plain click on a criterion's name is caught by components/matrix/linked.py (its JS needs a browser:
    tests/browser/test_matrix_browser.py clicks it); here: the views' element is mounted once, and both layouts it
    carries mark each name."""
    at = run_page("pages/matrix.py")
    catchers = [el for el in at.get("bidi_component") if el.proto.component_name.endswith("faceoff_matrix_views")]
    assert len(catchers) == 1
    for kind in ("fo-table", "fo-cards"):
        body = next(b for b in html_bodies(at) if kind in b)
        marked = dict(re.findall(r'<a href="[^"]*"[^>]*data-crit="([^"]*)"[^>]*>(.*?)</a>', body))
        assert marked == {"eager": "Eager mode", "compile": "Compiler", "profiler": "Profiler"}, (kind, marked)


def test_rubric_words_are_on_the_page(fixture_data):
    text = main_text(run_page("pages/matrix.py"))
    assert "●●○ 2 Supported" in text  # the scale, in the legend and the rubric
    assert "The leader is the framework with the unique highest rating" in text
    assert "“experimental”" in text and "rated at most 2 (Supported)" in text
    assert "at least one primary source" in text


@pytest.mark.parametrize("params", [
    {"m_crit": "profiler"},  # today's links (wizard, claims) carry the id
    {"m_crit": "Profiler"},  # the label, as the URL bar shows after a change
])
def test_one_criterion_opens_its_details(fixture_data, params):
    at = run_page("pages/matrix.py", params)
    assert at.selectbox(key="m_crit").value == "profiler"
    assert "**1** of 3 criteria match." in main_text(at)
    text = main_text(at)
    assert "## Profiler" in text and "**Leads: Tie: Alpha, Beta.** Both have one." in text
    assert "Beta has a profiler" in text  # the full verdict
    assert "As of 2026-01-01" in text
    assert "(https://github.com/example-org/beta/blob/main/PROFILER.md) · *primary*" in text  # source with its kind
    assert "- Holds: Both have profilers." in text and "c03" not in text  # the linked claim, by its words
    links = {el.proto.label: parse_qs(el.proto.query_string) for el in at.main.get("page_link")}
    assert links["All 1 claim(s) about Profiler with their evidence"] == {"c_crit": ["Profiler"]}  # the label


@pytest.mark.parametrize(("params", "expected"), [
    ({"m_fw": "beta"}, ["Criterion", "Beta", "Leads", "Beta, in short"]),  # old id form
    ({"m_fw": "Beta"}, ["Criterion", "Beta", "Leads", "Beta, in short"]),  # label form
])
def test_framework_links_old_and_new(fixture_data, params, expected):
    at = run_page("pages/matrix.py", params)
    assert at.multiselect(key="m_fw").value == ["beta"]
    assert list(compact(at).columns) == expected


@pytest.mark.parametrize(("params", "count", "first"), [
    ({"m_cat": "speed"}, 2, "Compiler"),
    ({"m_cat": "Speed"}, 2, "Compiler"),
    ({"m_lead": "alpha"}, 1, "Eager mode"),
    ({"m_lead": "Alpha"}, 1, "Eager mode"),
    ({"m_lead": "tie"}, 1, "Profiler"),
    ({"m_lead": "Tie"}, 1, "Profiler"),
    ({"m_sort": "name"}, 3, "Compiler"),
    ({"m_sort": "Criterion name (A–Z)"}, 3, "Compiler"),
])
def test_category_leader_and_sort_links_old_and_new(fixture_data, params, count, first):
    at = run_page("pages/matrix.py", params)
    assert f"**{count}** of 3 criteria match." in main_text(at)
    assert compact(at)["Criterion"].iloc[0] == first


@pytest.mark.parametrize("view", ["full", "Full text"])
def test_full_text_view_from_the_url_shows_every_verdict_whole_and_unfolded(fixture_data, view):
    at = run_page("pages/matrix.py", {"m_view": view})
    assert at.radio(key="m_view").value == "full"
    labels = [e.label for e in at.main.expander]
    assert labels == ["More filters and the full-text view: frameworks, category, leader, sort, one criterion",
                      "How the ratings are set (the rubric)"]  # opened by the link, as it set one of them
    body = "".join(html_bodies(at))
    for verdict in ("Eager by default with ONNX export", "Eager since version 2", "Alpha compiles a little",
                    "Beta compiles everything", "Alpha has a profiler", "Beta has a profiler"):
        assert f"<p>{verdict}</p>" in body
    assert "<h2>Profiler</h2>" in body and "Leads: Tie: Alpha, Beta." in body
    assert 'href="https://example.org/b/e"' in body and "As of 2026-01-02" in body
    assert "Both have profilers." in body  # the claims about it, by their words


def html_bodies(at: AppTest) -> list[str]:
    """The HTML the page sends: ``st.html`` bodies (not style sheets) and both layouts of the compact view, which
    its element (components/matrix/linked.py) carries as data for the browser to pick from."""
    bodies = [h.proto.body for h in at.get("html") if not h.proto.body.startswith("<style")]
    for element in at.get("bidi_component"):
        if element.proto.component_name.endswith("faceoff_matrix_views"):
            data = json.loads(element.proto.json)
            bodies += [data["wide"], data["narrow"]]
    return bodies


def visible_text(at: AppTest) -> str:
    """What the page shows in words: Markdown, captions, widget labels and options, HTML without its tags."""
    parts = [main_text(at)] + [re.sub(r"<[^>]+>", " ", b) for b in html_bodies(at)]
    for widget in (*at.selectbox, *at.multiselect, *at.radio):
        parts += [str(widget.label), *map(str, widget.options)]
    parts += [el.proto.label for el in at.get("page_link")] + [e.label for e in at.expander]
    return "\n".join(parts)


def test_compact_view_has_a_card_per_criterion_with_ratings_leader_and_summaries(fixture_data):
    at = run_page("pages/matrix.py")
    cards = next(b for b in html_bodies(at) if "fo-cards" in b)
    assert cards.count('<section class="fo-card">') == 3
    title = re.search(r'<h2 class="fo-card-title"><a href="([^"]*)"[^>]*>Compiler</a></h2>', cards)
    assert title and parse_qs(urlparse(html.unescape(title.group(1))).query) == {"m_sel": ["Compiler"]}  # details
    assert "<strong>Leads:</strong> Beta" in cards
    assert "Compiles a little" in cards and "Compiles everything" in cards
    assert 'aria-label="1 of 3: Limited"' in cards and "●○○" in cards  # the rating, in glyphs and in words


def test_search_shows_why_each_row_matched_with_the_term_marked(fixture_data):
    at = run_page("pages/matrix.py", {"m_q": "onnx"})
    why = next(b for b in html_bodies(at) if "fo-why-box" in b)
    assert "<strong>Eager mode</strong>" in why and "Matched in Alpha verdict:" in why
    assert "Eager by default with <mark>ONNX</mark> export" in why  # the data's passage, not the typed term


@pytest.mark.parametrize("value", ["compile", "Compiler"])  # the id form and the label the URL bar shows
def test_details_of_a_criterion_from_the_url_open_in_a_dialog(fixture_data, value):
    at = run_page("pages/matrix.py", {"m_sel": value})
    assert at.selectbox(key="m_sel").value == "compile"
    dialogs = [n for n in walk(at._tree) if getattr(n, "type", "") == "dialog"]
    assert [d.proto.dialog.title for d in dialogs] == ["Compiler"] and dialogs[0].proto.dialog.is_open
    assert "**3** of 3 criteria match." in main_text(at)  # the table keeps every row
    inside = "\n".join(str(n.value) for n in walk(dialogs[0]) if getattr(n, "type", "") == "markdown")
    assert "Beta compiles everything" in inside and "**Leads: Beta.** Beta compiles more." in inside


def test_no_criterion_open_by_default(fixture_data):
    at = run_page("pages/matrix.py")
    assert at.selectbox(key="m_sel").value == "none"
    assert not [n for n in walk(at._tree) if getattr(n, "type", "") == "dialog"]


def walk(node):
    yield node
    for child in (getattr(node, "children", None) or {}).values():
        yield from walk(child)


@pytest.mark.parametrize(("page", "params"), [
    ("pages/matrix.py", {}), ("pages/matrix.py", {"m_view": "full"}), ("pages/matrix.py", {"m_crit": "profiler"}),
    ("pages/claims.py", {}),
])
def test_no_raw_ids_on_the_pages(fixture_data, page, params):
    text = visible_text(run_page(page, params))
    assert not re.findall(r"\b(?:c\d\d|a\d)\b", text), re.findall(r".{30}\b(?:c\d\d|a\d)\b.{10}", text)


def test_claims_name_their_articles(fixture_data):
    text = main_text(run_page("pages/claims.py"))
    assert "Made by all 2 articles" in text or "Made by “First article”" in text
    assert "“Second article”" in text


def test_claims_widgets_show_labels(fixture_data):
    at = run_page("pages/claims.py")
    assert not at.multiselect, "only the search is drawn until 'More filters' is opened (or a link sets one)"
    assert at.expander[0].label.startswith("More filters")
    at.session_state["c_more"] = True  # the visitor opens it
    at.run()
    assert at.multiselect(key="c_verdict").options == ["Holds", "Partly", "Outdated", "Contradicted", "Unverifiable"]
    assert at.multiselect(key="c_article").options == ["First article", "Second article"]
    assert at.multiselect(key="c_cat").options == ["Basics", "Performance", "Speed"]
    assert at.selectbox(key="c_crit").options == ["All criteria", "Compiler", "Eager mode", "Profiler"]


@pytest.mark.parametrize(("params", "count"), [
    ({"c_verdict": "holds"}, 1), ({"c_verdict": "Holds"}, 1),
    ({"c_article": "a1"}, 2), ({"c_article": "First article"}, 2),
    ({"c_crit": "eager"}, 1), ({"c_crit": "Eager mode"}, 1),
    ({"c_cat": "performance"}, 1), ({"c_cat": "Performance"}, 1),
])
def test_claims_links_old_and_new(fixture_data, params, count):
    at = run_page("pages/claims.py", params)
    assert matches(at) == f"**{count}** of 3 claims match."


def test_claim_links_to_its_matrix_rows_land_on_them(fixture_data):
    claims = run_page("pages/claims.py", {"c_crit": "eager"})
    links = {el.proto.label: parse_qs(el.proto.query_string) for el in claims.main.get("page_link")
             if el.proto.label.startswith("Matrix:")}  # the frame's phone entry to the questions is a link too
    assert links == {"Matrix: Eager mode": {"m_crit": ["Eager mode"]}}  # the label the matrix widget shows
    at = run_page("pages/matrix.py", {k: v[0] for k, v in links["Matrix: Eager mode"].items()})
    assert "## Eager mode" in main_text(at) and "**1** of 3 criteria match." in main_text(at)


def test_matrix_link_to_its_claims_lands_on_them(fixture_data):
    at = run_page("pages/matrix.py", {"m_crit": "eager"})
    link = next(el for el in at.main.get("page_link") if "claim(s) about" in el.proto.label)
    params = {k: v[0] for k, v in parse_qs(link.proto.query_string).items()}
    claims = run_page("pages/claims.py", params)
    assert matches(claims) == "**1** of 3 claims match."
    assert claims.selectbox(key="c_crit").value == "eager"
