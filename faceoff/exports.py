"""Lazy public names for the domain packages: ``from faceoff.matrix import Matrix`` imports only what it needs."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(package: str, names: Mapping[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for a package whose public ``names`` live in its submodules.

    ``names`` maps each public name to the submodule (relative to ``package``) that defines it. Importing the package
    stays cheap: the harness's worker processes import ``faceoff.bench`` without pandas or plotly, and the CLI's
    ``validate`` does not load the figure modules.
    """

    def __getattr__(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    def __dir__() -> list[str]:
        return sorted(names)

    return __getattr__, __dir__
