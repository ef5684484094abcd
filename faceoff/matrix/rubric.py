"""The rating rubric (``data/matrix/scale.yaml`` ``rubric:``) as rules: leaders, caveat caps, primary sources."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from urllib.parse import urlparse

from faceoff.errors import Problem
from faceoff.matrix.models import Cell, Criterion, Rubric, Scale

TIE = "tie"
SUMMARY_MAX = 60
REPO_HOSTS = ("github.com", "gitlab.com", "raw.githubusercontent.com")


def top_rated(criterion: Criterion, frameworks: Sequence[str] | None = None) -> list[str]:
    """The frameworks (in ``frameworks`` order, else cell order) that share the highest rating of a criterion."""
    order = list(frameworks) if frameworks is not None else list(criterion.cells)
    rated = {fw: criterion.cells[fw].rating for fw in order if fw in criterion.cells}
    if not rated:
        return []
    best = max(rated.values())
    return [fw for fw, rating in rated.items() if rating == best]


def expected_leader(criterion: Criterion, frameworks: Sequence[str] | None = None) -> str:
    """The leader the rubric demands: the framework with the unique highest rating, otherwise ``tie``."""
    top = top_rated(criterion, frameworks)
    return top[0] if len(top) == 1 else TIE


def co_leaders(criterion: Criterion, frameworks: Sequence[str] | None = None) -> list[str]:
    """The frameworks sharing the top rating of a tied criterion (empty when one framework leads alone)."""
    top = top_rated(criterion, frameworks)
    return top if len(top) > 1 else []


@lru_cache(maxsize=64)
def _caveat_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    # Whole words only ("beta" must not match "alphabet"); a space inside a phrase matches any run of whitespace.
    parts = [r"\s+".join(re.escape(piece) for piece in word.split()) for word in words if word.strip()]
    return re.compile(r"(?<!\w)(" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def caveat_words_in(text: str | None, words: Iterable[str]) -> list[str]:
    """The caveat words ``text`` uses (whole word, case-insensitive), lower-cased, in order of first use."""
    words = tuple(words)
    if not text or not words:
        return []
    found = [m.group(1).casefold() for m in _caveat_pattern(words).finditer(text)]
    return list(dict.fromkeys(" ".join(f.split()) for f in found))


def host_of(url: str) -> str:
    return (urlparse(url).hostname or "").casefold().rstrip(".")


def _bare(host: str) -> str:
    return host[4:] if host.startswith("www.") else host


def repo_owner(url: str) -> str | None:
    """``owner`` of a github.com / gitlab.com / raw.githubusercontent.com address, else ``None``."""
    parsed = urlparse(url)
    if _bare(host_of(url)) not in REPO_HOSTS:
        return None
    parts = [p for p in parsed.path.split("/") if p]
    return parts[0].casefold() if parts else None


def is_primary_url(url: str, rubric: Rubric) -> bool:
    """Whether an address may be called primary: an allowed host (exact, ``www.`` aside) or an allowed repo owner.

    Hosts match exactly, not by suffix: a forum or user site under a project's domain is not the project speaking.
    """
    host = _bare(host_of(url))
    if host in {_bare(h.casefold()) for h in rubric.primary_hosts}:
        return True
    owner = repo_owner(url)
    return owner is not None and owner in {o.casefold() for o in rubric.primary_repo_owners}


def rejected_host(url: str, rubric: Rubric) -> str | None:
    """The ``rejected_hosts`` entry an address falls under (the host itself or any subdomain of it), if any."""
    host = host_of(url)
    for rejected in rubric.rejected_hosts:
        bare = _bare(rejected.casefold())
        if host == bare or host.endswith("." + bare):
            return rejected
    return None


def source_problems(file: str, row: str, field: str, sources: Iterable, rubric: Rubric | None) -> list[Problem]:
    """Rules every cited source keeps, in claims and the framework registry too: a ``kind`` and no rejected host.

    (The primary-host allowlist is the matrix's: claims also cite other projects' own pages, such as a survey's
    publisher, which are primary for their facts.)"""
    problems = []
    for i, source in enumerate(sources):
        where = f"{field}[{i}]"
        if source.kind is None:
            problems.append(Problem(file, "source has no kind (primary or secondary)", row=row, field=f"{where}.kind"))
        if rubric is None:
            continue
        rejected = rejected_host(source.url, rubric)
        if rejected:
            problems.append(Problem(file, f"{source.url} is on a rejected host ({rejected}): cite the project's own "
                                          "page or another source", row=row, field=f"{where}.url"))
    return problems


def _level_label(scale: Scale | None, value: int) -> str:
    if scale is None:
        return str(value)
    label = next((lvl.label for lvl in scale.levels if lvl.value == value), None)
    return f"{value} ({label})" if label else str(value)


def cell_problems(file: str, row: str, fw: str, cell: Cell, rubric: Rubric, scale: Scale | None = None
                  ) -> list[Problem]:
    """What one cell breaks: summary, caveat cap, source kinds, a primary source, rejected hosts."""
    at = f"cells.{fw}"
    found: list[Problem] = []
    if not cell.summary:
        found.append(Problem(file, f"summary is required (at most {SUMMARY_MAX} characters): a short verdict for "
                                   "the compact table", row=row, field=f"{at}.summary"))
    if cell.rating > rubric.caveat_max_rating:
        for field_name, text in (("verdict", cell.verdict), ("summary", cell.summary)):
            words = caveat_words_in(text, rubric.caveat_words)
            if words:
                said = ", ".join(repr(w) for w in words)
                found.append(Problem(
                    file, f"rated {cell.rating}, but the {field_name} says {said}: the rubric caps a caveated cell "
                          f"at {_level_label(scale, rubric.caveat_max_rating)} (lower the rating or reword)",
                    row=row, field=f"{at}.rating"))
                break
    primary = 0
    for i, source in enumerate(cell.sources):
        where = f"{at}.sources[{i}]"
        rejected = rejected_host(source.url, rubric)
        if rejected:
            found.append(Problem(file, f"{source.url} is on a rejected host ({rejected}): cite the project's own "
                                       "page or another source", row=row, field=f"{where}.url"))
        if source.kind is None:
            found.append(Problem(file, "kind is required: primary (the project's own docs, release notes, "
                                       "repository, paper or foundation) or secondary", row=row,
                                 field=f"{where}.kind"))
        elif source.kind == "primary":
            if is_primary_url(source.url, rubric):
                primary += 1
            else:
                found.append(Problem(
                    file, f"{source.url} is marked primary, but {host_of(source.url) or 'its host'} is not on the "
                          "rubric's primary_hosts and it is not a repository of a primary_repo_owners owner",
                    row=row, field=f"{where}.kind"))
    if primary == 0:
        found.append(Problem(file, "no primary source: cite at least one of the project's own docs, release notes, "
                                   "repository, paper or foundation (kind: primary)", row=row,
                             field=f"{at}.sources"))
    return found


def exclusivity_problems(file: str, criterion: Criterion, rubric: Rubric) -> list[Problem]:
    """A leader_reason that claims something for the leader alone must name it (``exclusive``), the leader must be
    a single framework, and no other framework's cell may show a signal of that capability."""
    found: list[Problem] = []
    phrases = caveat_words_in(criterion.leader_reason, rubric.exclusive_phrases)
    if phrases and not criterion.exclusive:
        found.append(Problem(file, f"leader_reason claims exclusivity ({', '.join(repr(p) for p in phrases)}) but "
                                   "the criterion names no exclusive capability: add exclusive: [{capability, "
                                   "signals}] so the claim can be checked against the other cells",
                             row=criterion.id, field="exclusive"))
    if criterion.exclusive and criterion.leader == TIE:
        found.append(Problem(file, "exclusive capabilities are declared, but the leader is 'tie'", row=criterion.id,
                             field="exclusive"))
        return found
    for i, facet in enumerate(criterion.exclusive):
        for fw, cell in criterion.cells.items():
            if fw == criterion.leader:
                continue
            for field_name, text in (("summary", cell.summary), ("verdict", cell.verdict)):
                said = caveat_words_in(text, facet.signals)
                if said:
                    found.append(Problem(
                        file, f"leader_reason claims {facet.capability!r} for {criterion.leader} alone, but the "
                              f"{fw} {field_name} says {', '.join(repr(s) for s in said)}: reword the reason or the "
                              "cell", row=criterion.id, field=f"exclusive[{i}]"))
                    break
    return found


def criterion_problems(file: str, criterion: Criterion, rubric: Rubric, frameworks: Sequence[str],
                       scale: Scale | None = None) -> list[Problem]:
    """Every rubric rule one criterion breaks, each located by file, row (the criterion id) and field."""
    found: list[Problem] = []
    expected = expected_leader(criterion, frameworks)
    known = criterion.leader == TIE or criterion.leader in frameworks  # an unknown leader is reported elsewhere
    if known and top_rated(criterion, frameworks) and criterion.leader != expected:
        top = top_rated(criterion, frameworks)
        rating = criterion.cells[top[0]].rating
        if expected == TIE:
            why = f"the top rating {rating} is shared by {', '.join(top)}, so the leader must be 'tie'"
        else:
            why = f"{expected} alone has the top rating {rating}, so the leader must be {expected!r}"
        found.append(Problem(file, f"leader {criterion.leader!r} breaks the rubric: {why}", row=criterion.id,
                             field="leader"))
    found.extend(exclusivity_problems(file, criterion, rubric))
    for fw, cell in criterion.cells.items():
        found.extend(cell_problems(file, criterion.id, fw, cell, rubric, scale))
    return found
