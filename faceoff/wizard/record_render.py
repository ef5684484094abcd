"""The decision record as one self-contained HTML page: markdown-it-py renders the Markdown, Jinja2 lays it out.

No external assets (styles inline, no fonts, scripts or images); print CSS gives one column and a page break before
each section, so a browser's "Print to PDF" makes a clean document.
"""

from __future__ import annotations

from jinja2 import Environment
from markdown_it import MarkdownIt

TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; margin: 0; }
main { max-width: 46rem; margin: 2rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.9rem; line-height: 1.25; }
h2 { margin-top: 2.5rem; border-bottom: 1px solid #d0d7de; padding-bottom: .25rem; }
h4 { margin-bottom: .25rem; }
a { color: #0550ae; overflow-wrap: anywhere; }
table { border-collapse: collapse; }
th, td { border: 1px solid #d0d7de; padding: .3rem .6rem; text-align: left; }
code { font-size: .9em; background: #f6f8fa; padding: .1rem .3rem; }
em { color: #57606a; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; margin: 0; padding: 0; }
  h2 { break-before: page; }
  h2, h3, h4 { break-after: avoid; }
  li, tr { break-inside: avoid; }
}
</style>
</head>
<body>
<main>
{{ body }}
</main>
</body>
</html>
"""


def record_html(markdown: str) -> str:
    """The Markdown record as a standalone HTML page (raw HTML inside the Markdown is escaped, never passed on)."""
    renderer = MarkdownIt("commonmark", {"html": False}).enable("table")
    body = renderer.render(markdown)
    title = markdown.splitlines()[0].lstrip("# ").strip() if markdown else "Decision record"
    env = Environment(autoescape=True)
    return env.from_string(TEMPLATE).render(title=title, body=_Safe(body))


class _Safe(str):
    """Already-rendered HTML for the template (markdown-it escapes the text it renders)."""

    def __html__(self) -> str:
        return str(self)


__all__ = ["record_html"]
