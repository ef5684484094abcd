"""URL-bound choice widgets that show human labels and still accept the id-valued links made before they did.

Streamlit writes a bound widget's *label* (its ``format_func`` output) into the URL, so ``?m_fw=PyTorch`` is today's
form. Links shared earlier carry ids (``?m_fw=pytorch``); Streamlit would ignore those as invalid options, so on a
session's first run each widget here rewrites them to their labels before it is drawn, so the address bar shows the
label form at once and a reload keeps the view.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st


@dataclass(frozen=True)
class Bound:
    """What the share link needs to know of one labelled, URL-bound widget."""

    labels: Mapping[str, str]
    multi: bool
    default: Any


# key -> its options and default, filled as widgets are drawn (the same for every session: options come from data).
BOUND: dict[str, Bound] = {}


def legacy_value(key: str, labels: Mapping[str, str], multi: bool) -> Any:
    """The option(s) an id-valued URL parameter asks for, or ``None`` when the URL has none (or only labels)."""
    values = st.query_params.get_all(key)
    by_label = {label: option for option, label in labels.items()}
    if not values or all(v in by_label for v in values):
        return None
    chosen = [v if v in labels else by_label[v] for v in values if v in labels or v in by_label]
    if not chosen:
        return None
    return list(dict.fromkeys(chosen)) if multi else chosen[0]


def _prepare(key: str, labels: Mapping[str, str], multi: bool, default: Any) -> None:
    BOUND[key] = Bound(dict(labels), multi, default)
    if key in st.session_state:
        return
    value = legacy_value(key, labels, multi)
    if value is None:
        return
    if not _relabel_url(key, [labels[v] for v in (value if multi else [value])]):
        st.session_state[key] = value  # shown right; the address bar drops the id form until the next change


def _relabel_url(key: str, shown: list[str]) -> bool:
    """Rewrite an id-valued parameter to its label form before its widget is drawn, so the widget seeds itself from
    the address as from any current link and the address bar keeps the view (a reload, or a failover to another
    replica, then loses nothing: perf/failover.py). ``st.query_params`` changes the address; the widget seeds from
    the address the run *started* with, which Streamlit 1.67 keeps in ``_initial_query_params`` (no public setter).
    ``False`` when that is not there (another Streamlit): the caller then sets the value in session state."""
    from streamlit.runtime.state.session_state_proxy import get_session_state

    try:
        with get_session_state().query_params() as params:
            initial = params._initial_query_params
            if not isinstance(initial, dict):
                return False
            initial[key] = list(shown)
    except (AttributeError, RuntimeError):
        return False
    st.query_params[key] = shown if len(shown) > 1 else shown[0]
    return True


def choice(label: str, options: Mapping[str, str], key: str, default: str | None = None, *, widget: Any = None,
           **kwargs: Any) -> str:
    """A bound selectbox (or ``widget=st.radio``) over ``options`` (id -> label); returns the chosen id."""
    ids = list(options)
    default = ids[0] if default is None else default
    _prepare(key, options, False, default)
    draw = widget or st.selectbox
    value = draw(label, ids, index=ids.index(default), format_func=options.__getitem__, key=key,
                 bind="query-params", **kwargs)
    return value if value in options else default


def choices(label: str, options: Mapping[str, str], key: str, default: Sequence[str] = (), *, widget: Any = None,
            **kwargs: Any) -> list[str]:
    """A bound multiselect (or ``widget=st.pills`` etc.) over ``options`` (id -> label); returns the chosen ids."""
    default = [d for d in default if d in options]
    _prepare(key, options, True, default)
    draw = widget or st.multiselect
    value = draw(label, list(options), default=default, format_func=options.__getitem__, key=key,
                 bind="query-params", **kwargs)
    return [v for v in (value or []) if v in options]


def share_params(current: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """The URL parameters of this view: ``current`` plus labelled widgets whose value is not in the URL yet."""
    params = {k: list(v) for k, v in current.items()}
    for key, bound in BOUND.items():
        if key in params or key not in st.session_state:
            continue
        value = st.session_state[key]
        if value == bound.default or value is None:
            continue
        values = value if bound.multi else [value]
        params[key] = [bound.labels[v] for v in values if v in bound.labels]
    return params
