"""The popularity domain: snapshots with provenance, their datasets, figures, live sources and refresh.

Other packages import these public names from ``faceoff.popularity``, never its submodules (docs/architecture.md).
"""

from faceoff.exports import lazy_exports

_PUBLIC = {
    "adoption_chart_frame": "adoption",
    "all_sources": "sources",
    "conference_share": "conferences",
    "ClickHousePypi": "sources.clickhouse",
    "FetchContext": "sources.base",
    "Fetched": "sources.base",
    "GitHubStars": "sources.github",
    "GoogleTrends": "sources.trends",
    "load_adoption": "datasets",
    "load_conferences": "datasets",
    "load_github_stars": "datasets",
    "load_pwc_quotes": "datasets",
    "load_pwc_share": "datasets",
    "load_pypi_downloads": "datasets",
    "load_pypi_monthly": "datasets",
    "load_trends": "datasets",
    "make_adoption_figure": "adoption",
    "make_conference_figure": "conferences",
    "make_pwc_figure": "papers",
    "make_series_figure": "series",
    "NORM_LABELS": "styles",
    "NORMS": "styles",
    "OVERALL": "styles",
    "PapersWithCode": "sources.pwc",
    "plotted_rows": "series",
    "prepare_series": "series",
    "Provenance": "snapshot",
    "pwc_quote_points": "papers",
    "pwc_series": "papers",
    "PypiDownloads": "sources.pypi",
    "read_adoption": "adoption",
    "read_conferences": "conferences",
    "read_pwc": "papers",
    "read_series": "series",
    "read_trends": "series",
    "Release": "styles",
    "releases_from": "styles",
    "SCALE_LABELS": "styles",
    "SCALES": "styles",
    "series_frame": "series",
    "SeriesOptions": "styles",
    "SMOOTHING": "styles",
    "Snapshot": "snapshot",
    "Source": "sources.base",
    "Style": "styles",
    "styles_for": "styles",
    "value_axis_title": "series",
    "year_bounds": "styles",
}
__all__ = sorted(_PUBLIC)
__getattr__, __dir__ = lazy_exports(__name__, _PUBLIC)
