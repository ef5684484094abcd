"""Labelled, URL-bound widgets: labels shown, ids returned, and links in the older id format still select options."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest


def labelled_app():
    import streamlit as st

    from components.share import current_params
    from components.widgets import choice, choices

    fws = choices("Frameworks", {"pytorch": "PyTorch", "tensorflow": "TensorFlow", "jax": "JAX"}, key="t_fw",
                  default=["pytorch", "tensorflow", "jax"])
    goal = choice("Goal", {"learning": "Learning deep learning", "research": "Research"}, key="t_goal")
    st.text(f"fws={','.join(fws)} goal={goal}")
    st.text("share=" + repr(sorted(current_params().items())))


def run(params: dict) -> AppTest:
    at = AppTest.from_function(labelled_app, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    return at


def shown(at: AppTest) -> str:
    return at.text[0].value


def test_widgets_show_labels_and_return_ids():
    at = run({})
    assert at.multiselect(key="t_fw").format_func("pytorch") == "PyTorch"
    assert at.selectbox(key="t_goal").format_func("research") == "Research"
    assert shown(at) == "fws=pytorch,tensorflow,jax goal=learning"


@pytest.mark.parametrize(("params", "expected"), [
    ({"t_fw": ["pytorch", "jax"], "t_goal": "research"}, "fws=pytorch,jax goal=research"),  # links before labels
    ({"t_fw": ["PyTorch"], "t_goal": "Research"}, "fws=pytorch goal=research"),  # today's links
    ({"t_fw": ["nonsense"], "t_goal": "<script>"}, "fws=pytorch,tensorflow,jax goal=learning"),  # ignored
])
def test_links_old_and_new_select_the_same_options(params, expected):
    assert shown(run(params)) == expected


def test_share_link_carries_labels_for_a_legacy_link():
    at = run({"t_fw": ["jax"], "t_goal": "research"})
    share = at.text[1].value
    assert "('t_fw', ['JAX'])" in share
    assert "('t_goal', ['Research'])" in share


def test_an_id_form_link_is_rewritten_to_labels_in_the_address():
    """The address bar keeps the view of an old link (a reload or a failover to another replica loses nothing)."""
    def address(at: AppTest) -> dict:
        return {k: v if isinstance(v, list) else [v] for k, v in dict(at.query_params).items()}

    at = run({"t_fw": ["pytorch", "jax"], "t_goal": "research"})
    assert address(at) == {"t_fw": ["PyTorch", "JAX"], "t_goal": ["Research"]}
    at.run()  # a later run keeps them
    assert address(at) == {"t_fw": ["PyTorch", "JAX"], "t_goal": ["Research"]}
    assert shown(at) == "fws=pytorch,jax goal=research"
