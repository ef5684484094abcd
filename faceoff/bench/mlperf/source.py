"""Reading an MLCommons results repository at one commit: a git directory (bare or a work tree) or a plain folder."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

REPO_NAME = re.compile(r"(training|inference)_results_v(\d+\.\d+)")


@dataclass(frozen=True)
class Entry:
    """One file of the snapshot: its path inside the repository and the git blob id (content hash)."""

    path: str
    blob: str


class SourceError(Exception):
    """The folder is not a readable results repository; the message says why."""


class RepoSnapshot:
    """The files of ``mlcommons/<suite>_results_vX.Y`` at ``commit``, read with git (no work tree needed).

    A plain folder without git history cannot name the commit its rows came from, so it is refused.
    """

    def __init__(self, location: Path, commit: str | None = None, repo: str | None = None):
        self.location = Path(location)
        self.git_dir = self._find_git_dir(self.location)
        try:
            self.commit = self._git("rev-parse", f"{commit or 'HEAD'}^{{commit}}").strip()
        except SourceError as exc:
            raise SourceError(f"{self.location}: cannot resolve commit {commit or 'HEAD'} ({exc})") from exc
        self.repo = repo or self._repo_name()
        match = REPO_NAME.search(self.repo)
        if not match:
            raise SourceError(f"{self.location}: {self.repo!r} is not an MLCommons training/inference results "
                              "repository (expected a name like mlcommons/training_results_v2.0); pass --repo")
        self.suite, self.version = match.group(1), f"v{match.group(2)}"
        self._batch: subprocess.Popen | None = None

    @staticmethod
    def _find_git_dir(location: Path) -> Path:
        if (location / ".git").exists():
            return location / ".git"
        if (location / "HEAD").is_file() and (location / "objects").is_dir():
            return location
        if (location / "repo" / "HEAD").is_file():
            return location / "repo"
        raise SourceError(f"{location}: not a git repository (a checkout or a bare git directory is needed so that "
                          "every row can record the commit it was read at)")

    def _git(self, *args: str) -> str:
        done = subprocess.run(["git", f"--git-dir={self.git_dir}", *args], capture_output=True, text=True,
                              check=False)
        if done.returncode != 0:
            raise SourceError(done.stderr.strip() or f"git {' '.join(args)} failed")
        return done.stdout

    def _repo_name(self) -> str:
        try:
            url = self._git("config", "--get", "remote.origin.url").strip()
        except SourceError:
            url = ""
        for text in (url, str(self.location.resolve())):
            match = re.search(r"([A-Za-z0-9_.-]+)[/+]((?:training|inference)_results_v\d+\.\d+)", text)
            if match:
                return f"{match.group(1)}/{match.group(2)}"
        match = REPO_NAME.search(str(self.location.resolve()))
        return f"mlcommons/{match.group(0)}" if match else str(self.location)

    @property
    def round(self) -> str:
        return f"{self.suite}-{self.version}"

    def entries(self) -> list[Entry]:
        """Every file at the commit (path and blob id)."""
        out = self._git("ls-tree", "-r", "--full-tree", self.commit)
        entries = []
        for line in out.splitlines():
            meta, _, path = line.partition("\t")
            parts = meta.split()
            if len(parts) == 3 and parts[1] == "blob":
                entries.append(Entry(path, parts[2]))
        return entries

    def read(self, entry: Entry) -> bytes | None:
        """The file's bytes, or ``None`` when the snapshot lacks the object (large files may be left out)."""
        if self._batch is None:
            self._batch = subprocess.Popen(["git", f"--git-dir={self.git_dir}", "cat-file", "--batch"],
                                           stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert self._batch.stdin is not None and self._batch.stdout is not None
        self._batch.stdin.write(entry.blob.encode() + b"\n")
        self._batch.stdin.flush()
        header = self._batch.stdout.readline().split()
        if len(header) != 3:
            return None
        size = int(header[2])
        data = self._batch.stdout.read(size)
        self._batch.stdout.read(1)
        return data

    def close(self) -> None:
        if self._batch is not None:
            if self._batch.stdin is not None:
                self._batch.stdin.close()
            self._batch.wait()
            self._batch = None

    def url(self, path: str) -> str:
        return f"https://github.com/{self.repo}/tree/{self.commit}/{path}"
