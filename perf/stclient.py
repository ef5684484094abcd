"""A minimal Streamlit client over the app's websocket: what a browser tab sends, without rendering anything.

Used by the page benchmark (server-side run time as a client sees it) and the load test. It speaks the same
protobuf protocol as the browser: ``rerun_script`` back-messages in, ``delta``/``script_finished`` forward-messages out.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import websocket
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

ROOT = Path(__file__).resolve().parent.parent
FINISHED_OK = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
SIDEBAR = 1  # delta_path[0] of elements in the sidebar (0 is the main area)
# Widget elements whose value travels as one string (selectbox, radio: the option's label) or a list of strings.
STRING_WIDGETS = {"selectbox", "radio", "text_input", "segmented_control", "button_group"}
STRING_LIST_WIDGETS = {"multiselect"}
CHART_WATCHER = "faceoff_chart_reached"  # components/charts.py: a chart drawn once this reports it was reached
# Nagle's algorithm on the server's socket holds each small websocket frame until the previous one is acknowledged,
# and Linux delays that acknowledgement by ~40 ms: without TCP_QUICKACK every rerun of even a one-line page costs
# ~88 ms here instead of ~23 ms (docs/production.md). A browser's TCP stack does the same, so real visitors pay it
# too; the benchmark measures the server, hence quick acknowledgements.
QUICKACK = getattr(socket, "TCP_QUICKACK", None)


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``streamlit run SCRIPT`` on loopback (``python`` chooses the environment), stopped by ``stop()``."""

    def __init__(self, script: str = "app.py", python: str = sys.executable, env: dict | None = None,
                 log: Path | None = None, cwd: Path = ROOT, inherit_env: bool = True):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.started = time.perf_counter()
        self.log_path = log
        out = log.open("w") if log else subprocess.DEVNULL
        self.proc = subprocess.Popen(
            [python, "-m", "streamlit", "run", script, "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=cwd, env={**(os.environ if inherit_env else {}), **(env or {})}, stdout=out, stderr=subprocess.STDOUT,
        )
        self.healthy_after = self.wait_healthy()

    def wait_healthy(self, timeout: float = 90) -> float:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited early (code {self.proc.returncode}); log: {self.log_path}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200 and resp.read().strip() == b"ok":
                        return time.perf_counter() - self.started
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"streamlit did not answer /_stcore/health in {timeout}s; log: {self.log_path}")

    def rss_bytes(self) -> int:
        import psutil

        proc = psutil.Process(self.proc.pid)
        return proc.memory_info().rss + sum(c.memory_info().rss for c in proc.children(recursive=True))

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@dataclass
class RunResult:
    seconds: float
    status: str  # "ok", "exception", "error", "timeout"
    deltas: int = 0
    exceptions: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    sidebar_deltas: int = 0
    fragment_run: bool = False


Shown = str | bool | tuple[str, ...] | None  # a widget's shown value: label, labels, or a checkbox's state


@dataclass(frozen=True)
class Widget:
    """A URL-bound widget seen in a run: enough to change its value as a browser would."""

    id: str
    kind: str
    fragment_id: str
    options: tuple[str, ...]
    value: Shown = None  # what the widget shows (labels), None when not known
    path: tuple[int, ...] = ()  # where it is drawn (the delta path)


def widget_value(proto, etype: str | None) -> Shown:
    """The value a browser would show for a widget element: the set value when the server sent one, else the
    default (options as labels)."""
    options = tuple(getattr(proto, "options", ()) or ())
    if etype in ("selectbox", "radio"):
        if proto.set_value and proto.HasField("raw_value"):
            return proto.raw_value
        return options[proto.default] if proto.HasField("default") and proto.default < len(options) else None
    if etype == "multiselect":
        if proto.set_value:
            return tuple(proto.raw_values)
        return tuple(options[i] for i in proto.default if i < len(options))
    if etype in ("checkbox", "toggle", "text_input"):
        return proto.value if proto.set_value else proto.default
    return None


class Session:
    """One browser-like session: a websocket and the page it is on."""

    def __init__(self, url: str, timeout: float = 30, cookie: str = ""):
        self.url = url
        ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
        # ``cookie``: what a browser would send (e.g. a proxy's sticky-session cookie, "NAME=value")
        self.ws = websocket.create_connection(ws_url, subprotocols=["streamlit"], timeout=timeout,
                                              cookie=cookie or None)
        # a proxy in front (deploy/haproxy.cfg.tmpl) names the replica it chose in a cookie on the handshake
        set_cookie = (self.ws.getheaders() or {}).get("set-cookie", "")
        self.cookie = set_cookie.split(";", 1)[0] if set_cookie else cookie
        self.query_string = ""  # the address bar's query string (the browser writes bound widgets' values there)
        self._client_values: dict[str, Shown] = {}  # widget id -> the value this client chose
        self.timeout = timeout
        self.pages: dict[str, str] = {}  # url path ("" for the default page) -> page script hash
        self.titles: dict[str, str] = {}  # url path -> page title, both from the navigation message
        self.widgets: dict[str, Widget] = {}  # URL key -> the widget, from the last run's elements
        # charts waiting to be reached (components/charts.py): watcher id -> its fragment, and the ones reached
        self.waiting_charts: dict[str, str] = {}
        self.reached_charts: dict[str, str] = {}
        self._watcher_paths: dict[str, tuple[int, ...]] = {}
        self.page = ""

    def follow_link(self, page: str, query_string: str) -> tuple[Session, RunResult]:
        """Open an address with its own query string (a shared link) as a browser does: a full page load, i.e. a new
        session (same proxy cookie) that runs ``page``; this one is closed. Running it in this session instead would
        keep the widget state the old address set while the address bar shows the new one, which no browser does."""
        fresh = Session(self.url, timeout=self.timeout, cookie=self.cookie)
        self.close()
        return fresh, fresh.run(page, query_string)

    def clear_caches(self) -> None:
        """Clear st.cache_data and st.cache_resource for the whole server (the "Clear caches" menu item)."""
        msg = BackMsg()
        msg.clear_cache = True
        self.ws.send(msg.SerializeToString(), opcode=websocket.ABNF.OPCODE_BINARY)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.ws.close()

    def run(self, page: str = "", query_string: str = "", collect_text: bool = False) -> RunResult:
        """Ask for a script run of ``page`` (its url path, "" for the default) and wait until it finishes."""
        msg = BackMsg()
        msg.rerun_script.query_string = query_string
        msg.rerun_script.page_name = page
        if page in self.pages:
            msg.rerun_script.page_script_hash = self.pages[page]
        self.page = page
        self.query_string = query_string
        return self._send(msg, collect_text)

    def view(self) -> dict[str, object]:
        """What the visitor sees chosen: the page and every URL-bound widget's shown value (a comparable record)."""
        return {"page": self.titles.get(self.page, self.page),
                "choices": {k: w.value for k, w in sorted(self.widgets.items())}}

    def set_widget(self, key: str, value: str | list[str], collect_text: bool = False) -> RunResult:
        """Change the URL-bound widget ``key`` to ``value`` (its label(s)) as a browser does: a rerun of the
        widget's fragment when it is in one, else of the page."""
        widget = self.widgets[key]
        # the browser keeps what the visitor chose (the server does not echo it back) and writes it to the URL
        shown: Shown
        if widget.kind in STRING_LIST_WIDGETS:
            shown = tuple([value] if isinstance(value, str) else value)
        elif widget.kind in ("checkbox", "toggle"):
            shown = bool(value)
        else:
            shown = value if isinstance(value, str) else tuple(value)
        self._client_values[widget.id] = shown
        self.widgets[key] = Widget(widget.id, widget.kind, widget.fragment_id, widget.options, shown, widget.path)
        self.query_string = _with_param(self.query_string, key, shown)
        state = WidgetState(id=widget.id)
        if widget.kind in STRING_LIST_WIDGETS:
            state.string_array_value.data.extend([value] if isinstance(value, str) else value)
        elif widget.kind in STRING_WIDGETS:
            if not isinstance(value, str):
                raise ValueError(f"a {widget.kind} takes one value, not {value!r}")
            state.string_value = value
        elif widget.kind in ("checkbox", "toggle"):
            state.bool_value = bool(value)
        else:
            raise ValueError(f"changing a {widget.kind} is not supported")
        return self._send(self._rerun_with(state, skip=key, fragment_id=widget.fragment_id), collect_text)

    def reach_chart(self, watcher_id: str) -> RunResult:
        """Scroll a waiting chart into view as a browser does: its watcher's state becomes reached, which reruns
        the chart's fragment (the chart is drawn then)."""
        fragment_id = self.waiting_charts.pop(watcher_id)
        self.reached_charts[watcher_id] = fragment_id
        return self._send(self._rerun_with(_reached_state(watcher_id), skip=None, fragment_id=fragment_id), False)

    def _rerun_with(self, state: WidgetState, skip: str | None, fragment_id: str) -> BackMsg:
        msg = BackMsg()
        msg.rerun_script.widget_states.widgets.append(state)
        # a browser sends every widget's current value with each rerun, not only the one that changed
        for other_key, other in self.widgets.items():
            if other_key != skip and (kept := _state(other)) is not None:
                msg.rerun_script.widget_states.widgets.append(kept)
        for watcher_id in self.reached_charts:
            if watcher_id != state.id:
                msg.rerun_script.widget_states.widgets.append(_reached_state(watcher_id))
        msg.rerun_script.query_string = self.query_string
        msg.rerun_script.page_name = self.page
        if self.page in self.pages:
            msg.rerun_script.page_script_hash = self.pages[self.page]
        if fragment_id:
            msg.rerun_script.fragment_id = fragment_id
        return msg

    def _recv(self) -> bytes:
        if QUICKACK is not None and self.ws.sock is not None:
            with contextlib.suppress(OSError):
                self.ws.sock.setsockopt(socket.IPPROTO_TCP, QUICKACK, 1)
        frame = self.ws.recv()
        return frame.encode() if isinstance(frame, str) else frame

    def _send(self, msg: BackMsg, collect_text: bool) -> RunResult:
        # Widgets the coming run redraws are forgotten first: a page switch (or a control that swaps a section)
        # must not leave widgets behind that the next run no longer has.
        fragment = msg.rerun_script.fragment_id
        self.widgets = {k: w for k, w in self.widgets.items() if fragment and w.fragment_id != fragment}
        self.waiting_charts = {k: f for k, f in self.waiting_charts.items() if fragment and f != fragment}
        if not fragment and not msg.rerun_script.widget_states.widgets:  # a page opened afresh: nothing reached
            self.reached_charts = {}
        sent_paths: list[tuple[int, ...]] = []  # where a fragment run drew
        seen_ids: set[str] = set()
        start = time.perf_counter()
        self.ws.send(msg.SerializeToString(), opcode=websocket.ABNF.OPCODE_BINARY)
        result = RunResult(0.0, "timeout")
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            try:
                data = self._recv()
            except websocket.WebSocketTimeoutException:
                break
            except (websocket.WebSocketException, OSError) as exc:
                result.status = "error"
                result.exceptions.append(f"{type(exc).__name__}: {exc}")
                break
            if isinstance(data, str):  # the protocol is binary; a text frame is a server-side complaint
                result.status = "error"
                result.exceptions.append(f"text frame from the server: {data[:200]}")
                break
            fwd = ForwardMsg()
            fwd.ParseFromString(data)
            kind = fwd.WhichOneof("type")
            if kind == "navigation":
                self.pages, self.titles = {}, {}
                for app_page in fwd.navigation.app_pages:
                    path = "" if app_page.is_default else app_page.url_pathname
                    self.pages[path] = app_page.page_script_hash
                    self.titles[path] = app_page.page_name
            elif kind == "page_info_changed":
                self.query_string = fwd.page_info_changed.query_string
            elif kind == "delta":
                result.deltas += 1
                path = list(fwd.metadata.delta_path)
                if path and path[0] == SIDEBAR:
                    result.sidebar_deltas += 1
                element = fwd.delta.new_element if fwd.delta.WhichOneof("type") == "new_element" else None
                if fragment:
                    sent_paths.append(tuple(path))
                if element is not None:
                    etype = element.WhichOneof("type")
                    self._remember_widget(element, etype, fwd.delta.fragment_id, tuple(path))
                    seen_ids.add(getattr(getattr(element, etype), "id", "") if etype else "")
                    if etype == "exception":
                        result.exceptions.append(f"{element.exception.type}: {element.exception.message}")
                    elif collect_text and etype in ("markdown", "alert", "heading"):
                        result.texts.append(getattr(element, etype).body)
            elif kind == "script_finished":
                if fragment and sent_paths:
                    self._forget_undrawn(sent_paths, seen_ids)
                if fwd.script_finished != ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
                    live = {w.id for w in self.widgets.values()}  # a full run forgets widgets it did not draw
                    self._client_values = {i: v for i, v in self._client_values.items() if i in live}
                result.seconds = time.perf_counter() - start
                result.fragment_run = fwd.script_finished == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
                if fwd.script_finished in FINISHED_OK:
                    result.status = "exception" if result.exceptions else "ok"
                elif fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue
                else:
                    result.status = "error"
                    result.exceptions.append(f"script_finished={fwd.script_finished}")
                return result
        result.seconds = time.perf_counter() - start
        return result

    def _forget_undrawn(self, sent_paths: list[tuple[int, ...]], seen_ids: set[str]) -> None:
        """After a fragment run: widgets and chart watchers inside the fragment's part of the page that the run did
        not draw again are gone, as the browser removes them (e.g. a nested fragment's controls when the outer
        fragment switched views). Remembering them would send a later change to a fragment that no longer exists,
        which Streamlit drops without an answer."""
        root = _common_prefix(sent_paths)
        if not root:
            return
        self.widgets = {k: w for k, w in self.widgets.items() if w.id in seen_ids or w.path[:len(root)] != root}
        for watcher_id in [w for w, p in self._watcher_paths.items() if w not in seen_ids and p[:len(root)] == root]:
            self.waiting_charts.pop(watcher_id, None)
            self._watcher_paths.pop(watcher_id, None)

    def _remember_widget(self, element, etype: str | None, fragment_id: str, path: tuple[int, ...]) -> None:
        proto = getattr(element, etype) if etype else None
        if etype == "bidi_component" and proto is not None and proto.component_name == CHART_WATCHER:
            if proto.id not in self.reached_charts:
                self.waiting_charts[proto.id] = fragment_id
                self._watcher_paths[proto.id] = path
            return
        key = getattr(proto, "query_param_key", "") if proto is not None else ""
        if key and proto is not None and etype is not None:
            options = tuple(getattr(proto, "options", ()) or ())
            value = widget_value(proto, etype)
            if getattr(proto, "set_value", False):
                self._client_values[proto.id] = value  # the browser's widget now holds the value the server set
            elif proto.id in self._client_values:
                value = self._client_values[proto.id]
            self.widgets[key] = Widget(proto.id, etype, fragment_id, options, value, path)


def _common_prefix(paths: list[tuple[int, ...]]) -> tuple[int, ...]:
    first = paths[0]
    length = len(first)
    for other in paths[1:]:
        length = min(length, len(other))
        for i in range(length):
            if first[i] != other[i]:
                length = i
                break
    return first[:length]


def _with_param(query_string: str, key: str, value: Shown) -> str:
    """``query_string`` with ``key`` set to ``value`` as the browser writes a bound widget (labels; lists repeat)."""
    pairs = [(k, v) for k, v in parse_qsl(query_string, keep_blank_values=True) if k != key]
    if isinstance(value, tuple):
        pairs += [(key, str(v)) for v in value] or [(key, "")]
    elif isinstance(value, bool):
        pairs.append((key, "true" if value else "false"))
    else:
        pairs.append((key, str(value)))
    return urlencode(pairs)


def _reached_state(watcher_id: str) -> WidgetState:
    state = WidgetState(id=watcher_id)
    state.json_value = json.dumps({"reached": True})
    return state


def _state(widget: Widget) -> WidgetState | None:
    """The widget state a browser would send for ``widget``'s shown value (None when it is not known)."""
    state = WidgetState(id=widget.id)
    if widget.value is None:
        return None
    if widget.kind in STRING_LIST_WIDGETS and isinstance(widget.value, tuple):
        state.string_array_value.data.extend(widget.value)
    elif widget.kind in STRING_WIDGETS and isinstance(widget.value, str):
        state.string_value = widget.value
    elif widget.kind in ("checkbox", "toggle") and isinstance(widget.value, bool):
        state.bool_value = widget.value
    else:
        return None
    return state
