"""Time a full kitbuilder build against the cost of merely importing its libraries.

Run from the project root after installing it:  python scripts/benchmark.py [--runs N]

Prints the median wall time of each command over N runs, all measured in the same
run (machines are noisy; compare the ratios, not the seconds).
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KIT = ROOT / "kit" / "last-train-home.yaml"
EVENT = ROOT / "events" / "example-club.yaml"


def shipped_layouts() -> list[str]:
    out = subprocess.run([sys.executable, "-m", "kitbuilder", "layouts"], capture_output=True, text=True, check=True)
    return [line.split()[0] for line in out.stdout.splitlines() if line.strip()]


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as out:
        every_layout = [a for name in shipped_layouts() for a in ("--layout", name)]
        commands = {
            "import floor (reportlab.platypus, yaml, click)":
                [sys.executable, "-c", "import reportlab.platypus, yaml, click"],
            "build last-train-home (handout, guide, facilitator)":
                [sys.executable, "-m", "kitbuilder", "build", str(KIT), "--out", out],
            f"build with example event, all {len(every_layout) // 2} layouts":
                [sys.executable, "-m", "kitbuilder", "build", str(KIT), "--event", str(EVENT), "--out", out,
                 *every_layout],
        }
        results = {name: median_seconds(cmd, args.runs) for name, cmd in commands.items()}
    floor = next(iter(results.values()))
    print(f"median of {args.runs} runs each, measured in one run")
    for name, seconds in results.items():
        print(f"  {name:<58} {seconds * 1000:7.0f} ms  {seconds / floor:5.2f}x floor")


if __name__ == "__main__":
    main()
