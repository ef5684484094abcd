"""The Popularity page's summary: one computed line per signal, its newest date and what it says."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from faceoff.popularity.conferences import conference_share
from faceoff.popularity.mlperf import BENCHMARKS, mlperf_shares
from faceoff.popularity.papers import pwc_quote_points
from faceoff.popularity.pypi_top import TOTAL_PREFIX, PypiFrameworks, framework_totals
from faceoff.popularity.styles import OVERALL
from faceoff.records import records


@dataclass(frozen=True)
class SignalLine:
    """One signal in the summary. ``has_data`` False: nothing fetched yet (``says`` tells why). ``newest`` orders the
    lines; ``newest_label`` shows it at the precision the source gives (a day, a month or a year)."""

    signal: str
    title: str
    newest: dt.date | None
    says: str
    newest_label: str = ""
    has_data: bool = True

    @property
    def when(self) -> str:
        return self.newest_label or (self.newest.isoformat() if self.newest else "not fetched")


def _empty(signal: str, title: str, says: str) -> SignalLine:
    return SignalLine(signal, title, None, says, has_data=False)


def _m(value: float) -> str:
    return f"{value / 1e6:,.1f} M" if value >= 1e5 else f"{value:,.0f}"


def pypi_line(rows: pd.DataFrame, spec: PypiFrameworks, names: dict[str, str],
              frameworks: Sequence[str]) -> SignalLine:
    """The newest snapshot's framework totals, largest first."""
    totals = framework_totals(rows, spec, frameworks)
    if totals.empty:
        return _empty("pypi-downloads", "PyPI downloads", "No snapshot of the framework packages.")
    newest = totals[totals["date"] == totals["date"].max()].sort_values("downloads", ascending=False)
    first = newest.iloc[0]
    parts = ", ".join(f"{names.get(r.series[len(TOTAL_PREFIX):], r.series)} {_m(r.downloads)}"
                      for r in records(newest))
    return SignalLine("pypi-downloads", "PyPI downloads", first["date"].date(),
                      f"{parts} downloads, {first['window_start']} → {first['window_end']} (framework totals).")


def mlperf_line(frame: pd.DataFrame, dates: dict | None = None) -> SignalLine:
    """The newest Training and Inference rounds (closed division): the label most systems run on; ``dates`` as for
    ``mlperf_shares`` (each round's date and its kind)."""
    says, newest, label = [], None, ""
    for benchmark in BENCHMARKS:
        shares = mlperf_shares(frame, benchmark, "closed", dates=dates)
        if shares.empty:
            continue
        last_round = shares["round"].iloc[-1]
        last = shares[(shares["round"] == last_round) & ~shares["category"].isin(["multi", "unknown", "other"])]
        top = last.sort_values("share", ascending=False).iloc[0]
        when = f" ({top['date_label']})" if top["round_date"] else " (no date found)"
        says.append(f"{BENCHMARKS[benchmark]} {top['version']}{when}: {top['name']} {top['share']:.0f} % of "
                    f"{int(top['round_systems'])} closed-division systems")
        if top["round_date"]:
            day = top["round_date"] if len(top["round_date"]) == 10 else f"{top['round_date']}-01"
            stamp = dt.date.fromisoformat(day)
            if newest is None or stamp > newest:
                newest, label = stamp, top["round_date"]
    if not says:
        return _empty("mlperf", "MLPerf submissions", "No MLPerf systems in the data.")
    return SignalLine("mlperf", "MLPerf submissions", newest, "; ".join(says) + ".", label or "no round date found")


def stars_line(frame: pd.DataFrame, names: dict[str, str], frameworks: Sequence[str]) -> SignalLine:
    part = frame[frame["framework"].isin(list(frameworks))]
    if part.empty:
        return _empty("github-stars", "GitHub stars", "No star counts for these frameworks.")
    latest = part.sort_values("date").groupby("framework").tail(1).sort_values("stars", ascending=False)
    newest = max(latest["date"])
    parts = ", ".join(f"{names.get(r.framework, r.framework)} {r.stars_display}" for r in records(latest))
    return SignalLine("github-stars", "GitHub stars", newest, f"{parts} stars (last published count of each).")


def conferences_line(frame: pd.DataFrame) -> SignalLine:
    table = conference_share(frame)
    pooled = table[table["series"] == OVERALL].dropna(subset=["pytorch_share"])
    if pooled.empty:
        return _empty("conferences", "Conference papers", "No conference counts.")
    last = pooled.iloc[-1]
    return SignalLine("conferences", "Conference papers", dt.date(int(last["year"]), 12, 31),
                      f"{last['pytorch_share']:.0f} % of the {int(last['year'])} papers that name one of PyTorch and "
                      f"TensorFlow name PyTorch ({int(last['year'])}: {last['conferences']}); the counts end there.",
                      str(int(last["year"])))


def adoption_line(points: pd.DataFrame) -> SignalLine:
    """The newest survey year's first group of figures (one metric, one population), as quoted."""
    years = pd.to_numeric(points["date"].astype(str).str[:4], errors="coerce")
    dated = points.assign(year=years).dropna(subset=["year"])
    if dated.empty:
        return _empty("surveys", "Surveys and dated figures", "No dated figure.")
    year = int(dated["year"].max())
    newest = dated[dated["year"] == year]
    first = newest.iloc[0]
    group = newest[(newest["metric"] == first["metric"]) & (newest["population"] == first["population"])]
    parts = ", ".join(f"{r.framework} {r.value:g}{' %' if r.unit == '%' else ' ' + r.unit}" for r in records(group))
    return SignalLine("surveys", "Surveys and dated figures", dt.date(year, 12, 31),
                      f"{first['metric']} ({first['population']}): {parts}.", str(year))


def pwc_line(share: pd.DataFrame | None, quotes: pd.DataFrame | None, names: dict[str, str]) -> SignalLine:
    if share is not None and not share.empty:
        part = share[(share["basis"] == "paper") & (share["scope"] == "all")]
        last_q = part["quarter"].max()
        rows = part[part["quarter"] == last_q].sort_values("share", ascending=False)
        parts = ", ".join(f"{names.get(r.framework, r.framework)} {r.share:.0f} %" for r in records(rows))
        return SignalLine("pwc", "Papers with Code", pd.Period(last_q, freq="Q").end_time.date(),
                          f"{last_q}: {parts} of paper implementations (computed from the archive).", last_q)
    if quotes is not None and not quotes.empty:
        charted, _ = pwc_quote_points(quotes)
        if not charted.empty:
            last = charted[charted["end"] == charted["end"].max()]
            parts = ", ".join(f"{names.get(r.framework, r.framework)} {r.share:.0f} %" for r in records(last))
            return _empty("pwc", "Papers with Code", f"Series not computed yet; the newest published figure "
                                                     f"({last.iloc[0]['when']}, {last.iloc[0]['source_title']}): "
                                                     f"{parts}.")
    return _empty("pwc", "Papers with Code", "Series not computed yet.")


def trends_line(frame: pd.DataFrame | None, names: dict[str, str]) -> SignalLine:
    if frame is None or frame.empty:
        return _empty("trends", "Google Trends", "Not fetched yet: no real Trends series ships with Faceoff.")
    complete = frame[~frame["is_partial"].astype(bool)] if "is_partial" in frame.columns else frame
    last = complete["date"].max() if not complete.empty else frame["date"].max()
    rows = frame[frame["date"] == last].sort_values("value", ascending=False)
    parts = ", ".join(f"{names.get(r.framework, r.framework)} {int(r.value)}" for r in records(rows))
    return SignalLine("trends", "Google Trends", pd.Timestamp(last).date(),
                      f"Search interest in the newest complete period: {parts} (0–100, one request).")


def order_lines(lines: Sequence[SignalLine]) -> list[SignalLine]:
    """Signals with data first, newest first; then the ones not fetched yet, in their given order."""
    with_data = sorted((ln for ln in lines if ln.has_data), key=lambda ln: ln.newest or dt.date.min, reverse=True)
    return with_data + [ln for ln in lines if not ln.has_data]
