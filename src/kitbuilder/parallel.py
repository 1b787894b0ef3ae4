"""A few jobs over the cores of one machine: this process does its share, forked copies the rest.

One build has only a few layouts to render (three by default), so a pool of worker
processes costs more to start (importing :mod:`multiprocessing` and
:mod:`concurrent.futures`, starting and stopping its workers: about 40 ms) than it saves
on the smallest of them. Here each forked copy inherits everything already loaded (the
kit, the parsed fonts, the compositions) and sends back one pickled list of outcomes
through a pipe, while this process works through its own share; nothing is started
that is not used. Where there is no ``fork`` (Windows), or one core, everything runs here.
Many kits and events at once use a reused pool instead (:mod:`kitbuilder.workflow.batch`).

A copy stops as soon as this process is gone (killed with SIGKILL, it cannot wait for
its copies): each copy watches a pipe whose only writing end this process holds, and the
system closes it when this process ends.
"""

from __future__ import annotations

import _thread
import gc
import os
import pickle
import sys
import traceback
from typing import Callable, Mapping, Sequence, TypeVar

Job = TypeVar("Job")


class WorkerStopped(RuntimeError):
    """A forked copy ended without sending its outcomes (killed, out of memory)."""


def shares(costs: Sequence[float], count: int, needs: Sequence[str | None] | None = None,
           setup: Mapping[str, float] | None = None) -> list[list[int]]:
    """The job indexes split into ``count`` groups of about equal cost: the costliest job
    first, each to the group where it would be done soonest (the first group is this process's).

    ``needs[i]``, when given, names a cost paid once by a process before the first of its jobs
    that need it (``setup[name]``: loading a library), so such jobs tend to go together.
    """
    return _planned(costs, count, needs, setup)[0]


def _planned(costs, count, needs, setup) -> tuple[list[list[int]], list[float]]:
    needs = needs or [None] * len(costs)
    setup = setup or {}
    groups: list[list[int]] = [[] for _ in range(count)]
    totals = [0.0] * count
    paid: list[set] = [set() for _ in range(count)]

    def added(index: int, group: int) -> float:
        need = needs[index]
        return costs[index] + (setup.get(need, 0.0) if need is not None and need not in paid[group] else 0.0)

    alone = [costs[i] + (setup.get(needs[i], 0.0) if needs[i] is not None else 0.0) for i in range(len(costs))]
    for index in sorted(range(len(costs)), key=lambda i: -alone[i]):
        best = min(range(count), key=lambda g: (totals[g] + added(index, g), g))
        totals[best] += added(index, best)
        groups[best].append(index)
        paid[best].add(needs[index])
    kept = [(sorted(group), total) for group, total in zip(groups, totals) if group]
    return [group for group, _ in kept], [total for _, total in kept]


def run_all(jobs: Sequence[Job], run: Callable[[Job], object], costs: Sequence[float],
            workers: int, aside: Callable[[], Callable[[], object]] | None = None,
            needs: Sequence[str | None] | None = None, setup: Mapping[str, float] | None = None) -> list[object]:
    """``run(job)`` for every job, in order, over at most ``workers`` processes (this one included),
    shared out by their estimated costs (see :func:`shares`).

    ``aside``, when given, is work that decides nothing about the jobs, for the process with
    the smallest share (alone, this one): called before its jobs (to note what must be noted
    then), it returns what to do once they are done, whose outcome follows the jobs' (one
    more item at the end).

    An exception in a forked copy is raised here as it was there (or, when it cannot be
    pickled, as a RuntimeError carrying its traceback text).
    """
    workers = min(workers, len(jobs))
    if workers < 2 or not hasattr(os, "fork"):
        after = aside() if aside is not None else None
        return [run(job) for job in jobs] + ([after()] if after is not None else [])
    (mine, *theirs), totals = _planned(costs, workers, needs, setup)
    # the least loaded process takes the aside; on a tie a copy, as this one still has to receive and write
    lightest = min(range(len(totals)), key=lambda g: (totals[g], g == 0))
    asides = [aside if aside is not None and g == lightest else None for g in range(len(totals))]
    sys.stdout.flush(), sys.stderr.flush()  # or the copies would print what is buffered again
    watched, alive = os.pipe()  # this process holds the only writing end while its copies run
    children: list[tuple[int, int]] = []
    try:
        for group, extra in zip(theirs, asides[1:]):
            children.append(_fork(jobs, group, run, extra, watched, alive))
    except BaseException:  # no more copies could be made: those made stop, and nothing is left behind
        os.close(alive)
        for pid, pipe in children:
            os.close(pipe)
            os.waitpid(pid, 0)
        raise
    finally:
        os.close(watched)
    outcomes: dict[int, object] = {}
    try:
        after = asides[0]() if asides[0] is not None else None
        for index in mine:
            outcomes[index] = run(jobs[index])
        if after is not None:
            outcomes[len(jobs)] = after()
    finally:
        try:
            received = [_receive(pid, pipe) for pid, pipe in children]  # always reaped, even after an error
        finally:
            os.close(alive)  # interrupted while receiving: the copies still running stop now
    for group, extra, (ok, payload) in zip(theirs, asides[1:], received):
        if not ok:
            raise payload
        outcomes.update(zip(group + ([len(jobs)] if extra is not None else []), payload))
    return [outcomes[index] for index in range(len(jobs) + (aside is not None))]


def _fork(jobs, group: list[int], run, aside, watched: int, alive: int) -> tuple[int, int]:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the copy: run its group, send (ok, outcomes or the exception), leave at once
        status = 0
        gc.freeze()  # what it inherited is never collected here (the copy ends soon): no time spent on it
        try:
            os.close(read)
            os.close(alive)
            _thread.start_new_thread(_stop_with_parent, (watched,))  # not threading's: no wait until it runs
            try:
                after = aside() if aside is not None else None
                message = (True, [run(jobs[index]) for index in group] + ([after()] if after is not None else []))
            except BaseException as error:  # noqa: BLE001 - sent to the parent, raised there
                message = (False, error)
            try:
                data = pickle.dumps(message)
            except Exception:  # an unpicklable result or exception: its traceback as text
                data = pickle.dumps((False, RuntimeError("".join(traceback.format_exception(message[1]))
                                                         if not message[0] else "an outcome could not be sent")))
            _room_for(write, len(data))
            with os.fdopen(write, "wb") as pipe:
                pipe.write(data)
            sys.stdout.flush(), sys.stderr.flush()  # warnings the copy printed
        except BaseException:  # noqa: BLE001 - nothing may escape a forked copy
            status = 1
        finally:
            os._exit(status)  # no atexit handlers, no buffers flushed twice
    os.close(write)
    return pid, read


def _stop_with_parent(watched: int) -> None:
    """In a copy: wait until the parent's end of the pipe closes, then stop at once.

    The parent closes it only after it has received every copy's outcomes, which each copy
    sends just before leaving; so the pipe closes while a copy still runs only when the
    parent was killed, and then no one is left to take what the copy makes."""
    try:
        while os.read(watched, 1):
            pass
    except OSError:
        pass
    os._exit(1)


def _room_for(pipe: int, size: int) -> None:
    """Make the pipe hold ``size`` bytes where the system allows (Linux: up to 1 MiB unless
    raised), so the copy can send everything and leave without waiting for the parent to
    read: the parent then finds the copy already gone rather than waiting for it to end."""
    try:
        import fcntl

        if size > 65536 and hasattr(fcntl, "F_SETPIPE_SZ"):
            for room in (size, 1 << 20):  # more than the system allows: as much as it allows by default
                try:
                    fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, room)
                    return
                except OSError:
                    continue
    except ImportError:
        pass  # a smaller pipe: the copy waits until the parent reads, as it always could


def _receive(pid: int, pipe: int) -> tuple[bool, object]:
    """A copy's ``(ok, outcomes or exception)``; ``(False, WorkerStopped)`` when it did not end as
    it does once it has sent everything (killed, perhaps halfway through sending a large outcome)."""
    with os.fdopen(pipe, "rb") as stream:
        data = stream.read()
    _, status = os.waitpid(pid, 0)
    if data and os.waitstatus_to_exitcode(status) == 0:
        try:
            return pickle.loads(data)
        except Exception:  # noqa: BLE001 - not what a copy sends whole: as if it had stopped
            pass
    return False, WorkerStopped("a process rendering a layout stopped unexpectedly")
