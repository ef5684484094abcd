"""Method and coverage breaks (data/popularity/breaks.yaml) and the one function that draws them on every chart."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

import pandas as pd
import plotly.graph_objects as go
from pydantic import BeforeValidator, Field, field_validator, model_validator

from faceoff import clock
from faceoff.errors import DataFileError, Problem
from faceoff.io import display_path
from faceoff.loading import Loaded, duplicates, parse_model
from faceoff.schema import Id, Source, Strict, Text

SIGNALS = ("pypi-downloads", "github-stars", "pwc", "conferences", "trends", "mlperf")
MONTH_OR_DAY = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")
KIND_COLORS = {"method": "#B71C1C", "coverage": "#546E7A"}


def _as_text(value: object) -> object:
    # YAML reads 2025-07-05 as a date and 2026-07 as text: both become text, checked by one pattern
    return value.isoformat() if isinstance(value, dt.date) else value


BreakDate = Annotated[str, BeforeValidator(_as_text), Field(pattern=MONTH_OR_DAY.pattern)]


class Break(Strict):
    """One dated change in how a signal is measured (``method``) or in what it covers (``coverage``)."""

    id: Id
    date: BreakDate
    until: BreakDate | None = None
    signals: Annotated[list[Literal[SIGNALS]], Field(min_length=1)]  # type: ignore[valid-type]
    packages: list[Text] = Field(default_factory=list)
    kind: Literal["method", "coverage"]
    label: Annotated[str, Field(min_length=1, max_length=60)]
    detail: Text
    sources: Annotated[list[Source], Field(min_length=1)]

    @field_validator("date", "until")
    @classmethod
    def _not_future(cls, value: str | None) -> str | None:
        if value is not None and start_of(value) > clock.today():
            raise ValueError(f"date {value} is in the future")
        return value

    @model_validator(mode="after")
    def _span_in_order(self) -> Break:
        if self.until is not None and start_of(self.until) < start_of(self.date):
            raise ValueError(f"until {self.until} comes before date {self.date}")
        return self

    @property
    def start(self) -> pd.Timestamp:
        return pd.Timestamp(start_of(self.date))

    @property
    def end(self) -> pd.Timestamp | None:
        return pd.Timestamp(start_of(self.until)) if self.until else None


class Breaks(Strict):
    breaks: Annotated[list[Break], Field(min_length=1)]


def start_of(text: str) -> dt.date:
    """The first day a YYYY-MM or YYYY-MM-DD date stands for."""
    return dt.date.fromisoformat(text if len(text) == 10 else f"{text}-01")


def load_breaks(path: Path) -> Loaded[list[Break]]:
    parsed = parse_model(path, Breaks)
    dup = duplicates([b.id for b in parsed.breaks])
    if dup:
        raise DataFileError(path, [Problem(display_path(path), f"duplicate break id {d!r}", field="id") for d in dup])
    urls = {s.url for b in parsed.breaks for s in b.sources}
    newest = max(start_of(b.until or b.date) for b in parsed.breaks)
    return Loaded(list(parsed.breaks), rows=len(parsed.breaks), sources=len(urls), as_of=newest)


def breaks_for(breaks: Iterable[Break], signal: str, packages: Sequence[str] | None = None) -> list[Break]:
    """The breaks of one signal; a break limited to some packages only when one of them is shown."""
    shown = set(packages or ())
    return [b for b in breaks if signal in b.signals and (not b.packages or shown & set(b.packages))]


def split_by_range(breaks: Iterable[Break], start: pd.Timestamp, end: pd.Timestamp) -> tuple[list[Break], list[Break]]:
    """(breaks inside the plotted dates, breaks after them); breaks before the range are not the chart's concern."""
    inside, after = [], []
    for item in sorted(breaks, key=lambda b: b.start):
        last = item.end or item.start
        if item.start > end:
            after.append(item)
        elif last >= start:
            inside.append(item)
    return inside, after


def _year_fraction(stamp: pd.Timestamp) -> float:
    return stamp.year + (stamp.day_of_year - 1) / (366 if stamp.is_leap_year else 365)


def add_break_marks(fig: go.Figure, breaks: Iterable[Break], start: pd.Timestamp, end: pd.Timestamp,
                    xref: str = "x", year_axis: bool = False) -> list[Break]:
    """Draw each break inside [start, end] as a dashed line (a shaded band for a span) with its label on top.

    ``year_axis``: the chart's x is a plain year number, so dates become fractional years. Returns the breaks drawn;
    breaks after the range are listed by the caller under the chart, so a series that ends earlier is not stretched
    to reach them.
    """
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    inside, _ = split_by_range(breaks, start, end)
    # x positions: a fraction of a year on a year axis, the timestamp itself on a date axis (float or Timestamp)
    place: Callable[[pd.Timestamp], Any] = _year_fraction if year_axis else (lambda stamp: stamp)
    left, right = place(start), place(end)
    span = (right - left) or (pd.Timedelta(days=1) if not year_axis else 1.0)
    shapes, annotations = [], []
    for i, item in enumerate(inside):
        color = KIND_COLORS[item.kind]
        x0 = place(max(item.start, start) if item.end else item.start)
        if item.end:
            shapes.append({"type": "rect", "x0": x0, "x1": place(min(item.end, end)), "xref": xref,
                           "y0": 0, "y1": 1, "yref": "paper", "fillcolor": color, "opacity": 0.08,
                           "line": {"width": 0}, "layer": "below", "name": f"break {item.id}"})
        shapes.append({"type": "line", "x0": x0, "x1": x0, "xref": xref, "y0": 0, "y1": 1, "yref": "paper",
                       "line": {"color": color, "width": 1.5, "dash": "dash"}, "name": f"break {item.id}"})
        # a short numbered flag (the caption lists the numbers): full labels collide on a phone-wide chart
        annotations.append({"x": x0, "y": 1.0 - 0.05 * (i % 2), "xref": xref, "yref": "paper", "xanchor": "left",
                            "yanchor": "top", "showarrow": False, "text": f"⚑{i + 1}",
                            "hovertext": f"⚑{i + 1} {item.date}: {item.label}. {item.detail}",
                            "font": {"size": 11, "color": color}, "bgcolor": "rgba(255,255,255,0.8)",
                            "name": f"break {item.id}"})
        if item.kind == "method" and not item.end:
            jump = step_at(fig, item.start, year_axis)
            if jump is not None:
                x, y, ratio = jump
                right_half = item.start > start + (end - start) / 2  # label towards the middle, never off the plot
                annotations.append({"x": x, "y": y, "xref": xref, "yref": "y", "ax": -30 if right_half else 30,
                                    "ay": -30 if ratio > 1 else 30,
                                    "showarrow": True, "arrowhead": 2, "arrowcolor": color, "arrowwidth": 1,
                                    "text": f"⚑{i + 1} method change, not {'growth' if ratio > 1 else 'a decline'}",
                                    "font": {"size": 10, "color": color}, "bgcolor": "rgba(255,255,255,0.85)",
                                    "xanchor": "right" if right_half else "left", "name": f"jump {item.id}"})
    fig.update_layout(shapes=[*fig.layout.shapes, *shapes], annotations=[*fig.layout.annotations, *annotations])
    if inside and fig.layout.xaxis.range is None:
        # shapes would otherwise stretch the axis; keep it on the plotted dates (plus room for an end-of-data mark)
        pad = span * 0.03
        fig.update_xaxes(range=[left - pad, max(right, *(place(b.start) for b in inside)) + pad])
    return inside


JUMP = 1.5  # a step of at least half again (or a third down) between the points either side of a break


def step_at(fig: go.Figure, when: pd.Timestamp, year_axis: bool = False) -> tuple[object, float, float] | None:
    """Where a break makes a line jump: the first point at or after ``when`` on the trace whose value changes most
    from the point before (``(x, y, ratio)``), or None when no trace steps by :data:`JUMP` or more there."""
    best = None
    cut = _year_fraction(when) if year_axis else float(when.value)  # years, or nanoseconds since 1970
    for trace in fig.data:
        xs, ys = getattr(trace, "x", None), getattr(trace, "y", None)
        if xs is None or ys is None or len(xs) < 2 or getattr(trace, "type", "") != "scatter":
            continue
        points = [(x, float(y)) for x, y in zip(xs, ys, strict=False) if y is not None and y == y and float(y) > 0]
        stamps = [float(x) if year_axis else float(pd.Timestamp(x).value) for x, _ in points]
        after = next((k for k, stamp in enumerate(stamps) if stamp >= cut), None)
        if not after:  # no point after the break, or none before it
            continue
        ratio = points[after][1] / points[after - 1][1]
        size = max(ratio, 1 / ratio)
        if size >= JUMP and (best is None or size > best[0]):
            best = (size, points[after][0], points[after][1], ratio)
    return None if best is None else best[1:]


def breaks_note(breaks: Iterable[Break], numbered: bool = False) -> str:
    """A one-line list of breaks, each with its date and first source; ``numbered`` matches the chart's ⚑ flags."""
    return "; ".join(f"{f'⚑{i} ' if numbered else ''}{b.date}: {b.label} ([source]({b.sources[0].url}))"
                     for i, b in enumerate(breaks, start=1))
