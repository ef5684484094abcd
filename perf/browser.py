"""Browser-side figures in headless Chromium: app start to first full render, and server memory with N sessions.

    python perf/browser.py               # table; --json for python -m faceoff perf
    python perf/browser.py --sessions 20 --starts 3

* start-to-render: launch ``streamlit run`` (the app, then the trivial page), open the address in a fresh browser
  context as soon as the health endpoint answers, and stop the clock when the first script run is rendered
  (the app reports ``data-test-script-state=notRunning`` with content in the main block). Median of ``--starts``.
* page first render: on a running, warm server, each page opened directly in a fresh context (a shared link).
* memory: peak and final RSS of the server process while 1, then ``--sessions`` browser contexts each open the app
  and walk through every page from the navigation, all at once.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from perf.stclient import Server  # noqa: E402

TRIVIAL = "perf/trivial_app.py"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = os.environ.get("FACEOFF_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]
RENDERED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  return !!app && !!main && app.dataset.testScriptState === 'notRunning'
    && app.dataset.testConnectionState === 'CONNECTED' && main.querySelector('[data-testid="stElementContainer"]');
}"""


async def wait_rendered(tab, timeout_ms: float = 90_000) -> None:
    await tab.wait_for_function(RENDERED, timeout=timeout_ms, polling=20)


class MemorySampler:
    """Polls the server's RSS in a thread; ``peak`` is the highest value seen since ``reset()``."""

    def __init__(self, server: Server, interval: float = 0.05):
        self.server, self.interval, self.peak = server, interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.peak = max(self.peak, self.server.rss_bytes())
            except Exception:  # the process is gone
                return
            time.sleep(self.interval)

    def reset(self) -> None:
        self.peak = self.server.rss_bytes()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)


async def start_to_render(browser, script: str, starts: int) -> dict:
    totals, health = [], []
    for i in range(starts):
        server = Server(script, log=ARTIFACTS / f"perf-browser-start-{i}.log")
        try:
            context = await browser.new_context(viewport={"width": 1400, "height": 1000})
            tab = await context.new_page()
            await tab.goto(server.url)
            await wait_rendered(tab)
            totals.append(time.perf_counter() - server.started)
            health.append(server.healthy_after)
            await context.close()
        finally:
            server.stop()
    return {"script": script, "start_to_render_s": round(statistics.median(totals), 3),
            "healthy_after_s": round(statistics.median(health), 3), "runs": [round(t, 3) for t in totals]}


async def open_in_fresh_context(browser, url: str) -> float:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        tab = await context.new_page()
        start = time.perf_counter()
        await tab.goto(url)
        await wait_rendered(tab)
        return time.perf_counter() - start
    finally:
        await context.close()


async def page_first_renders(browser, repeat: int) -> dict:
    """Each page opened directly on a warm server, against the trivial page opened the same way."""
    trivial = Server(TRIVIAL, log=ARTIFACTS / "perf-browser-trivial.log")
    try:
        await open_in_fresh_context(browser, trivial.url)
        base = statistics.median([await open_in_fresh_context(browser, trivial.url) for _ in range(repeat)])
    finally:
        trivial.stop()
    app = Server("app.py", log=ARTIFACTS / "perf-browser-app.log")
    rows = []
    try:
        paths = await nav_paths(browser, app.url)
        for path in paths:
            url = f"{app.url}/{path}" if path else app.url
            await open_in_fresh_context(browser, url)  # warm this page's caches
            seconds = statistics.median([await open_in_fresh_context(browser, url) for _ in range(repeat)])
            rows.append({"page": path or "(default)", "render_s": round(seconds, 3), "ratio": round(seconds / base, 2)})
    finally:
        app.stop()
    return {"trivial_render_s": round(base, 3), "pages": rows}


async def nav_paths(browser, url: str) -> list[str]:
    context = await browser.new_context()
    try:
        tab = await context.new_page()
        await tab.goto(url)
        await wait_rendered(tab)
        hrefs = await tab.eval_on_selector_all(".st-key-frame_nav a", "els => els.map(e => e.href)")
    finally:
        await context.close()
    return ["" if h.rstrip("/") == url.rstrip("/") else h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs]


async def walk_pages(browser, url: str, errors: list[str]) -> Any:
    """One user: open the app, then click through every page in the sidebar navigation; returns the open context."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = await context.new_page()
    tab.set_default_timeout(120_000)
    try:
        await tab.goto(url)
        await wait_rendered(tab, 180_000)
        links = tab.locator(".st-key-frame_nav a")
        for i in range(await links.count()):
            await links.nth(i).click()
            await tab.wait_for_timeout(100)
            await wait_rendered(tab, 180_000)
            if await tab.locator("[data-testid='stException']").count():
                errors.append(f"exception on {tab.url}")
    except Exception as exc:  # a timeout is a finding, not a crash of the benchmark
        errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0]}")
    return context


async def memory_with_sessions(browser, counts: list[int]) -> dict:
    server = Server("app.py", log=ARTIFACTS / "perf-browser-memory.log")
    sampler = MemorySampler(server)
    result: dict[str, Any] = {"idle_mb": round(server.rss_bytes() / 2**20, 1), "runs": []}
    try:
        for n in counts:
            sampler.reset()
            errors: list[str] = []
            start = time.perf_counter()
            contexts = await asyncio.gather(*(walk_pages(browser, server.url, errors) for _ in range(n)))
            elapsed = time.perf_counter() - start
            open_mb = server.rss_bytes() / 2**20
            for context in contexts:
                await context.close()
            result["runs"].append({"sessions": n, "peak_mb": round(sampler.peak / 2**20, 1),
                                   "with_sessions_open_mb": round(open_mb, 1), "seconds": round(elapsed, 1),
                                   "errors": errors})
    finally:
        sampler.stop()
        server.stop()
    return result


async def screens(browser, repeat: int, pages: list[str] | None, root: Path) -> dict:
    """First screen and full page per page at 1280×800 and 390×844 (perf/screens.py), on warm servers."""
    from perf.screens import measure_screens

    trivial = Server(TRIVIAL, log=ARTIFACTS / "perf-screens-trivial.log")
    app = Server("app.py", log=ARTIFACTS / "perf-screens-app.log", cwd=root,
                 env={"FACEOFF_EAGER_CHARTS": "0"})  # as visitors get it: charts drawn when reached
    try:
        paths = await nav_paths(browser, app.url)
        return await measure_screens(browser, trivial.url, app.url, paths, repeat, pages)
    finally:
        app.stop()
        trivial.stop()


async def measure(starts: int, repeat: int, sessions: int, parts: set[str], pages: list[str] | None = None,
                  root: Path = ROOT) -> dict:
    from playwright.async_api import async_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    result: dict = {"loadavg_before": list(os.getloadavg())}
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            if "start" in parts:
                trivial = await start_to_render(browser, TRIVIAL, starts)
                app = await start_to_render(browser, "app.py", starts)
                result["start"] = {"trivial": trivial, "app": app,
                                   "ratio": round(app["start_to_render_s"] / trivial["start_to_render_s"], 2)}
            if "pages" in parts:
                result["pages"] = await page_first_renders(browser, repeat)
            if "memory" in parts:
                result["memory"] = await memory_with_sessions(browser, sorted({1, sessions}))
            if "screens" in parts:
                result["screens"] = await screens(browser, max(repeat, 3), pages, root)
        finally:
            await browser.close()
    result["loadavg_after"] = list(os.getloadavg())
    return result


def format_report(r: dict) -> str:
    lines = []
    if "start" in r:
        s = r["start"]
        lines.append(f"app start to first full render: app {s['app']['start_to_render_s']} s "
                     f"(health after {s['app']['healthy_after_s']} s), trivial {s['trivial']['start_to_render_s']} s "
                     f"(health after {s['trivial']['healthy_after_s']} s) -> ratio {s['ratio']}")
    if "pages" in r:
        p = r["pages"]
        lines.append(f"page opened directly on a warm server (trivial {p['trivial_render_s']} s):")
        for row in p["pages"]:
            lines.append(f"  {row['page']:<18} {row['render_s']:>6} s  x{row['ratio']}")
    if "memory" in r:
        m = r["memory"]
        lines.append(f"server memory: idle {m['idle_mb']} MB")
        for run in m["runs"]:
            lines.append(f"  {run['sessions']:>2} session(s): peak {run['peak_mb']} MB, with sessions open "
                         f"{run['with_sessions_open_mb']} MB, walk took {run['seconds']} s, "
                         f"errors: {len(run['errors'])}"
                         + (f" {run['errors'][:3]}" if run["errors"] else ""))
    if "screens" in r:
        from perf.screens import format_screens

        lines.append(format_screens(r["screens"]))
    lines.append("load average before: " + " ".join(f"{x:.2f}" for x in r["loadavg_before"])
                 + "; after: " + " ".join(f"{x:.2f}" for x in r["loadavg_after"]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=3, help="server starts per script for start-to-render")
    parser.add_argument("--repeat", type=int, default=3, help="fresh contexts per page for page renders")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--only", action="append", choices=["start", "pages", "memory", "screens"])
    parser.add_argument("--page", action="append", help="screens: only these pages (path, or '(default)')")
    parser.add_argument("--root", type=Path, default=ROOT, help="screens: serve the app from this checkout "
                                                                   "(e.g. an older commit, for a before/after)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    parser.add_argument("--json-out", type=Path, help="also write the figures as JSON to this file")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"no Chromium at {CHROMIUM}", file=sys.stderr)
        return 2
    result = asyncio.run(measure(args.starts, args.repeat, args.sessions,
                                 set(args.only or ["start", "pages", "memory"]), args.page, args.root))
    print(json.dumps(result) if args.json else format_report(result), flush=True)
    if args.json_out:
        args.json_out.write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
