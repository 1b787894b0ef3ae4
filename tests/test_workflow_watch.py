"""``kitbuilder watch`` in the background: it rebuilds after a save, reports a broken save as
build does (keeping the last good PDF), and rebuilds again once the file is fixed; with
``--serve`` it shows the pages on 127.0.0.1 and serves nothing else."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

from pypdf import PdfReader

SAMPLES = Path(__file__).resolve().parent.parent / "src" / "kitbuilder" / "model" / "samples"
WAIT = 30.0  # seconds at most for each step (a loaded 2-core machine)


class Lines:
    """The lines a child process writes on stdout and stderr, as they come."""

    def __init__(self, proc: subprocess.Popen):
        self.queue: queue.Queue = queue.Queue()
        self.seen: list[str] = []
        for stream in (proc.stdout, proc.stderr):
            threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            self.queue.put(line.rstrip("\n"))

    def until(self, words: str) -> list[str]:
        """Every line up to the first that holds ``words``."""
        deadline = time.monotonic() + WAIT
        got = []
        while time.monotonic() < deadline:
            try:
                line = self.queue.get(timeout=0.5)
            except queue.Empty:
                continue
            got.append(line)
            self.seen.append(line)
            if words in line:
                return got
        raise AssertionError(f"no line with {words!r} in {WAIT:g} s; seen:\n" + "\n".join(self.seen))


def test_watch_rebuilds_after_a_save_and_survives_a_broken_save(tmp_path):
    kit = tmp_path / "kit.yaml"
    good = (SAMPLES / "kit.yaml").read_text(encoding="utf-8")
    kit.write_text(good, encoding="utf-8")
    pdf = tmp_path / "out" / "kit" / "handout.pdf"
    env = {**os.environ, "KITBUILDER_CACHE_DIR": str(tmp_path / "cache"), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "kitbuilder", "watch", str(kit), "--layout", "handout",
                             "--out", str(tmp_path / "out")], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, cwd=tmp_path)
    try:
        lines = Lines(proc)
        assert any("watching" in line for line in lines.until("built"))
        assert pdf.is_file()
        time.sleep(0.5)  # the watcher is set up after the first build

        kit.write_text(good.replace("Sample Film", "Second Draft", 1), encoding="utf-8")
        assert "handout.pdf" in lines.until("built")[-1]
        assert "Second Draft" in PdfReader(pdf).pages[0].extract_text()
        written = pdf.read_bytes()

        kit.write_text(good + "film: [\n", encoding="utf-8")  # a broken save
        report = lines.until("problem")
        assert any(line.startswith(f"{kit}:") and ": error: " in line for line in report), report
        assert any(line.startswith("    fix: ") for line in report), report
        assert "the last good files are kept" in report[-1]
        assert pdf.read_bytes() == written

        kit.write_text(good.replace("Sample Film", "Third Draft", 1), encoding="utf-8")  # fixed
        assert "handout.pdf" in lines.until("built")[-1]
        assert "Third Draft" in PdfReader(pdf).pages[0].extract_text()
        assert proc.poll() is None, "still watching"
    finally:
        stop(proc)


def stop(proc) -> None:
    """End a background kitbuilder: asked first, killed if it does not stop in 10 s."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_watch_serve_shows_the_pages_on_this_computer_and_reloads_after_a_build(tmp_path):
    import urllib.error
    import urllib.request

    kit = tmp_path / "kit.yaml"
    good = (SAMPLES / "kit.yaml").read_text(encoding="utf-8")
    kit.write_text(good, encoding="utf-8")
    port = free_port()
    env = {**os.environ, "KITBUILDER_CACHE_DIR": str(tmp_path / "cache"), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "kitbuilder", "watch", str(kit), "--layout", "handout",
                             "--out", str(tmp_path / "out"), "--serve", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
    base = f"http://127.0.0.1:{port}"
    try:
        lines = Lines(proc)
        assert any(f"serving the pages at {base}/" in line for line in lines.until("built"))
        page = urllib.request.urlopen(f"{base}/", timeout=10).read().decode()
        assert '<img src="/page/0' in page and "location.reload()" in page
        first = json.loads(urllib.request.urlopen(f"{base}/version", timeout=10).read())
        picture = urllib.request.urlopen(f"{base}/page/0", timeout=10).read()
        assert picture.startswith(b"\x89PNG") and picture == (tmp_path / "out" / "kit" / "handout-1.png").read_bytes()
        for wrong in ("/page/99", "/../../etc/passwd", "/kit.yaml"):
            try:
                urllib.request.urlopen(base + wrong, timeout=10)
                raise AssertionError(f"{wrong} was served")
            except urllib.error.HTTPError as refused:
                assert refused.code == 404
        time.sleep(0.5)
        kit.write_text(good.replace("Sample Film", "Next Draft", 1), encoding="utf-8")
        lines.until("built")
        assert json.loads(urllib.request.urlopen(f"{base}/version", timeout=10).read()) > first
    finally:
        stop(proc)
