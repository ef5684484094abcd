"""Head-to-head as escaped HTML: a card per criterion (narrow screens), why each row matched a search, full text.

Everything here is built from the matrix's own data; the search term never enters the HTML as such: only the
passages of our data that it matched are wrapped in ``<mark>``. Every text is escaped, every link is a validated
source URL. The styles (and the media rules choosing cards or the table) are in ``matrix.css``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any

import pandas as pd

from components.format import verdict_label
from components.matrix.compact import glyphs, leads_text
from faceoff.matrix import Matrix, term_pattern

CSS = Path(__file__).with_name("matrix.css")
WHY_SHOWN = 20  # matches listed before the rest fold under "more"


def highlight(text: object, pattern: re.Pattern[str] | None) -> str:
    """``text`` escaped, each passage matching ``pattern`` wrapped in ``<mark>``."""
    if not isinstance(text, str):
        return ""
    if pattern is None:
        return escape(text)
    out, last = [], 0
    for found in pattern.finditer(text):
        if found.end() == found.start():
            continue
        out += [escape(text[last:found.start()]), f"<mark>{escape(found.group())}</mark>"]
        last = found.end()
    out.append(escape(text[last:]))
    return "".join(out)


def pattern_for(query: str) -> re.Pattern[str] | None:
    return term_pattern(query) if query.strip() else None


def rating_html(rating: Any, levels: Mapping[int, str], maximum: int) -> str:
    if rating is None or pd.isna(rating):
        return '<span class="fo-glyph" title="not assessed">–</span>'
    value = int(rating)
    words = f"{value} of {maximum}: {levels.get(value, '')}"
    return f'<span class="fo-glyph" role="img" aria-label="{escape(words)}" title="{escape(words)}">' \
           f"{glyphs(value, maximum)}</span>"


def why_html(row: Mapping[Any, Any]) -> str:
    """"Matched in <field>: …snippet…" for a row ``filter_matrix`` found by a search; empty otherwise."""
    field = row.get("match_field")
    if not isinstance(field, str) or not field:
        return ""
    return (f'<p class="fo-why"><span class="fo-why-field">Matched in {escape(field)}:</span> '
            f'{escape(str(row["match_before"]))}<mark>{escape(str(row["match_hit"]))}</mark>'
            f'{escape(str(row["match_after"]))}</p>')


def cards_html(filtered: pd.DataFrame, matrix: Matrix, frameworks: Sequence[str], query: str = "",
               hrefs: Mapping[str, str] | None = None) -> str:
    """One card per criterion: its name (a link to its details where ``hrefs`` has one), each framework's rating and
    summary, who leads, why it matched."""
    names = {fw.id: fw.name for fw in matrix.frameworks}
    levels = {lvl.value: lvl.label for lvl in matrix.scale.levels}
    pattern = pattern_for(query)
    cards = []
    for row in filtered.to_dict("records"):
        rates = []
        for fw in frameworks:
            summary = row.get(f"{fw}_summary") or row.get(f"{fw}_verdict") or "not assessed"
            rates.append(f'<li><span class="fo-fw">{escape(names[fw])}</span>'
                         f'{rating_html(row.get(f"{fw}_rating"), levels, matrix.scale.max)}'
                         f'<span class="fo-sum">{highlight(summary, pattern)}</span></li>')
        leads = leads_text(str(row["leader"]), list(row["co_leaders"]), names)
        title = highlight(row["criterion"], pattern)
        href = (hrefs or {}).get(str(row["criterion_id"]))
        if href:
            title = (f'<a href="{escape(href, quote=True)}" target="_self" '
                     f'data-crit="{escape(str(row["criterion_id"]), quote=True)}">{title}</a>')
        cards.append(f'<section class="fo-card"><h2 class="fo-card-title">{title}'
                     f'</h2><p class="fo-leads"><strong>Leads:</strong> {escape(leads)}</p>'
                     f'<ul class="fo-rates">{"".join(rates)}</ul>{why_html(row)}</section>')
    return f'<div class="fo-cards">{"".join(cards)}</div>'


def table_html(filtered: pd.DataFrame, matrix: Matrix, frameworks: Sequence[str], hrefs: Mapping[str, str],
               query: str = "") -> str:
    """The compact table (wide screens): a row per criterion, each framework's rating, who leads, the summaries.

    Plain HTML, not a data grid: it draws at once with the page. Each criterion's name links to the same view with
    its details open (``hrefs``: criterion id -> link), where its verdicts in full, sources and dates are; its
    ``data-crit`` (the criterion's id) lets components/matrix/linked.py open them in this session instead."""
    names = {fw.id: fw.name for fw in matrix.frameworks}
    levels = {lvl.value: lvl.label for lvl in matrix.scale.levels}
    scale = ", ".join(f"{glyphs(v, matrix.scale.max)} {label}" for v, label in sorted(levels.items(), reverse=True))
    pattern = pattern_for(query)
    head = ['<th scope="col">Criterion</th>']
    head += [f'<th scope="col" title="{escape(names[fw])}&#39;s rating: {escape(scale)}">{escape(names[fw])}</th>'
             for fw in frameworks]
    head.append('<th scope="col" title="The framework with the unique highest rating, or a tie">Leads</th>')
    head += [f'<th scope="col" class="fo-sum">{escape(names[fw])}, in short</th>' for fw in frameworks]
    rows = []
    for row in filtered.to_dict("records"):
        href = hrefs.get(str(row["criterion_id"]), "")
        cells = [f'<th scope="row"><a href="{escape(href, quote=True)}" target="_self" '
                 f'data-crit="{escape(str(row["criterion_id"]), quote=True)}">'
                 f'{highlight(row["criterion"], pattern)}</a></th>']
        cells += [f'<td>{rating_html(row.get(f"{fw}_rating"), levels, matrix.scale.max)}</td>' for fw in frameworks]
        leads = leads_text(str(row["leader"]), list(row["co_leaders"]), names)
        cells.append(f'<td class="fo-lead">{escape(leads)}</td>')
        for fw in frameworks:
            summary = row.get(f"{fw}_summary") or row.get(f"{fw}_verdict") or "not assessed"
            cells.append(f'<td class="fo-sum">{highlight(summary, pattern)}</td>')
        rows.append(f'<tr>{"".join(cells)}</tr>')
    return (f'<div class="fo-table-wrap" tabindex="0" role="region" aria-label="Head-to-head table">'
            f'<table class="fo-table"><thead><tr>{"".join(head)}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


def why_list_html(filtered: pd.DataFrame) -> str:
    """Why each row of a search matched, in the table's order (best matches first)."""
    items = [f'<li><strong>{escape(str(row["criterion"]))}</strong> · {why_html(row)}</li>'
             for row in filtered.to_dict("records") if row.get("match_field")]
    if not items:
        return ""
    shown, rest = items[:WHY_SHOWN], items[WHY_SHOWN:]
    more = (f'<details><summary>{len(rest)} more</summary><ul class="fo-why-list">{"".join(rest)}</ul></details>'
            if rest else "")
    return (f'<div class="fo-why-box"><p class="fo-why-head">Why these rows match (best first: name, summary, '
            f'question, verdict, sources)</p><ul class="fo-why-list">{"".join(shown)}</ul>{more}</div>')


def sources_html(sources: Sequence[object]) -> str:
    items = []
    for s in sources:
        date = f" ({s.date.isoformat()})" if getattr(s, "date", None) else ""  # type: ignore[attr-defined]
        kind = f" · <em>{escape(s.kind)}</em>" if getattr(s, "kind", None) else ""  # type: ignore[attr-defined]
        items.append(f'<li><a href="{escape(str(s.url), quote=True)}" target="_blank" rel="noopener">'  # type: ignore[attr-defined]
                     f"{escape(s.title)}</a>{escape(date)}{kind}</li>")  # type: ignore[attr-defined]
    return f'<ul class="fo-sources">{"".join(items)}</ul>' if items else ""


def full_text_html(ids: Sequence[str], matrix: Matrix, frameworks: Sequence[str], co_leaders: Mapping[str, list],
                   claims_by_criterion: Mapping[str, list], query: str = "") -> str:
    """Every verdict of ``ids`` in full, wrapped: framework columns side by side where they fit, stacked otherwise."""
    names = {fw.id: fw.name for fw in matrix.frameworks}
    levels = {lvl.value: lvl.label for lvl in matrix.scale.levels}
    pattern = pattern_for(query)
    parts = []
    for crit_id in ids:
        crit = matrix.criterion(crit_id)
        if crit is None:
            continue
        cells = []
        for fw in frameworks:
            cell = crit.cells.get(fw)
            if cell is None:
                cells.append(f'<div class="fo-cell"><h3>{escape(names[fw])}</h3><p>Not assessed yet.</p></div>')
                continue
            cells.append(f'<div class="fo-cell"><h3>{escape(names[fw])} '
                         f'{rating_html(cell.rating, levels, matrix.scale.max)} '
                         f'<span class="fo-level">{escape(levels.get(cell.rating, ""))}</span></h3>'
                         f'<p>{highlight(cell.verdict, pattern)}</p><p class="fo-asof">As of '
                         f'{cell.as_of.isoformat()}</p>{sources_html(cell.sources)}</div>')
        claims = claims_by_criterion.get(crit_id, [])
        claim_list = "".join(f"<li>{escape(c.claim)} <em>({escape(verdict_label(c.verdict))})</em></li>"
                             for c in claims)
        claim_block = (f'<p class="fo-claims-head">What the articles claimed about it ({len(claims)})</p>'
                       f'<ul class="fo-claims">{claim_list}</ul>' if claims else "")
        leads = leads_text(crit.leader, list(co_leaders.get(crit_id, [])), names)
        parts.append(f'<section class="fo-full"><h2>{highlight(crit.name, pattern)}</h2>'
                     f'<p class="fo-question">{escape(crit.question)}</p>'
                     f'<p><strong>Leads: {escape(leads)}.</strong> {highlight(crit.leader_reason, pattern)}</p>'
                     f'<div class="fo-grid">{"".join(cells)}</div>{claim_block}</section>')
    return f'<div class="fo-fulltext">{"".join(parts)}</div>'
