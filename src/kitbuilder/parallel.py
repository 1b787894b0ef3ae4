"""A few jobs over the cores of one machine: this process does its share, forked copies the rest.

One build has only a few layouts to render (three by default), so a pool of worker
processes costs more to start (importing :mod:`multiprocessing` and
:mod:`concurrent.futures`, starting and stopping its workers: about 40 ms) than it saves
on the smallest of them. Here each forked copy inherits everything already loaded (the
kit, the parsed fonts, the compositions) and sends back one pickled list of outcomes
through a pipe, while this process works through its own share; nothing is started
that is not used. Where there is no ``fork`` (Windows), or one core, everything runs here.
Many kits and events at once use a reused pool instead (:mod:`kitbuilder.workflow.batch`).
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
import traceback
from typing import Callable, Sequence, TypeVar

Job = TypeVar("Job")


class WorkerStopped(RuntimeError):
    """A forked copy ended without sending its outcomes (killed, out of memory)."""


def shares(costs: Sequence[float], count: int) -> list[list[int]]:
    """The job indexes split into ``count`` groups of about equal cost: the costliest job
    first, each to the group with the least so far (the first group is this process's)."""
    groups: list[list[int]] = [[] for _ in range(count)]
    totals = [0.0] * count
    for index in sorted(range(len(costs)), key=lambda i: -costs[i]):
        least = min(range(count), key=lambda g: (totals[g], g))
        groups[least].append(index)
        totals[least] += costs[index]
    return [sorted(group) for group in groups if group]


def run_all(jobs: Sequence[Job], run: Callable[[Job], object], costs: Sequence[float],
            workers: int) -> list[object]:
    """``run(job)`` for every job, in order, over at most ``workers`` processes (this one included).

    An exception in a forked copy is raised here as it was there (or, when it cannot be
    pickled, as a RuntimeError carrying its traceback text).
    """
    workers = min(workers, len(jobs))
    if workers < 2 or not hasattr(os, "fork"):
        return [run(job) for job in jobs]
    mine, *theirs = shares(costs, workers)
    sys.stdout.flush(), sys.stderr.flush()  # or the copies would print what is buffered again
    children = [_fork(jobs, group, run) for group in theirs]
    outcomes: dict[int, object] = {}
    try:
        for index in mine:
            outcomes[index] = run(jobs[index])
    finally:
        received = [_receive(pid, pipe) for pid, pipe in children]  # always reaped, even after an error
    for group, (ok, payload) in zip(theirs, received):
        if not ok:
            raise payload
        outcomes.update(zip(group, payload))
    return [outcomes[index] for index in range(len(jobs))]


def _fork(jobs, group: list[int], run) -> tuple[int, int]:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the copy: run its group, send (ok, outcomes or the exception), leave at once
        status = 0
        gc.freeze()  # what it inherited is never collected here (the copy ends soon): no time spent on it
        try:
            os.close(read)
            try:
                message = (True, [run(jobs[index]) for index in group])
            except BaseException as error:  # noqa: BLE001 - sent to the parent, raised there
                message = (False, error)
            try:
                data = pickle.dumps(message)
            except Exception:  # an unpicklable result or exception: its traceback as text
                data = pickle.dumps((False, RuntimeError("".join(traceback.format_exception(message[1]))
                                                         if not message[0] else "an outcome could not be sent")))
            with os.fdopen(write, "wb") as pipe:
                pipe.write(data)
            sys.stdout.flush(), sys.stderr.flush()  # warnings the copy printed
        except BaseException:  # noqa: BLE001 - nothing may escape a forked copy
            status = 1
        finally:
            os._exit(status)  # no atexit handlers, no buffers flushed twice
    os.close(write)
    return pid, read


def _receive(pid: int, pipe: int) -> tuple[bool, object]:
    with os.fdopen(pipe, "rb") as stream:
        data = stream.read()
    os.waitpid(pid, 0)
    if not data:
        return False, WorkerStopped("a process rendering a layout stopped unexpectedly")
    return pickle.loads(data)
