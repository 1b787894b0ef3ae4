"""The few-jobs runner of one build (kitbuilder.parallel): outcomes in order whatever process made
them, a copy's error raised here, a copy that dies reported, nothing printed twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from kitbuilder.parallel import WorkerStopped, run_all, shares

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="forked copies need fork()")


def test_shares_balance_costs_and_keep_every_job_once():
    groups = shares([5, 1, 1, 1, 1, 1], 2)
    assert sorted(i for g in groups for i in g) == list(range(6))
    assert [sum([5, 1, 1, 1, 1, 1][i] for i in g) for g in groups] == [5, 5]
    assert shares([1.0], 3) == [[0]]  # no empty group, so no copy with nothing to do


def _where(job):
    return job, os.getpid()


def test_outcomes_in_order_and_made_in_more_than_one_process():
    outcomes = run_all(list(range(5)), _where, [1] * 5, workers=2)
    assert [job for job, _ in outcomes] == list(range(5))
    pids = {pid for _, pid in outcomes}
    assert os.getpid() in pids and len(pids) == 2  # this process did its share


def _fail_in_copy(job):
    if job == "copy":
        raise ValueError("broken in the copy")
    return job


def test_an_error_in_a_copy_is_raised_here():
    # the costlier job stays here, so "copy" runs in the forked copy
    with pytest.raises(ValueError, match="broken in the copy"):
        run_all(["here", "copy"], _fail_in_copy, [2, 1], workers=2)


def _die_in_copy(job):
    if job == "copy":
        os.kill(os.getpid(), signal.SIGKILL)
    return job


def test_a_copy_that_dies_is_reported():
    with pytest.raises(WorkerStopped):
        run_all(["here", "copy"], _die_in_copy, [2, 1], workers=2)


def test_one_worker_runs_everything_here():
    outcomes = run_all([1, 2, 3], _where, [1, 1, 1], workers=1)
    assert {pid for _, pid in outcomes} == {os.getpid()}


def test_buffered_output_is_printed_once():
    program = textwrap.dedent("""
        import sys
        from kitbuilder.parallel import run_all
        sys.stdout.write("before ")  # still in the buffer when the copy is made
        print(run_all([1, 2], lambda job: job * 10, [1, 1], workers=2))
    """)
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True).stdout
    assert out == "before [10, 20]\n"


def test_a_killed_renderer_is_reported_as_an_error_with_a_fix(monkeypatch, tmp_path):
    from conftest import KIT
    from kitbuilder import build as build_module
    from kitbuilder.diagnostics import KitbuilderError

    real = build_module._rendered

    def killed_in_the_copy(job):
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(job)

    parent = os.getpid()
    monkeypatch.setattr(build_module, "_rendered", killed_in_the_copy)
    options = build_module.BuildOptions(layouts=["handout", "guide"], out_dir=tmp_path, workers=2, force=True)
    with pytest.raises(KitbuilderError) as raised:
        build_module.build_kit(KIT, options)
    (problem,) = raised.value.problems
    assert "stopped unexpectedly" in problem.message and problem.fix
    assert str(problem.origin) == str(KIT)
    assert not list(tmp_path.rglob("*.pdf"))  # nothing written


def test_a_build_called_in_process_never_freezes_the_callers_objects(tmp_path):
    """gc.freeze() is for the program, which ends after its build; a test process or any caller
    of main() goes on, and would keep every frozen object (its garbage included) for ever."""
    import gc

    from conftest import KIT, run_cli

    frozen = gc.get_freeze_count()
    assert run_cli("build", KIT, "--layout", "handout", "--out", tmp_path).exit_code == 0
    assert gc.get_freeze_count() == frozen


def _gone(pid: int) -> bool:
    """Whether the process has ended (a zombie waiting for its new parent to reap it counts)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True
    except OSError:  # no /proc (macOS): ask the system
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        return False


def test_a_copy_stops_soon_after_its_parent_is_killed(tmp_path):
    """A parent killed outright cannot stop its copies; each notices its parent is gone and stops
    (else it rendered on for nothing, for as long as its share took)."""
    import time

    ready = tmp_path / "copy.pid"
    program = textwrap.dedent(f"""
        import os, time
        from kitbuilder.parallel import run_all

        def job(name):
            if name == "copy":
                with open({str(ready)!r} + ".tmp", "w") as out:
                    out.write(str(os.getpid()))
                os.replace({str(ready)!r} + ".tmp", {str(ready)!r})
            time.sleep(60)  # a long render
            return name

        run_all(["here", "copy"], job, [2, 1], workers=2)
    """)
    parent = subprocess.Popen([sys.executable, "-c", program])
    try:
        deadline = time.monotonic() + 30
        while not ready.exists():
            assert parent.poll() is None and time.monotonic() < deadline, "the copy never started"
            time.sleep(0.02)
        copy = int(ready.read_text())
        assert not _gone(copy)
        parent.kill()
        parent.wait()
        killed = time.monotonic()
        while not _gone(copy) and time.monotonic() - killed < 5:
            time.sleep(0.02)
        assert _gone(copy), "the copy ran on after its parent was killed"
    finally:
        parent.kill()
        parent.wait()
        if ready.exists() and not _gone(int(ready.read_text())):
            os.kill(int(ready.read_text()), signal.SIGKILL)


def test_the_least_loaded_process_does_the_aside_work_around_its_share():
    """Work that decides nothing rendered (the stamps' digests) goes to the process with the
    smallest share: its first part before its jobs, the rest after them; its outcome comes last.
    Alone, this process does it around all the jobs."""
    order = []

    def aside():
        order.append("noted")
        return lambda: (order.append("aside"), os.getpid())[1]

    def job(name):
        order.append(name)
        return os.getpid()

    *made, aside_pid = run_all(["big", "small"], job, [3, 1], workers=2, aside=aside)
    assert made[0] == os.getpid() and made[1] == aside_pid != os.getpid()
    assert order == ["big"]  # the copy did the rest
    *made, aside_pid = run_all(["big", "mid", "mid"], job, [3, 2, 2], workers=2, aside=aside)
    assert made[0] == aside_pid == os.getpid() != made[1] == made[2]  # here 3, the copy 2 + 2
    order.clear()
    assert run_all(["a", "b"], job, [1, 1], workers=1, aside=aside) == [os.getpid()] * 3
    assert order == ["noted", "a", "b", "aside"]
    assert run_all([], job, [], workers=2, aside=aside) == [os.getpid()]


def _slow(job):
    import time

    time.sleep(0.2 if job else 0)
    return job


def test_when_no_more_copies_can_be_made_those_made_stop_and_are_reaped(monkeypatch):
    import errno

    from kitbuilder import parallel

    real, made = os.fork, []

    def fork_once():
        if made:
            raise OSError(errno.EAGAIN, "Resource temporarily unavailable")
        pid = real()
        if pid:
            made.append(pid)
        return pid

    monkeypatch.setattr(parallel.os, "fork", fork_once)
    with pytest.raises(OSError):
        run_all([0, 1, 1], _slow, [1, 1, 1], workers=3)
    (pid,) = made
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already reaped
