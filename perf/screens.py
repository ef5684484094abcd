"""Time to the first screen complete and to the full page settled, per page, at 1280×800 and 390×844 (issue #22).

Each page is opened as a shared link in a fresh browser context on a warm server; the clock starts at navigation.
* first screen: the script run is done and everything inside the viewport is drawn: no skeleton or spinner there,
  and every Plotly chart that reaches into the viewport has drawn its SVG.
* full page: every chart on the page drawn, and the page's element count and text unchanged for ``SETTLE_S``; the
  figure is the time of the last change (the quiet window itself is not counted).
Both are medians of ``repeat`` fresh contexts, and ratios to the one-line page (perf/trivial_app.py) timed the same
way in the same browser and run, so machine speed cancels out.
"""

from __future__ import annotations

import statistics
import time

SIZES = ((1280, 800), (390, 844))
SETTLE_S = 1.0
PROBE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  const ready = !!app && !!main && app.dataset.testScriptState === 'notRunning'
    && !!main.querySelector('[data-testid="stElementContainer"]');
  const h = window.innerHeight, w = window.innerWidth;
  const inView = (el) => { const r = el.getBoundingClientRect(); return r.bottom > 0 && r.top < h && r.right > 0
    && r.left < w && r.height > 0; };
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  const drawn = (el) => !!el.querySelector('.main-svg');
  const busy = [...document.querySelectorAll('[data-testid="stSkeleton"], [data-testid="stSpinner"]')];
  return {ready, screen: ready && charts.filter(inView).every(drawn) && !busy.some(inView),
          all: ready && charts.every(drawn) && busy.length === 0,
          nodes: document.getElementsByTagName('*').length, text: document.body ? document.body.innerText.length : 0,
          charts: charts.length};
}"""


async def time_page(browser, url: str, size: tuple[int, int], timeout_s: float = 90) -> dict:
    """One fresh context: seconds to the first screen complete and to the full page settled."""
    context = await browser.new_context(viewport={"width": size[0], "height": size[1]})
    try:
        return await time_page_in(await context.new_page(), url, size, timeout_s)
    finally:
        await context.close()


async def time_page_in(tab, url: str, size: tuple[int, int], timeout_s: float = 90) -> dict:
    """``time_page`` in a tab of a fresh context (left open, for what comes after)."""
    start = time.perf_counter()
    await tab.goto(url, wait_until="commit")
    screen = None
    last_change, last_shape, done_since = 0.0, None, None
    while time.perf_counter() - start < timeout_s:
        try:
            probe = await tab.evaluate(PROBE)
        except Exception:  # the document is being replaced (navigation still committing): probe again
            await tab.wait_for_timeout(25)
            continue
        now = time.perf_counter() - start
        if screen is None and probe["screen"]:
            screen = now
        shape = (probe["nodes"], probe["text"], probe["all"])
        if shape != last_shape:
            last_shape, last_change, done_since = shape, now, None
        if probe["all"] and screen is not None:
            done_since = done_since or now
            if now - last_change >= SETTLE_S:
                return {"screen_s": screen, "full_s": last_change, "nodes": probe["nodes"],
                        "charts": probe["charts"]}
        await tab.wait_for_timeout(25)
    raise TimeoutError(f"{url} did not settle within {timeout_s} s at {size[0]}x{size[1]}")


async def median_times(browser, url: str, size: tuple[int, int], repeat: int) -> dict:
    await time_page(browser, url, size)  # warm the server's caches for this page (not counted)
    runs = [await time_page(browser, url, size) for _ in range(repeat)]
    return {"screen_s": round(statistics.median(r["screen_s"] for r in runs), 3),
            "full_s": round(statistics.median(r["full_s"] for r in runs), 3),
            "nodes": runs[-1]["nodes"], "charts": runs[-1]["charts"]}


async def measure_screens(browser, trivial_url: str, app_url: str, paths: list[str], repeat: int,
                          only: list[str] | None = None) -> dict:
    """Every page at both sizes against the trivial page at the same size."""
    rows = []
    base = {}
    for size in SIZES:
        base[size] = await median_times(browser, trivial_url, size, repeat)
    for path in paths:
        if only and (path or "(default)") not in only:
            continue
        for size in SIZES:
            t = await median_times(browser, f"{app_url}/{path}" if path else app_url, size, repeat)
            b = base[size]
            rows.append({"page": path or "(default)", "size": f"{size[0]}x{size[1]}", **t,
                         "screen_ratio": round(t["screen_s"] / b["screen_s"], 2),
                         "full_ratio": round(t["full_s"] / b["full_s"], 2)})
    reached = []
    for path in ("popularity", "benchmarks"):
        if path in paths and (not only or path in only):
            times = [await time_to_reached_chart(browser, f"{app_url}/{path}", SIZES[0]) for _ in range(repeat)]
            drawn = [t for t in times if t is not None]
            if drawn:
                reached.append({"page": path, "size": "1280x800", "chart_s": round(statistics.median(drawn), 3)})
    return {"trivial": {f"{w}x{h}": v for (w, h), v in base.items()}, "rows": rows, "repeat": repeat,
            "reached": reached}


async def time_to_reached_chart(browser, url: str, size: tuple[int, int], timeout_s: float = 60) -> float | None:
    """Charts are drawn when they scroll into view (components/charts.py): seconds from scrolling the first waiting
    chart into view to its plot drawn, on a page already settled in a fresh context (None: no chart waits there)."""
    context = await browser.new_context(viewport={"width": size[0], "height": size[1]})
    try:
        tab = await context.new_page()
        await time_page_in(tab, url, size)
        waiting = tab.locator("[class*='_waiting'][class*='st-key-']")
        if not await waiting.count():
            return None
        drawn = await tab.locator(".js-plotly-plot .main-svg").count()
        start = time.perf_counter()
        await waiting.first.scroll_into_view_if_needed()
        await tab.wait_for_function(f"() => document.querySelectorAll('.js-plotly-plot .main-svg').length > {drawn}",
                                    timeout=timeout_s * 1000, polling=25)
        return time.perf_counter() - start
    finally:
        await context.close()


def format_screens(r: dict) -> str:
    lines = ["time to first screen complete / full page settled, median of "
             f"{r['repeat']} fresh contexts, ratio to the one-line page at the same size:"]
    for size, t in r["trivial"].items():
        lines.append(f"  one-line page {size}: first screen {t['screen_s']} s, full page {t['full_s']} s")
    lines.append(f"  {'page':<16} {'size':<9} {'screen s':>8} {'ratio':>6} {'full s':>7} {'ratio':>6} "
                 f"{'nodes':>6} {'charts':>6}")
    for row in r["rows"]:
        lines.append(f"  {row['page']:<16} {row['size']:<9} {row['screen_s']:>8} {row['screen_ratio']:>5}× "
                     f"{row['full_s']:>7} {row['full_ratio']:>5}× {row['nodes']:>6} {row['charts']:>6}")
    for row in r.get("reached", []):
        lines.append(f"  a {row['page']} chart scrolled into view is drawn {row['chart_s']} s later ({row['size']}; "
                     "no goal: charts are drawn when reached)")
    return "\n".join(lines)
