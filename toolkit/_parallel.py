"""Worker processes for the toolkit's parallel steps."""
from __future__ import annotations

import gc
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

__all__ = ["process_pool", "worker_count"]


def worker_count(workers: int | None) -> int:
    """``workers``, or every core when None."""
    return workers or os.cpu_count() or 1


def process_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes; forked where the platform can (the workers then
    start at once, with the toolkit and its word lists already loaded). Each worker first
    moves what it inherited out of the garbage collector's sight (``gc.freeze``): a full
    collection would otherwise walk, and so copy, every object of the parent (a third of a
    second in a worker, measured on the AllSides sample). Before forking, the parent imports
    the libraries the steps use (textstat, and through it NLTK and SciPy), which ``import
    toolkit`` leaves out: imported in each worker after the freeze, they cost a second a
    worker and their objects stay in the collector's sight (analyze over the AllSides sample
    was a tenth slower so)."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods:
        from ._offline import use_offline_cmudict

        use_offline_cmudict()  # (imports textstat)
    context = multiprocessing.get_context("fork" if "fork" in methods else methods[0])
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=gc.freeze)
