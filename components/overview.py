"""The Overview page: what Faceoff is, each category's headline, and how fresh every dataset is."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from components.data import inventory_stamp, load, load_inventory, shared, stamp
from components.matrix.filters import matrix_category_params
from faceoff import clock
from faceoff.matrix import TIE, Matrix, category_leaders


def headline_cards(matrix: Matrix) -> list[dict]:
    """Per category: its name, who leads it (or "Even") and the counts behind that."""
    names = {fw.id: fw.name for fw in matrix.frameworks}
    cards = []
    for _, row in category_leaders(matrix).iterrows():
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
    st.subheader("Who leads, category by category")
    st.caption(f"Counts of matrix criteria each framework leads · matrix as of {loaded.as_of.isoformat()} · "
               "every verdict is sourced on the Head-to-head page")
    cols = st.columns(3)
    for i, card in enumerate(cards):
        with cols[i % 3].container(border=True):
            st.markdown(f"**{card['category']}**")
            st.markdown(f"{card['headline']} · {card['criteria']} criteria")
            st.caption(card["detail"])
            st.page_link("pages/matrix.py", label="See the criteria",
                         query_params=matrix_category_params(matrix, card["category_id"]),
                         icon=":material/arrow_forward:")


def render_freshness() -> None:
    report = load_inventory()
    st.subheader("Freshness of every dataset")
    frame = shared(("overview-freshness", inventory_stamp(), clock.today()), lambda: freshness_frame(report))
    if not frame.empty:
        st.dataframe(frame, hide_index=True, width="stretch",
                     column_config={"As of": st.column_config.TextColumn("As of")})
    st.page_link("pages/sources.py", label="All sources, licences and validation", icon=":material/menu_book:")


def freshness_frame(report: dict) -> pd.DataFrame:
    """One row per dataset: its as-of date, age in days, rows and validation status."""
    today = clock.today()
    rows = []
    for ds in report["datasets"]:
        errors = [p for p in ds["problems"] if p["severity"] == "error"]
        as_of = dt.date.fromisoformat(ds["as_of"]) if ds["as_of"] else None
        rows.append({
            "Dataset": ds["title"],
            # datasets without one as-of date (published studies) show the years they cover instead
            "As of": as_of.isoformat() if as_of else f"studies from {(ds.get('detail') or {}).get('years') or '?'}",
            "Age (days)": (today - as_of).days if as_of else None,
            "Rows": ds["rows"],
            "Status": "error — see Sources" if errors else "ok",
        })
    return pd.DataFrame(rows)
