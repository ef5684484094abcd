"""The wizard's score chart: each framework's score stacked from its per-question contributions."""

from __future__ import annotations

import plotly.graph_objects as go

from faceoff.matrix import Matrix
from faceoff.wizard.model import Wizard
from faceoff.wizard.results import Recommendation


def make_score_figure(rec: Recommendation, wizard: Wizard, matrix: Matrix) -> go.Figure:
    """Each framework's preference score as a bar stacked from its per-question contributions.

    Target points (compared first) are not stacked with preference points; the bars are in ranking order, best
    first, and the page's "How the score works" gives the target points.
    """
    crit_name = {c.id: c.name for c in matrix.criteria}
    ranking = list(rec.ranking)[::-1]  # plotly draws the first category at the bottom
    # plain names: target points (compared first) are explained under "How the score works", not on the axis
    labels = [s.name + ("" if s.eligible else " (ruled out)") for s in ranking]
    fig = go.Figure()
    for q in wizard.questions:
        if q.id in rec.unanswered:
            continue  # an unanswered question adds nothing: no segment, no legend entry
        values = []
        hovers = []
        for s in ranking:
            parts = [c for c in s.contributions if c.question == q.id and c.tier == "preference"]
            values.append(sum(c.points for c in parts))
            lines = [
                f"{crit_name.get(c.criterion, c.criterion)}: "
                + (f"{c.weight} × {c.rating if c.rating is not None else 'n/a'}" if c.kind == "weight"
                   else "bonus") + f" = {c.points}"
                for c in parts
            ]
            hovers.append("<br>".join(lines) or "no effect")
        opt = q.pick(rec.answers[q.id])
        fig.add_trace(go.Bar(
            name=f"{q.short}: {opt.label}", y=labels, x=values, orientation="h",
            customdata=hovers, hovertemplate="%{y}<br>%{customdata}<extra>" + q.short + "</extra>",
        ))
    fig.update_layout(
        barmode="stack",
        xaxis_title="Points from your answers (more = a better fit; see “How the score works”)",
        legend={"orientation": "h", "yanchor": "top", "y": -0.25, "x": 0, "traceorder": "normal"},
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        height=260 + 22 * len(wizard.questions),
    )
    for s, label in zip(ranking, labels, strict=True):
        fig.add_annotation(x=s.score, y=label, text=f" {s.score}", showarrow=False, xanchor="left")
    return fig
