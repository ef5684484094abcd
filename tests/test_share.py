"""Share links carry every bound parameter, repeated keys for lists, in a stable order."""

from urllib.parse import parse_qs, urlparse

from faceoff.share import share_url


def test_share_url_round_trips_lists_and_specials():
    link = share_url("http://localhost:8501/head-to-head", {"m_q": "a&b c", "m_fw": ["pytorch", "jax"]})
    parsed = urlparse(link)
    assert parsed.path == "/head-to-head"
    assert parse_qs(parsed.query) == {"m_q": ["a&b c"], "m_fw": ["pytorch", "jax"]}
    assert link.index("m_fw") < link.index("m_q")


def test_no_params_gives_the_bare_address():
    assert share_url("http://x.test/a", {}) == "http://x.test/a"
