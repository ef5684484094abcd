"""The Sources page: every dataset with what it is, where it came from, licence, as-of date and row count."""

from __future__ import annotations

import contextlib

import pandas as pd
import streamlit as st

from components.data import inventory_stamp, load_inventory, shared
from components.format import lazy_expander
from faceoff.registry import load_registry


def status_text(ds: dict) -> str:
    """The status with its reason in words: "ok", "error: <first error>", "warning: <first warning>" (+ count)."""
    errors = [p for p in ds["problems"] if p["severity"] == "error"]
    shown = errors or ds["problems"]
    if not shown:
        return "ok"
    # the reason only; a maintainer's command after it stays in the expander below
    reason = shown[0]["message"].split(": run `", 1)[0].split("`", 1)[0].rstrip(" :;,")
    more = f" (+{len(shown) - 1} more)" if len(shown) > 1 else ""
    return f"{'error' if errors else 'warning'}: {reason}{more}"


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def inventory_markdown(report: dict) -> str:
    """The inventory as a Markdown table that wraps names, licences and reasons instead of cutting them."""
    # the licence sits beside the name and the row count beside the date, in wrapping columns: three fit a 390 px
    # phone
    lines = ["| Dataset · *licence* | Status | As of · rows |", "| --- | --- | --- |"]
    for ds in report["datasets"]:
        rows = f"{ds['rows']:,} rows" if isinstance(ds["rows"], int) else "rows unknown"
        lines.append(f"| **{_cell(ds['title'])}** · *{_cell(ds['licence'])}* | {_cell(status_text(ds))} | "
                     f"{ds['as_of'] or 'undated'} · {rows} |")
    return "\n".join(lines)


def provenance_lines(provenance: dict | None) -> list[str]:
    """A snapshot's provenance in words (source, retrieved, data as of, method, attribution)."""
    if not provenance:
        return ["**Provenance:** none yet. This snapshot has not been fetched, so there is no file and no record of "
                "where it came from; the record is written, with the source and date, when it is first fetched."]
    lines = []
    if provenance.get("source"):
        url = provenance.get("url")
        lines.append(f"**Source:** {provenance['source']}" + (f" ({url})" if url else ""))
    for key, label in (("retrieved", "Retrieved"), ("data_as_of", "Data as of"), ("method", "Method"),
                       ("attribution", "Attribution")):
        if provenance.get(key):
            lines.append(f"**{label}:** {provenance[key]}")
    return lines


def inventory_frame(report: dict) -> tuple[pd.DataFrame, bytes]:
    """The inventory as the page's table and its CSV download."""
    rows = []
    for ds in report["datasets"]:
        rows.append({
            "Dataset": ds["title"],
            "Status": status_text(ds),
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
    _, csv = shared(("sources-frame", inventory_stamp()), lambda: inventory_frame(report))
    # a Markdown table wraps long names, licences and reasons (a data grid cut them); the CSV has every column
    st.markdown(shared(("sources-markdown", inventory_stamp()), lambda: inventory_markdown(report)))
    st.download_button("Download inventory (CSV: also files, kinds and source counts)", csv,
                       file_name="faceoff-sources.csv", mime="text/csv", icon=":material/download:",
                       on_click="ignore")
    render_dataset_details(report["datasets"], descriptions)
    st.caption("Check every file yourself: `python -m faceoff validate` (add `--json` for this inventory).")


@st.fragment
def render_dataset_details(datasets: list[dict], descriptions: dict[str, str]) -> None:
    """One expander per dataset; opening one reruns only this part (a fragment), not the inventory above."""
    for ds in datasets:
        errors = [p for p in ds["problems"] if p["severity"] == "error"]
        icon = ":material/error:" if errors else ":material/dataset:"
        # the details are sent only when opened (a closed expander still sent its ~5 elements on every page view)
        # one with a problem starts open, so the page names the broken file and the problem without a click
        box = lazy_expander(f"{ds['title']} — `{ds['path']}`", key=f"s_ds_{ds['id']}", icon=icon,
                            expanded=bool(ds["problems"]))
        if box is None:
            continue
        with box:
            st.markdown(dataset_markdown(ds, descriptions.get(ds["id"], "")))
            for p in ds["problems"]:
                text = p["file"] + (f", row {p['row']}" if p["row"] else "") + (
                    f", field {p['field']}" if p["field"] else "") + f": {p['message']}"
                (st.error if p["severity"] == "error" else st.warning)(text)


def dataset_markdown(ds: dict, description: str) -> str:
    """One dataset's details as one Markdown block: description, licence, as-of date, rows, provenance, the other
    facts the validator reports and the maintainers' refresh command."""
    parts = [description] if description else []
    parts.append(f"**Licence:** {ds['licence']}  \n**As of:** {ds['as_of'] or 'undated'}  \n"
                 f"**Rows:** {ds['rows']} · **distinct sources:** {ds['sources']}")
    detail = dict(ds.get("detail") or {})
    if "provenance" in detail:
        parts.append("  \n".join(provenance_lines(detail.pop("provenance"))))
    refresh = detail.pop("refresh", None)
    if detail:
        parts.append("\n".join(f"- {key.replace('_', ' ')}: {value}" for key, value in detail.items()))
    if refresh:
        parts.append(f":gray[For maintainers: `{refresh}` fetches or refreshes it.]")
    return "\n\n".join(parts)
