"""Google Trends interest over time for the registry's terms, in one request, via the official API or pytrends."""

from __future__ import annotations

import pandas as pd

from faceoff.errors import SourceUnavailable
from faceoff.popularity.sources.base import FetchContext, Fetched, replace_all, with_backoff
from faceoff.popularity.sources.trends_backends import (
    OFFICIAL_API_URL,
    SOURCE,
    OfficialTrendsBackend,
    PytrendsBackend,
    Retryable,
    TrendsBackend,
)

MAX_TERMS = 5  # the website compares at most five terms in one request
DEFAULT_GEO = ""  # worldwide
DEFAULT_TIMEFRAME = "today 5-y"
EXPLORE_URL = "https://trends.google.com/trends/explore"
# Google rate-limits the website's endpoints hard (pytrends#614, #618, #625): wait minutes, not seconds.
# Every wait is at least the base (``backoff_floor`` defaults to ``backoff_base``), so full jitter never shrinks it
# to a few seconds; a page that cannot wait passes a small base or one attempt.
BACKOFF = {"attempts": 3, "backoff_base": 60.0, "backoff_cap": 300.0}
METHODS = {  # provenance ``parameters.backend`` → what the chart says produced the data
    "csv-import": "imported from a CSV exported on the Google Trends website",
    "official-api": "fetched from the official Google Trends API (alpha)",
    "pytrends": "fetched with pytrends from the Google Trends website's endpoints",
}


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def infer_granularity(dates: pd.Series) -> str:
    unique = pd.Series(sorted(set(pd.to_datetime(pd.Series(dates)))))
    if len(unique) < 2:
        return "unknown"
    days = unique.diff().dropna().dt.total_seconds().median() / 86400
    if days < 1:
        return "hourly"
    if days < 2:
        return "daily"
    if days < 8:
        return "weekly"
    if days < 32:
        return "monthly"
    return f"{days:.0f}-day"


def query_terms(frameworks) -> tuple[dict[str, str], str]:
    """{query: framework id} and the kind of query: a registry ``trends_topic`` (topic id) wins over the bare term."""
    topics = [(getattr(fw, "trends_topic", None), fw.id) for fw in frameworks]
    if topics and all(topic for topic, _ in topics):
        return {str(topic): fid for topic, fid in topics}, "topic"
    return {fw.trends_term: fw.id for fw in frameworks if fw.trends_term}, "search term"


def choose_backend(ctx: FetchContext) -> TrendsBackend:
    wanted = str(ctx.options.get("trends_backend", "auto"))
    key = ctx.options.get("trends_api_key")
    if wanted == "official" or (wanted == "auto" and key):
        if not key:
            raise SourceUnavailable(SOURCE, "the official API needs a key: set GOOGLE_TRENDS_API_KEY (or the "
                                            "secret of the same name); Google grants alpha access on application")
        url = str(ctx.options.get("trends_api_url") or "").strip() or OFFICIAL_API_URL
        return OfficialTrendsBackend(str(key), url, ctx.session, ctx.current_time().date())
    return PytrendsBackend()


def to_long(rows: pd.DataFrame, query_to_framework: dict[str, str], labels: dict[str, str], scale: str
            ) -> pd.DataFrame:
    out = rows.copy()
    out["scale"] = scale
    out["framework"] = out["term"].map(query_to_framework)
    out["term"] = out["term"].map(lambda q: labels.get(q, q))
    columns = ["date", "framework", "term", "value", "is_partial", "below_one", "scale"]
    return out[columns].sort_values(["date", "framework"], kind="stable").reset_index(drop=True)


class GoogleTrends:
    """Refreshes ``popularity-trends``: the whole series is replaced, because its scale belongs to one request."""

    name = "trends"
    title = "Google Trends"
    dataset_id = "popularity-trends"
    merge = staticmethod(replace_all)

    def __init__(self, backend: TrendsBackend | None = None):
        self.backend = backend

    def fetch(self, ctx: FetchContext) -> Fetched:
        query_to_framework, term_kind = query_terms(ctx.frameworks)
        if not query_to_framework:
            raise SourceUnavailable(SOURCE, "no search terms: the framework registry lists no trends_term")
        backend = self.backend or choose_backend(ctx)
        if backend.name == "pytrends" and len(query_to_framework) > MAX_TERMS:
            raise SourceUnavailable(SOURCE, f"{len(query_to_framework)} terms; one request compares at most "
                                            f"{MAX_TERMS}")
        geo = str(ctx.options.get("geo", DEFAULT_GEO))
        timeframe = str(ctx.options.get("timeframe", DEFAULT_TIMEFRAME))
        terms = list(query_to_framework)
        policy = {k: float(ctx.options.get(k, v)) for k, v in BACKOFF.items()}
        policy["backoff_floor"] = float(ctx.options.get("backoff_floor", policy["backoff_base"]))
        attempts = int(policy["attempts"])
        try:
            series = with_backoff(lambda: backend.fetch_series(terms, geo, timeframe, ctx.timeout),
                                  retry_on=(Retryable,), attempts=attempts, base=policy["backoff_base"],
                                  cap=policy["backoff_cap"], floor=policy["backoff_floor"], sleep=ctx.sleep,
                                  rng=ctx.rng)
        except Retryable as exc:
            raise SourceUnavailable(SOURCE, f"{exc} (gave up after {attempts} attempts)") from exc
        if series.rows.empty:
            raise SourceUnavailable(SOURCE, f"empty result for {', '.join(terms)} (geo={geo or 'worldwide'}, "
                                            f"timeframe={timeframe})")
        labels = {fw_query: next(fw.trends_term for fw in ctx.frameworks if fw.id == fid)
                  for fw_query, fid in query_to_framework.items()}
        frame = to_long(series.rows, query_to_framework, labels, "api" if series.backend == "official-api" else "0-100")
        now = ctx.current_time()
        partial = sorted({d.isoformat() for d in frame.loc[frame["is_partial"], "date"]})
        missing = int(frame["value"].isna().sum())
        provenance = {
            "source": f"Google Trends (interest over time, {METHODS[series.backend]})",
            "url": EXPLORE_URL,
            "retrieved": now.date().isoformat(),
            "fetched_at": now.replace(microsecond=0).isoformat(),
            "data_as_of": max(frame["date"]).isoformat(),
            "licence": "Google Trends data, used with attribution (Google Terms of Service)",
            "attribution": "Data source: Google Trends (https://www.google.com/trends).",
            "method": f"{sentence(METHODS[series.backend])}; one request for all terms. Values: {series.scale}. "
                      "Relative search interest, not search volumes; the last period may be partial; weeks Google "
                      "marks as having no data are left empty, not 0.",
            "parameters": {"backend": series.backend, "terms": [labels[t] for t in terms], "queries": terms,
                           "term_kind": term_kind, "geo": geo or "worldwide", "timeframe": timeframe,
                           "granularity": infer_granularity(frame["date"]), "property": "web search",
                           "category": 0, "scale": series.scale},
            "stats": {"periods": int(frame["date"].nunique()), "partial_periods": partial,
                      "missing_values": missing, "below_one_values": int(frame["below_one"].sum())},
        }
        return Fetched(frame, provenance)


def trends_method_caption(provenance: dict | None) -> str:
    """One line for the Trends chart: which way in produced the data, and for what place, period and scale."""
    if not provenance:
        return ""
    params = provenance.get("parameters") or {}
    backend = params.get("backend", "pytrends")  # snapshots from before the three ways in came from pytrends
    parts = [sentence(METHODS.get(backend, backend))]
    geo = params.get("geo")
    if geo:
        parts.append(geo if isinstance(geo, str) else ", ".join(geo))
    for key in ("timeframe", "granularity"):
        if params.get(key):
            parts.append(str(params[key]))
    if backend == "csv-import" and params.get("file_name"):
        parts.append(f"file {params['file_name']}")
    when = provenance.get("fetched_at") or provenance.get("retrieved")
    if when:
        parts.append(f"{'imported' if backend == 'csv-import' else 'fetched'} {str(when)[:10]}")
    scale = params.get("scale") or ("0–100 within the export (100 = its peak)" if backend == "csv-import" else "")
    if scale:
        parts.append(f"values: {scale}")
    return " · ".join(parts)
