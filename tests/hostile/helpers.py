"""Shared helpers of the hostile-input and fault suites: run a page, list its bound keys, gather what it shows."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent.parent
PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))
BOUND_PREFIXES = ("m_", "c_", "p_", "b_", "w_")
# Element classes that cannot be bound to the URL (charts, uploads, buttons) carry keys too; they are skipped.
UNBOUND_TYPES = {"UnknownElement", "FileUploader", "Button", "DownloadButton", "ChatInput", "CameraInput"}
# Text fields Streamlit renders as Markdown (st.markdown/caption/alerts/headings bodies, labels, help tooltips,
# expander and page-link labels): user input must never reach them.
MARKDOWN_FIELDS = {"body", "label", "help", "caption"}
PLAIN_TEXT_TYPES = {"text", "code", "json"}  # st.text, st.code, st.json show their body literally


def run_page(page: str | None, params: dict | None = None, timeout: float = 90) -> AppTest:
    """A fresh run of ``page`` (``None``: the default page) with ``params`` seeded as query parameters, the
    sidebar's questions unfolded (so their widgets meet the parameters too)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.session_state["wizard_questions"] = True
    if page:
        at.switch_page(page)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    return at


def walk(node):
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from walk(child)


@cache
def bound_widgets(page: str | None) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Every URL-bindable widget key the page draws (by prefix), with its type and options, from a real run."""
    at = run_page(page)
    found: dict[str, tuple[str, tuple[str, ...]]] = {}
    for node in walk(at._tree):
        key = getattr(node, "key", None)
        kind = type(node).__name__
        if isinstance(key, str) and key.startswith(BOUND_PREFIXES) and kind not in UNBOUND_TYPES:
            options = tuple(str(o) for o in (getattr(node, "options", None) or ()))
            found[key] = (kind, options)
    return found


def _markdown_strings(message, out: list[str]) -> None:
    for field, value in message.ListFields():
        if field.type == field.TYPE_MESSAGE:
            for item in value if field.is_repeated else [value]:
                _markdown_strings(item, out)
        elif field.type == field.TYPE_STRING and field.name in MARKDOWN_FIELDS:
            out.extend(value if field.is_repeated else [value])


def rendered_markdown(at: AppTest) -> list[str]:
    """Every string the page hands to Streamlit's Markdown renderer, sidebar and blocks included."""
    out: list[str] = []
    for node in walk(at._tree):
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ListFields") and getattr(node, "type", "") not in PLAIN_TEXT_TYPES:
            _markdown_strings(proto, out)
    return out


def html_allowed_bodies(at: AppTest) -> list[str]:
    """Bodies rendered as raw HTML: st.html, markdown with unsafe_allow_html=True, and the string data of custom
    elements (the Head-to-head views put theirs into the page as HTML: components/matrix/linked.py)."""
    bodies = []
    for node in walk(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None:
            continue
        if getattr(node, "type", "") == "html" or getattr(proto, "allow_html", False):
            bodies.append(str(getattr(proto, "body", "")))
        elif getattr(proto, "component_name", "") and getattr(proto, "json", ""):
            data = json.loads(proto.json)
            if isinstance(data, dict):
                bodies.extend(v for v in data.values() if isinstance(v, str))
    return bodies


def page_text(at: AppTest) -> str:
    return "\n".join(rendered_markdown(at))
