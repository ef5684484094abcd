"""The Sources page: every dataset with what it is, where it came from, licence, as-of date and row count."""

from __future__ import annotations

import contextlib

import pandas as pd
import streamlit as st

from components.data import inventory_stamp, load_inventory, shared
from faceoff.registry import load_registry


def inventory_frame(report: dict) -> tuple[pd.DataFrame, bytes]:
    """The inventory as the page's table and its CSV download."""
    rows = []
    for ds in report["datasets"]:
        errors = [p for p in ds["problems"] if p["severity"] == "error"]
        rows.append({
            "Dataset": ds["title"],
            "Status": "error" if errors else ("warnings" if ds["problems"] else "ok"),
            "As of": ds["as_of"] or "—",
            "Rows": ds["rows"],
            "Distinct sources": ds["sources"],
            "Licence": ds["licence"],
            "File": ds["path"],
            "Kind": ds["kind"],
        })
    frame = pd.DataFrame(rows)
    return frame, frame.to_csv(index=False).encode("utf-8")


def render_sources_page() -> None:
    report = load_inventory()
    for problem in report.get("problems", []):
        st.error(f"`{problem['file']}`: {problem['message']}")
    if not report["datasets"]:
        return
    descriptions = {}
    with contextlib.suppress(Exception):  # a registry error is already shown above
        descriptions = {d.id: d.description for d in load_registry()}
    frame, csv = shared(("sources-frame", inventory_stamp()), lambda: inventory_frame(report))
    narrow = {name: st.column_config.Column(width="small") for name in ("Kind", "As of", "Rows", "Status")}
    st.dataframe(frame, hide_index=True, width="stretch", column_config={
        **narrow,
        "Distinct sources": st.column_config.NumberColumn("Sources", width="small"),
        "Dataset": st.column_config.TextColumn(width="medium"),
        "File": st.column_config.TextColumn(width="medium"),
        "Licence": st.column_config.TextColumn(width="large"),
    })
    st.download_button("Download inventory (CSV)", csv,
                       file_name="faceoff-sources.csv", mime="text/csv", icon=":material/download:",
                       on_click="ignore")
    for ds in report["datasets"]:
        errors = [p for p in ds["problems"] if p["severity"] == "error"]
        icon = ":material/error:" if errors else ":material/dataset:"
        with st.expander(f"{ds['title']} — `{ds['path']}`", icon=icon):
            st.write(descriptions.get(ds["id"], ""))
            st.markdown(f"**Licence:** {ds['licence']}  \n**As of:** {ds['as_of'] or 'undated'}  \n"
                        f"**Rows:** {ds['rows']} · **distinct sources:** {ds['sources']}")
            for key, value in (ds.get("detail") or {}).items():
                st.markdown(f"- {key.replace('_', ' ')}: {value}")
            for p in ds["problems"]:
                text = p["file"] + (f", row {p['row']}" if p["row"] else "") + (
                    f", field {p['field']}" if p["field"] else "") + f": {p['message']}"
                (st.error if p["severity"] == "error" else st.warning)(text)
    st.caption("Check every file yourself: `python -m faceoff validate` (add `--json` for this inventory).")
