"""Worker processes for the toolkit's parallel steps."""
from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
import time
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
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker,
                               initargs=(os.getpid(),))


PR_SET_PDEATHSIG = 1  # prctl option (linux/prctl.h): the signal a process gets when its parent dies


def _start_worker(parent: int) -> None:
    """A worker's first step: end with its parent, however the parent ends (a worker left
    behind by a killed report holds hundreds of megabytes and waits forever), then
    :func:`gc.freeze` (see :func:`process_pool`)."""
    _end_with_parent(parent)
    gc.freeze()


def _end_with_parent(parent: int) -> None:
    """Make this process end when the process ``parent`` does: on Linux the kernel sends it
    SIGKILL (``prctl(PR_SET_PDEATHSIG)``); elsewhere a thread checks every second whether
    the parent changed. A parent already gone ends it at once."""
    armed = False
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
        except (OSError, AttributeError):
            armed = False
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)
    if not armed:
        threading.Thread(target=_watch_parent, args=(parent,), name="watch-parent", daemon=True).start()


def _watch_parent(parent: int, every: float = 1.0) -> None:
    while os.getppid() == parent:
        time.sleep(every)
    os._exit(1)
