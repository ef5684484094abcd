"""The Recommendation page: the result card, score chart, reasons, caveats, what would change it, the answers."""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

from components.charts import plotly_chart
from components.format import rating_glyphs, source_links
from components.matrix.links import matrix_criterion_params
from components.share import render_share_link
from components.wizard.evidence import (
    render_alternatives,
    render_census_share,
    render_decision,
    render_panel_scenario,
)
from components.wizard.sidebar import framework_names, headline, render_questions
from components.wizard.state import (
    census_for,
    load_model,
    load_panel,
    recommendation_for,
    score_figure_for,
)
from faceoff.clock import today
from faceoff.matrix import Matrix
from faceoff.paths import data_dir
from faceoff.wizard import (
    Caveat,
    Census,
    Contribution,
    Recommendation,
    RecordInputs,
    Wizard,
    advise,
    census_sentence,
    make_record,
    record_html,
)

MATRIX_PAGE = "pages/matrix.py"
BadgeColour = Literal["red", "orange", "green", "gray"]
CONFIDENCE_COLOURS: dict[str, BadgeColour] = {"high": "green", "medium": "orange", "low": "gray"}


def _criterion_label(matrix: Matrix, criterion: str) -> str:
    crit = matrix.criterion(criterion)
    return crit.name if crit else criterion


def render_result_card(rec: Recommendation, wizard: Wizard, matrix: Matrix) -> None:
    advice = advise(rec, wizard, matrix)
    with st.container(border=True, key="rec_card"):
        cols = st.columns([3, 2])
        with cols[0]:
            st.caption(f"Recommended from your {len(rec.given)} answer{'s' if len(rec.given) > 1 else ''}")
            st.markdown(f"## {headline(rec, matrix)}")
            if rec.recommended:
                st.badge(f"{rec.confidence} confidence", color=CONFIDENCE_COLOURS.get(rec.confidence, "red"))
        with cols[1]:
            if advice.confidence_why:
                st.markdown(advice.confidence_why)
            names = framework_names(matrix)
            ruled = [names[s.framework] for s in rec.ranking if not s.eligible]
            if ruled:
                st.caption("Ruled out by what your answers require: " + ", ".join(ruled))
            render_share_link("Share this recommendation")


def render_no_answers(census: Census | None, matrix: Matrix) -> None:
    """Nothing answered: an invitation, and (labelled so) what Faceoff recommends when nothing is known."""
    with st.container(border=True, key="rec_card"):
        st.markdown("## No answers yet")
        st.markdown("Faceoff recommends from what you tell it, and only from that: every question starts as "
                    "*Not sure* or *No preference* and counts for nothing until you answer it. Answer any question "
                    "above to see which framework fits, what decided it and how sure that is.")
        if census is not None:
            st.caption("**When nothing is known:** " + census_sentence(census, framework_names(matrix)))


def _reason_line(c: Contribution, matrix: Matrix, wizard: Wizard, framework: str) -> str:
    """A reason in plain words: the matrix row, the framework's rating there, why it matters, the answer."""
    q = wizard.question(c.question)
    answer = q.option(c.answer).label if q else c.answer
    if c.kind == "bonus":
        return f"{c.why} *(your answer: {answer})*"
    return (f"**{_criterion_label(matrix, c.criterion)}** {rating_glyphs(c.rating, matrix.scale.max)} for "
            f"{framework} — {c.why} *(your answer: {answer})*")


def _points_line(c: Contribution) -> str:
    if c.kind == "bonus":
        return f"+{c.points} points (bonus)"
    unit = "target points: weight in rating steps" if c.tier == "target" else "points: weight"
    return f"+{c.points} {unit} {c.weight} × rating {c.rating if c.rating is not None else 0}"


def render_reasons(rec: Recommendation, wizard: Wizard, matrix: Matrix) -> None:
    st.subheader("Why: what counted most")
    st.caption("Each reason is a row of the Head-to-head matrix that one of your answers makes matter; the link "
               "opens that row with its verdicts and sources.")
    # Only the open tab is drawn (switching tabs reruns the page): three tabs of evidence cost three times the elements.
    tabs = st.tabs([s.name + ("" if s.eligible else " (ruled out)") for s in rec.ranking], key="rec_reason_tab",
                   on_change="rerun")
    for tab, s in zip(tabs, rec.ranking, strict=True):
        if tab.open is False:
            continue
        with tab:
            reasons = s.reasons(wizard.settings.reasons_shown)
            if not reasons:
                st.caption("No positive contributions for these answers.")
            for c in reasons:
                crit = matrix.criterion(c.criterion)
                cell = crit.cells.get(s.framework) if crit else None
                with st.container(border=True):
                    st.markdown(_reason_line(c, matrix, wizard, s.name))
                    cols = st.columns([2, 3])
                    cols[0].page_link(MATRIX_PAGE, label=f"Matrix row: {_criterion_label(matrix, c.criterion)}",
                                      query_params=matrix_criterion_params(matrix, c.criterion),
                                      icon=":material/table_chart:")
                    if cell is not None:
                        with cols[1].expander(f"Evidence for {s.name}", expanded=False):
                            st.write(cell.verdict)
                            st.caption(f"As of {cell.as_of.isoformat()}")
                            st.markdown(source_links(cell.sources))
            rest = len([c for c in s.contributions if c.points > 0]) - len(reasons)
            if rest > 0:
                st.caption(f"…and {rest} smaller reason(s); hover the chart for all of them.")


def render_caveats(caveats: tuple[Caveat, ...], matrix: Matrix) -> None:
    if not caveats:
        return
    st.subheader("Caveats")
    for c in caveats:
        icon = {"ruled-out": ":material/block:", "not-assessed": ":material/help:",
                "panel": ":material/balance:"}.get(c.kind, ":material/info:")
        box = st.warning if c.kind == "ruled-out" else st.info
        box(c.text, icon=icon)
        if c.criterion:
            st.page_link(MATRIX_PAGE, label=f"Evidence: {_criterion_label(matrix, c.criterion)}",
                         query_params=matrix_criterion_params(matrix, c.criterion),
                         icon=":material/table_chart:")


def render_flips(rec: Recommendation, wizard: Wizard, matrix: Matrix) -> None:
    names = framework_names(matrix)
    st.subheader("What would change it")
    if not rec.flips:
        st.caption(f"No change of up to {wizard.settings.max_flip_changes} answers changes the recommendation.")
        return
    size = len(rec.flips[0].changes)
    st.caption(f"The smallest change: {size} answer{'s' if size > 1 else ''} "
               f"({len(rec.flips)} way{'s' if len(rec.flips) > 1 else ''}).")
    for flip in rec.flips[: wizard.settings.flips_shown]:
        parts = []
        for ch in flip.changes:
            q = wizard.question(ch.question)
            was = "" if ch.from_answer == q.default else f" (not *{q.option(ch.from_answer).label}*)"
            parts.append(f"**{q.label}** were *{q.option(ch.to_answer).label}*{was}")
        target = names.get(flip.recommended, "no framework") if flip.recommended else "no framework"
        st.markdown(f"- If {' and '.join(parts)} → **{target}** ({flip.confidence} confidence)")
    if len(rec.flips) > wizard.settings.flips_shown:
        st.caption(f"…and {len(rec.flips) - wizard.settings.flips_shown} more.")


def answers_table(rec: Recommendation, wizard: Wizard) -> pd.DataFrame:
    """Every question with the visitor's answer ("not answered" where none was given) and its command-line form."""
    rows = []
    for q in wizard.questions:
        value = rec.answers[q.id]
        answered = q.id not in rec.unanswered
        rows.append({"Question": q.label, "Your answer": q.option(value).label if answered else "not answered",
                     "For the CLI": f"{q.id}={value}" if answered else ""})
    return pd.DataFrame(rows)


def render_how_it_works(rec: Recommendation, wizard: Wizard) -> None:
    """The model's vocabulary, for readers who want it: targets, rating steps, weights, the CLI form of the answers."""
    with st.expander("How the score works", icon=":material/calculate:"):
        st.markdown(
            "Each answer makes some rows of the Head-to-head matrix matter. A framework earns **points = weight × "
            "its matrix rating (0–3)** on each such row, plus bonuses (your team's experience). Answers that name "
            "something only some frameworks can do (where the model runs, training hardware, existing code) are "
            "**targets**: their points count *rating steps* and are compared first, so no sum of preferences "
            "outweighs one step there. Requirements rule a framework out when it is rated below a minimum. "
            "Unanswered questions add nothing. The weights and their reasons are data (`data/wizard.yaml`).")
        eligible = [s for s in rec.ranking if s.eligible]
        if rec.recommended and len(eligible) > 1:
            top, second = eligible[0], eligible[1]
            st.markdown(f"Here: {top.name} has {top.target_score} target points and {top.score} preference points; "
                        f"{second.name} {second.target_score} and {second.score}. "
                        + (f"The target lead is {rec.target_lead} rating step{'s' if rec.target_lead != 1 else ''}."
                           if rec.target_lead > 0 else f"The preference lead is {rec.margin:.0%} of "
                           f"{top.name}'s points."))
        levels = "; ".join(f"**{c.word}**: {c.meaning}" for c in wizard.confidence)
        st.markdown(f"Confidence words: {levels} The scenario panel can only lower the word.")
        for s in rec.ranking:
            lines = [f"{_points_line(c)} · {c.criterion}" for c in s.contributions if c.points]
            if lines:
                st.caption(f"{s.name}: " + " · ".join(lines))
        st.markdown("Your answers, and how to give them to `python -m faceoff recommend`:")
        st.dataframe(answers_table(rec, wizard), hide_index=True, width="stretch")


def _base_url() -> str:
    """This app's address (scheme and host), for the record's link that reproduces the view."""
    parts = urlsplit(st.context.url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else "http://localhost:8501"


def render_record_downloads(rec: Recommendation, wizard: Wizard, matrix: Matrix, panel) -> None:
    """The decision record (#19) for these answers, as Markdown and as a self-contained HTML page; built only when
    a button is pressed, by the same function as ``python -m faceoff recommend ... --report``."""
    st.subheader("Take it to your team")
    st.caption("A decision record of this recommendation: your answers, the decision, the evidence with its sources, "
               "the alternatives and the risks, in the shape teams use for architecture decisions.")
    inputs = RecordInputs(wizard, matrix, rec, panel, data_dir(), _base_url())

    def markdown() -> str:
        return make_record(inputs, today())

    cols = st.columns(2)
    cols[0].download_button("Decision record (Markdown)", markdown, file_name="faceoff-decision-record.md",
                            mime="text/markdown", icon=":material/description:", key="rec_record_md",
                            on_click="ignore")
    cols[1].download_button("Decision record (HTML)", lambda: record_html(markdown()),
                            file_name="faceoff-decision-record.html", mime="text/html", icon=":material/html:",
                            key="rec_record_html", on_click="ignore")


def render_recommendation_page() -> None:
    model = load_model()
    if model is None:
        return
    wizard, matrix = model
    st.caption(f"Faceoff recommends from your answers only, scored against the Head-to-head matrix. Wizard model "
               f"as of {wizard.as_of.isoformat()}.")
    with st.container(border=True, key="rec_questions"):
        st.markdown("**Your answers** · every question starts unanswered and counts for nothing until you answer it")
        answers = render_questions(wizard, columns=3)
    panel = load_panel(quiet=False)  # this page names a broken scenario file (the sidebar stays quiet)
    rec = recommendation_for(wizard, matrix, answers, panel)
    if not rec.given:
        render_no_answers(census_for(wizard, matrix), matrix)
        return
    render_result_card(rec, wizard, matrix)
    render_decision(rec, wizard, matrix)
    render_census_share(rec, census_for(wizard, matrix), matrix)
    render_alternatives(rec, wizard, matrix)
    plotly_chart(score_figure_for(rec, wizard, matrix), width="stretch", key="rec_chart")
    st.caption("Best fit on top. Each colour is one of your answers' points; what your answers require (where the "
               "model runs, training hardware, existing code) is compared before these bars, so a shorter bar can "
               "rank higher. Hover a bar for the matrix rows behind it; “How the score works” explains the points.")
    render_panel_scenario(rec, panel, wizard, matrix)
    render_reasons(rec, wizard, matrix)
    render_caveats(rec.caveats, matrix)
    render_flips(rec, wizard, matrix)
    render_record_downloads(rec, wizard, matrix, panel)
    render_how_it_works(rec, wizard)
