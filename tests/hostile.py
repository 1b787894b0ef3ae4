"""Run kitbuilder on a hostile input in a child process and hold it to the promise.

The promise for every bad input: exit status 1, a located ``file:line:col: error:``
message with a ``fix:`` line, no traceback, nothing written or changed in the
output folder, and at most :data:`SECONDS` seconds and :data:`MEGABYTES` MiB.
Memory is the peak resident size of the child or any worker it forked (``resource.getrusage``).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

SECONDS = 5.0
MEGABYTES = 500.0

# Run the CLI and report the child's own peak memory on the last line of stderr.
_CHILD = """
import resource, sys
from kitbuilder.cli import main
def own_peak_kib():
    # Linux keeps a process's ru_maxrss across fork and exec, so a child of a big test process
    # would report the test process's size; VmHWM is this program's own high-water mark.
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration, ValueError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    main(args=sys.argv[1:], prog_name="kitbuilder")
finally:
    # its forked renderers inherit this program's mark, not the test process's
    own, children = own_peak_kib(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    sys.stderr.write(f"\\n@@peak-kib {max(own, children)} {own} {children}\\n")
"""


@dataclass
class ChildRun:
    code: int
    stdout: str
    stderr: str
    seconds: float
    megabytes: float
    measured: str = ""  # whose peak that is

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_child(*args, cwd: Path | None = None, timeout: float = 60) -> ChildRun:
    """``kitbuilder ARGS`` in a fresh interpreter; its time and peak memory measured."""
    started = time.perf_counter()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run([sys.executable, "-c", _CHILD, *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, env=env)
    seconds = time.perf_counter() - started
    stderr, _, peak = proc.stderr.rpartition("\n@@peak-kib ")
    try:
        megabytes, own, children = (int(value) / 1024 for value in peak.split())
        where = f"the program {own:.0f} MiB, its forked copies {children:.0f} MiB"
    except ValueError:  # the child died before it could say (killed, for instance)
        stderr, megabytes = proc.stderr, float(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
        where = "not reported by the program: the largest child of the test process"
    return ChildRun(proc.returncode, proc.stdout, stderr, seconds, megabytes, where)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (an --out folder) with its bytes."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_refused(run: ChildRun, out: Path | None = None, before: dict[str, bytes] | None = None,
                   words: str = "", startup: float = 0.0) -> None:
    """The run kept the promise for bad input (see the module's docstring).

    ``startup`` is the interpreter's own start-up time, not charged to the input.
    """
    text = run.output
    assert run.code == 1, f"exit status {run.code}, expected 1:\n{text[-3000:]}"
    assert "Traceback" not in text, text[-3000:]
    lines = text.splitlines()
    located = [i for i, line in enumerate(lines) if ": error: " in line]
    assert located, f"no 'file:line:col: error:' line:\n{text[-3000:]}"
    for index in located:
        assert index + 1 < len(lines) and lines[index + 1].startswith("    fix: "), f"no fix: after {lines[index]!r}"
    if words:
        assert words.lower() in text.lower(), f"{words!r} not in:\n{text[-3000:]}"
    assert run.seconds - startup < SECONDS, f"took {run.seconds:.1f} s"
    assert run.megabytes < MEGABYTES, f"peak memory {run.megabytes:.0f} MiB ({run.measured})"
    if out is not None:
        after = snapshot(out)
        assert after == (before or {}), f"the output folder changed: {sorted(set(after) ^ set(before or {}))}"
