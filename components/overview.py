"""The Overview page: what Faceoff is, each category's headline, and how fresh every dataset is."""

from __future__ import annotations

import streamlit as st

from components.data import inventory_stamp, load, shared, stamp
from components.matrix.links import matrix_category_params
from faceoff import clock
from faceoff.errors import DataFileError
from faceoff.matrix import TIE, Matrix, leader_counts
from faceoff.paths import data_dir
from faceoff.registry import load_registry, peek_dataset

# What a cheap look (faceoff.loading.Peek) says, in the table's words; the Sources page validates every file in full.
PEEK_STATUS = {
    "verified": "ok",
    "changed": "changed: see Sources",
    "missing": "not fetched yet",
    "unknown": "see Sources",
}


def headline_cards(matrix: Matrix) -> list[dict]:
    """Per category: its name, who leads it (or "Even") and the counts behind that."""
    names = {fw.id: fw.name for fw in matrix.frameworks}
    cards = []
    for row in leader_counts(matrix):
        ranked = sorted(((row[fw.id], fw.id) for fw in matrix.frameworks), reverse=True)
        top_count, top_fw = ranked[0]
        tied = [fw for count, fw in ranked if count == top_count]
        cards.append({
            "category": row["category"], "category_id": row["category_id"], "criteria": row["criteria"],
            "headline": "Even" if len(tied) > 1 or top_count == 0 else f"{names[top_fw]} leads",
            "detail": ", ".join(f"{names[fw.id]} {row[fw.id]}" for fw in matrix.frameworks) + f", ties {row[TIE]}",
        })
    return cards


def render_headlines() -> None:
    loaded = load("matrix")
    if loaded is None:
        return
    matrix: Matrix = loaded.value
    cards = shared(("overview-headlines", stamp("matrix")), lambda: headline_cards(matrix))
    st.header("Who leads, category by category")
    as_of = loaded.as_of.isoformat() if loaded.as_of else "not stated"
    st.caption(f"Counts of matrix criteria each framework leads · matrix as of {as_of} · "
               "every verdict is sourced on the Head-to-head page")
    cols = st.columns(3)
    for i, card in enumerate(cards):
        with cols[i % 3].container(border=True):
            # one element for the title and the headline (fewer elements: a fresh page is built sooner, issue #22)
            st.markdown(f"**{card['category']}**  \n{card['headline']} · {card['criteria']} criteria")
            st.caption(card["detail"])
            st.page_link("pages/matrix.py", label="See the criteria",
                         query_params=matrix_category_params(matrix, card["category_id"]),
                         icon=":material/arrow_forward:")


def render_freshness() -> None:
    st.header("Freshness of every dataset")
    rows = shared(("overview-freshness", inventory_stamp(), clock.today()), freshness_rows)
    if rows:
        # a Markdown table: our own titles and dates only, and no pandas on the page most first visits open
        # three columns that wrap, so the Status column fits a 390 px phone (five were cut there); row counts are on
        # the Sources page
        lines = ["| Dataset | As of (age) | Status |", "| --- | --- | --- |"]
        lines += [f"| {r['Dataset']} | {as_of_age(r)} | {r['Status']} |" for r in rows]
        st.markdown("\n".join(lines))
        st.caption("Age in days since the data's as-of date. \"ok\": the snapshot is the file its validated refresh "
                   "wrote (checked by its checksum); the Sources page validates every file in full.")
    st.page_link("pages/sources.py", label="All sources, licences and validation", icon=":material/menu_book:")


def as_of_age(row: dict) -> str:
    """"2026-11-28 (5 d)", or the as-of text alone when there is no single date."""
    age = row["Age (days)"]
    return f"{row['As of']} ({age} d)" if isinstance(age, int) else str(row["As of"])


def freshness_rows() -> list[dict]:
    """One row per dataset: as-of date, age in days, rows and status, from a cheap look where the dataset registers
    one (snapshots: provenance and checksum) and from its cached load otherwise."""
    today, folder = clock.today(), data_dir()
    rows: list[dict] = []
    try:
        items = load_registry(folder)
    except DataFileError:
        return rows  # the Sources page names the registry's problem
    for item in items:
        as_of, count, status, note = None, None, "error: see Sources", ""
        try:
            peek = peek_dataset(item, folder)
        except Exception:  # a cheap look that fails says nothing: fall back to the full load below
            peek = None
        if peek is not None:
            as_of, count, status, note = peek.as_of, peek.rows, PEEK_STATUS.get(peek.status, peek.status), peek.note
        else:
            loaded = load(item.id, quiet=True)
            if loaded is not None:
                as_of, count, status = loaded.as_of, loaded.rows, "ok"
                years = (loaded.detail or {}).get("years")
                note = f"studies from {years}" if years and not as_of else ""
        rows.append({
            "Dataset": item.title,
            # datasets without one as-of date (published studies) show the years they cover instead
            "As of": as_of.isoformat() if as_of else (note or "—"),
            "Age (days)": (today - as_of).days if as_of else "—",
            "Rows": "—" if count is None else f"{count:,}",
            "Status": status,
        })
    return rows
