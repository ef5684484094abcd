"""Deploy dry-run: what Streamlit Community Cloud does, on this machine, with no network for the app.

1. a fresh virtual environment with only ``requirements.txt`` installed, on Python 3.12 when this machine has it
   (Community Cloud's default), else the interpreter running this script (the report says which);
2. ``streamlit run app.py --server.headless true`` from a clean copy of the repository (tracked-looking files only:
   no .venv, caches, artifacts or secrets), as Community Cloud checks the repository out;
3. ``/_stcore/health`` must answer ``ok``;
4. every page in the navigation renders in headless Chromium with no exception and no error box, while the browser
   may reach nothing but the app (all other requests are aborted and counted).

Playwright is not in requirements.txt: the browser is driven from this (the project's) environment against the
deploy environment's server.

    python perf/deploy_check.py [--keep] [--python /path/to/python3.12] [--venv DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from perf.stclient import Server  # noqa: E402

CANDIDATES_312 = ["python3.12", "/root/.pyenv/versions/3.12.1/bin/python3.12", "/usr/bin/python3.12",
                  "/usr/local/bin/python3.12"]
COPY_IGNORE = shutil.ignore_patterns(".git", ".venv", "__pycache__", "*.pyc", ".pytest_cache", ".ruff_cache",
                                     ".hypothesis", "artifacts", "secrets.toml", "out", ".gl", "*.egg-info")
CHROMIUM = os.environ.get("FACEOFF_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]


def step(message: str) -> None:
    print(f"== {message}", flush=True)


def find_python(explicit: str | None) -> tuple[str, str]:
    """The interpreter for the deploy environment, and a note on how it was chosen."""
    if explicit:
        return explicit, "given with --python"
    for candidate in CANDIDATES_312:
        path = shutil.which(candidate) or (candidate if Path(candidate).exists() else None)
        if not path:
            continue
        ok = subprocess.run([path, "-c", "import sys, venv; assert sys.version_info[:2] == (3, 12)"],
                            capture_output=True)
        if ok.returncode == 0:
            return path, "Python 3.12, Community Cloud's default"
    return sys.executable, f"Python 3.12 not found: using this machine's Python {sys.version.split()[0]}"


def version_of(python: str) -> str:
    return subprocess.run([python, "-c", "import sys; print(sys.version.split()[0])"], capture_output=True,
                          text=True, check=True).stdout.strip()


def make_venv(python: str, venv: Path, log: Path) -> Path:
    if venv.exists():
        shutil.rmtree(venv)
    subprocess.run([python, "-m", "venv", str(venv)], check=True)
    vpy = venv / "bin" / "python"
    with log.open("w") as out:
        proc = subprocess.run([str(vpy), "-m", "pip", "install", "--disable-pip-version-check", "-q", "-r",
                               str(ROOT / "requirements.txt")], stdout=out, stderr=subprocess.STDOUT)
    if proc.returncode != 0:
        raise SystemExit(f"FAIL pip install -r requirements.txt (see {log})")
    return vpy


def check_requirements_pinned() -> list[str]:
    loose = []
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        text = line.split("#", 1)[0].strip()
        if text and "==" not in text:
            loose.append(text)
    return loose


def check_pages(url: str) -> tuple[list[str], list[str], list[str]]:
    """Open the app, click through every navigation entry; returns (page titles, problems, blocked request URLs)."""
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    titles: list[str] = []
    blocked: list[str] = []

    def gate(route) -> None:
        if route.request.url.startswith(url) or route.request.url.startswith(url.replace("http", "ws")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            context.route("**/*", gate)
            tab = context.new_page()
            tab.set_default_timeout(90_000)
            tab.goto(url)
            _wait(tab)
            links = tab.locator(".st-key-frame_nav a")
            count = links.count()
            if count == 0:
                problems.append("no navigation links")
            for i in range(count):
                name = links.nth(i).inner_text().strip().splitlines()[-1]
                links.nth(i).click()
                tab.wait_for_timeout(200)
                _wait(tab)
                titles.append(name)
                if tab.locator("[data-testid='stException']").count():
                    problems.append(f"{name}: exception shown")
                if tab.locator("h1").count() == 0:
                    problems.append(f"{name}: no title")
                errors = tab.locator("[data-testid='stAlertContentError']")
                if errors.count():
                    problems.append(f"{name}: error box: {errors.first.inner_text()[:160]!r}")
            context.close()
        finally:
            browser.close()
    return titles, problems, blocked


def _wait(tab) -> None:
    tab.wait_for_function(
        """() => { const app = document.querySelector('[data-testid="stApp"]');
                   const main = document.querySelector('[data-testid="stMainBlockContainer"]');
                   return app && main && app.dataset.testScriptState === 'notRunning'
                     && app.dataset.testConnectionState === 'CONNECTED'
                     && main.querySelector('[data-testid="stElementContainer"]'); }""",
        timeout=120_000, polling=50)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", help="interpreter for the deploy environment (default: 3.12 if found)")
    parser.add_argument("--venv", type=Path, help="where to build it (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary environment and checkout")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    failures: list[str] = []
    work = Path(tempfile.mkdtemp(prefix="faceoff-deploy-"))
    artifacts = ROOT / "tests" / "artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    try:
        python, note = find_python(args.python)
        step(f"deploy interpreter: {python} ({version_of(python)}; {note})")
        loose = check_requirements_pinned()
        step("requirements.txt: every line pinned with ==" if not loose else f"requirements.txt: NOT pinned: {loose}")
        if loose:
            failures.append(f"unpinned requirements: {loose}")
        venv = args.venv or work / "venv"
        step(f"fresh virtual environment with only requirements.txt: {venv}")
        t0 = time.perf_counter()
        vpy = make_venv(python, venv, artifacts / "deploy-pip.log")
        step(f"installed in {time.perf_counter() - t0:.0f} s")
        probe = ("import importlib.util as u; "
                 "print([m for m in ('torch', 'tensorflow', 'jax', 'playwright', 'pytest') if u.find_spec(m)])")
        heavy = subprocess.run([str(vpy), "-c", probe], capture_output=True, text=True).stdout.strip()
        step(f"heavy or dev packages in the deploy environment: {heavy}")
        if heavy != "[]":
            failures.append(f"deploy environment contains {heavy}")
        checkout = work / "app"
        shutil.copytree(ROOT, checkout, ignore=COPY_IGNORE)
        step(f"clean copy of the repository (no .venv, caches, artifacts, secrets): {checkout}")
        # Only what a hosted container has: no data-folder override, no project paths, no virtualenv leaking in.
        env = {k: v for k, v in os.environ.items() if k not in ("FACEOFF_DATA_DIR", "PYTHONPATH", "VIRTUAL_ENV")}
        server = Server("app.py", python=str(vpy), log=artifacts / "deploy-server.log", cwd=checkout, env=env,
                        inherit_env=False)
        step(f"streamlit run app.py --server.headless true: /_stcore/health answered ok after "
             f"{server.healthy_after:.1f} s")
        try:
            titles, problems, blocked = check_pages(server.url)
            step(f"rendered in headless Chromium: {', '.join(titles)}")
            hosts = sorted({urlparse(u).netloc for u in blocked})
            step(f"requests outside the app blocked (the app works without them): {len(blocked)} to {hosts}")
            failures += problems
        finally:
            server.stop()
        log_text = (artifacts / "deploy-server.log").read_text(encoding="utf-8", errors="replace")
        if "Traceback" in log_text:
            failures.append("traceback in the server log (tests/artifacts/deploy-server.log)")
    finally:
        if args.keep:
            step(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    for failure in failures:
        print(f"FAIL {failure}")
    print(f"DEPLOY CHECK {'FAILED' if failures else 'PASSED'} in {time.perf_counter() - started:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
