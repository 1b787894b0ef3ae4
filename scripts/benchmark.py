"""Measure kitbuilder's speed targets side by side in one run (issue 11, (a)-(d)).

Run from the project root after installing it:

    python scripts/benchmark.py [--quick] [--against OTHER_CHECKOUT]

(a) the seed kit's default build (3 layouts, a fresh output folder per run) against the
    bare ``import reportlab.platypus, yaml, click`` (target <= 2.0x, stretch 1.5x);
(b) the cost per document of 50 distinct guides built in one process through the
    library, against Typst (typst-py) typesetting the same guide 50 times and a plain
    ReportLab script setting the same text (target: kitbuilder <= Typst); also shown, the
    same 50 guides as one ``kitbuilder build KIT -e ...`` command (a batch over all cores);
(c) the peak memory (RSS) of a process building 100 guides (target <= 150 MiB);
(d) a watch-style rebuild in a warm process: one layout file changes, time until its
    PDF is written (target <= 300 ms).

Every measurement runs in its own child process; machines are noisy, so read the
ratios, which are measured side by side, rather than the milliseconds. Each is given in
wall time (what a user waits) and CPU time (the work done: steadier when other programs
compete for the processor, as on a shared build machine). ``--against``
measures a second checkout (e.g. ``git worktree add /tmp/base <rev>``) in the same
run, interleaved with this one, so the two columns can be compared. Each side imports
kitbuilder from its own ``src/`` (PYTHONPATH); with an editable install, the shipped layouts
are found through the installed checkout, so give the other one its own first:
``ln -s ../../layouts OTHER_CHECKOUT/src/kitbuilder/layouts``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KIT = ROOT / "kit" / "last-train-home.yaml"
TEMPLATE = Path(__file__).resolve().parent / "benchmark_guide.typ"
FONTS = ROOT / "src" / "kitbuilder" / "fonts"
FLOOR = "import reportlab.platypus, yaml, click"

# ---------------------------------------------------------------------------
# children: each prints one JSON object on its last line


def clocks() -> tuple[float, float]:
    """Wall time and this process's CPU time (all threads): on a busy machine the CPU time
    is the steadier measure of the work done, the wall time what a user waits."""
    return time.perf_counter(), time.process_time()


def since(start: tuple[float, float]) -> tuple[float, float]:
    wall, cpu = clocks()
    return wall - start[0], cpu - start[1]


def per_doc(spent: tuple[float, float], count: int) -> dict:
    return {"per_doc": spent[0] / count, "cpu_per_doc": spent[1] / count}


def event_files(folder: Path, count: int) -> list[Path]:
    """``count`` distinct events (host, title, date differ), so no document repeats another."""
    paths = []
    for n in range(count):
        path = folder / f"club-{n:03d}.yaml"
        path.write_text(f"host: Film Club {n}\ntitle: Screening number {n}\ndate: 2027-{n % 12 + 1:02d}-{n % 28 + 1:02d}\n"
                        f"venue: Hall {n}\ncredit: Guide for club {n}\n", encoding="utf-8")
        paths.append(path)
    return paths


def library_build(kit: Path, layout: str, out: Path, event: Path | None = None) -> None:
    import dataclasses
    from kitbuilder.build import BuildOptions, build_kit

    options = BuildOptions(layouts=[layout], out_dir=out, event_path=event)
    if "force" in {f.name for f in dataclasses.fields(BuildOptions)}:
        options.force = True  # an incremental build must not skip the work being measured
    build_kit(kit, options)


def child_library(count: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        events = event_files(Path(tmp), count)
        start = clocks()
        for event in events:
            library_build(KIT, "guide", Path(tmp) / "out", event)
        spent = since(start)
        written = len(list(Path(tmp, "out").rglob("guide.pdf")))
    assert written == count, f"{written} guides written, {count} expected"
    return per_doc(spent, count)


def guide_content(host: str, title: str) -> dict:
    """The guide's text from the kit, as paragraphs of [text, italic] runs (kit *emphasis*)."""
    import yaml

    kit = yaml.safe_load(KIT.read_text(encoding="utf-8"))
    film = kit["film"]

    def runs(text: str) -> list:
        parts = re.split(r"\*([^*]+)\*", " ".join(str(text).split()))
        return [[part, i % 2 == 1] for i, part in enumerate(parts) if part]

    def paras(text: str) -> list:
        return [runs(p) for p in str(text).split("\n\n") if p.strip()]

    return {
        "title": film["title"], "credit": f"Guide for {host}",
        "film": f"{film['original_title']} · {film['director']} · {film['year']} · {film['runtime_minutes']} min",
        "event": [host, title, "2027-01-01", "Hall"],
        "summary": paras(kit["summary"]), "quote": kit["quote"]["text"], "attribution": kit["quote"]["attribution"],
        "themes_intro": paras(kit["themes"]["intro"]),
        "themes": [{"title": t["title"], "body": runs(t["body"])} for t in kit["themes"]["items"]],
        "questions": [runs(q["text"]) for q in kit["questions"]],
        "facts": [runs(f["text"]) for f in kit["facts"]],
        "ways": [runs(w["text"]) for w in kit["ways_to_influence"]],
        "about_name": kit["about"]["name"], "tagline": kit["about"]["tagline"],
        "about": paras(kit["about"]["text"]), "url": kit["about"]["url"],
    }


def child_command(count: int) -> dict:
    """The same guides as one ``kitbuilder build KIT -e E1 -e E2 ...`` batch, as a user runs it: over all
    cores (wall), its workers' CPU included."""
    with tempfile.TemporaryDirectory() as tmp:
        events = event_files(Path(tmp), count)
        command = [sys.executable, "-m", "kitbuilder", "build", str(KIT), "--layout", "guide", "--force",
                   "--out", str(Path(tmp, "out"))] + [arg for event in events for arg in ("-e", str(event))]
        spent = timed_command(command, Path(os.environ.get("PYTHONPATH", str(ROOT / "src"))).parent)
        written = len(list(Path(tmp, "out").rglob("guide.pdf")))
    assert written == count, f"{written} guides written, {count} expected"
    return per_doc(spent, count)


def child_typst(count: int) -> dict:
    import typst

    contents = [json.dumps(guide_content(f"Film Club {n}", f"Screening number {n}")) for n in range(count)]
    with tempfile.TemporaryDirectory() as tmp:
        start = clocks()
        compiler = typst.Compiler(str(TEMPLATE), font_paths=[str(FONTS)], ignore_system_fonts=True)
        for n, content in enumerate(contents):
            Path(tmp, f"guide-{n}.pdf").write_bytes(compiler.compile(sys_inputs={"guide": content}))
        spent = since(start)
    return per_doc(spent, count)


def child_reportlab(count: int) -> dict:
    """The same text set by a plain ReportLab script (fonts registered once, as a batch would)."""
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    contents = [guide_content(f"Film Club {n}", f"Screening number {n}") for n in range(count)]
    with tempfile.TemporaryDirectory() as tmp:
        start = clocks()
        for face in ("Regular", "Bold", "Italic", "BoldItalic"):
            for family in ("Serif", "Sans"):
                pdfmetrics.registerFont(TTFont(f"Noto{family}-{face}", str(FONTS / f"Noto{family}-{face}.ttf")))
        pdfmetrics.registerFontFamily("NotoSerif-Regular", normal="NotoSerif-Regular", bold="NotoSerif-Bold",
                                      italic="NotoSerif-Italic", boldItalic="NotoSerif-BoldItalic")
        body = ParagraphStyle("body", fontName="NotoSerif-Regular", fontSize=10.5, leading=14, alignment=4)
        h1 = ParagraphStyle("h1", fontName="NotoSans-Bold", fontSize=15, leading=19, spaceBefore=8)
        h2 = ParagraphStyle("h2", fontName="NotoSans-Bold", fontSize=12, leading=15)
        title = ParagraphStyle("title", fontName="NotoSans-Bold", fontSize=26, leading=30)

        def para(runs, style=body):
            from xml.sax.saxutils import escape
            return Paragraph("".join(f"<i>{escape(t)}</i>" if it else escape(t) for t, it in runs), style)

        for n, g in enumerate(contents):
            story = [Paragraph(g["title"], title), Paragraph("<br/>".join(g["event"]), body), Paragraph(g["film"], body),
                     Paragraph("Summary", h1), *[para(p) for p in g["summary"]],
                     Paragraph(f"“{g['quote']}” — {g['attribution']}", body), Paragraph("Themes", h1),
                     *[para(p) for p in g["themes_intro"]]]
            for item in g["themes"]:
                story += [Paragraph(item["title"], h2), para(item["body"])]
            for heading, items in (("Further Discussions", g["questions"]), ("Film Facts", g["facts"]),
                                   ("Ways to Influence", g["ways"])):
                story += [Paragraph(heading, h1), *[para(p) for p in items], Spacer(0, 4)]
            story += [Paragraph(g["about_name"], h1), *[para(p) for p in g["about"]], Paragraph(g["url"], body)]
            SimpleDocTemplate(str(Path(tmp, f"guide-{n}.pdf")), pagesize=letter, title=g["title"]).build(story)
        spent = since(start)
    return per_doc(spent, count)


def child_watch(rebuilds: int) -> dict:
    """A warm process (one build done) rebuilds one layout after its file changes: the time from
    the change to the PDF written, as ``kitbuilder watch`` would spend it."""
    with tempfile.TemporaryDirectory() as tmp:
        layout, out = Path(tmp, "mine.yaml"), Path(tmp, "out")
        times = []
        for n in range(rebuilds + 1):
            start = clocks()
            layout.write_text(f"extends: guide\ncolors:\n  accent: '#{n * 7919 % 0xFFFFFF:06x}'\n", encoding="utf-8")
            library_build(KIT, str(layout), out)
            times.append(since(start))
        assert Path(out, KIT.stem, "mine.pdf").exists()
    warm = times[1:]  # the first build warms the process
    return {"per_doc": statistics.median(w for w, _ in warm), "cpu_per_doc": statistics.median(c for _, c in warm)}


def child_env(src: Path) -> dict:
    """The environment that imports kitbuilder from the checkout at ``src`` (not the installed one)."""
    return dict(os.environ, PYTHONPATH=str(src / "src"))


def run_child(mode: str, count: int, src: Path) -> tuple[dict, float]:
    """Run this script as a child in ``mode``; its JSON result and its peak RSS in MiB."""
    env = child_env(src)
    proc = subprocess.Popen([sys.executable, __file__, "--child", mode, str(count)], stdout=subprocess.PIPE,
                            env=env, cwd=ROOT)
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"benchmark child {mode} failed (exit {proc.returncode})")
    return json.loads(output.decode().strip().splitlines()[-1]), usage.ru_maxrss / 1024


def timed_command(command: list[str], src: Path) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, its forked workers included) of one command."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=child_env(src), cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{' '.join(command)} failed (exit {proc.returncode})")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


# ---------------------------------------------------------------------------
# the table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs (about a minute)")
    parser.add_argument("--against", type=Path, help="another checkout of kitbuilder to measure in the same run")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, count = args.child
        print(json.dumps(CHILDREN[mode](int(count))))
        return
    trees = {"this": ROOT} | ({"other": args.against.resolve()} if args.against else {})
    for src in trees.values():  # as installed by pip (which compiles): no side pays for compiling its code
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(src / "src")], check=True)
    runs, batch_runs, batch = (3, 1, 50) if args.quick else (9, 3, 50)

    # (a) interleaved, a fresh output folder for every build
    with tempfile.TemporaryDirectory() as tmp:
        samples: dict[str, list[tuple[float, float]]] = {"floor": []} | {name: [] for name in trees}
        for n in range(runs):
            samples["floor"].append(timed_command([sys.executable, "-c", FLOOR], ROOT))
            for name, src in trees.items():
                out = Path(tmp, f"{name}-{n}")
                samples[name].append(timed_command([sys.executable, "-m", "kitbuilder", "build", str(KIT),
                                                    "--out", str(out)], src))
    floor = medians(samples["floor"])
    print(f"(a) default build (handout, guide, facilitator), median of {runs}   (target <= 2.0x the import floor: "
          f"{floor[0] * 1000:.0f} ms wall, {floor[1] * 1000:.0f} ms CPU)")
    for name in trees:
        print(f"    {name:<18} {row(medians(samples[name]), floor, 'floor')}")

    # (b) per document in a 50-document loop
    per_doc: dict[str, list[tuple[float, float]]] = {}
    sides = [("typst", "typst", ROOT), ("reportlab", "reportlab", ROOT)] + \
        [(f"kitbuilder {name}", "library", src) for name, src in trees.items()] + \
        [(f"batch cmd {name}", "command", src) for name, src in trees.items()]
    for _ in range(batch_runs):
        for label, mode, src in sides:
            result = run_child(mode, batch, src)[0]
            per_doc.setdefault(label, []).append((result["per_doc"], result["cpu_per_doc"]))
    typst = medians(per_doc["typst"])
    print(f"(b) per document, {batch} distinct guides in one process, median of {batch_runs}   "
          "(target: kitbuilder <= 1.0x Typst)")
    for label, values in per_doc.items():
        print(f"    {label:<18} {row(medians(values), typst, 'Typst')}")
    print(f"    (kitbuilder: the library called {batch} times in one process, one core; batch cmd: one "
          f"'kitbuilder build KIT -e ...' of {batch} events over {os.cpu_count()} cores, CPU of all its processes)")

    # (c) peak memory of a 100-document batch
    print("(c) peak RSS of a process building 100 guides   (target <= 150 MiB)")
    for name, src in trees.items():
        print(f"    {name:<18} {run_child('library', 100, src)[1]:6.0f} MiB")

    # (d) a rebuild of one changed layout in a warm process
    print(f"(d) one changed layout rebuilt in a warm process, median of {runs}   (target <= 300 ms)")
    for name, src in trees.items():
        result = run_child("watch", runs, src)[0]
        print(f"    {name:<18} {result['per_doc'] * 1000:6.0f} ms wall  {result['cpu_per_doc'] * 1000:6.0f} ms CPU")


def medians(samples: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)


def row(value: tuple[float, float], base: tuple[float, float], name: str) -> str:
    """Wall and CPU milliseconds, each as a ratio of the same measure of ``base``."""
    return (f"{value[0] * 1000:7.1f} ms wall = {value[0] / base[0]:4.2f}x {name}   "
            f"{value[1] * 1000:7.1f} ms CPU = {value[1] / base[1]:4.2f}x {name}")

CHILDREN = {"library": child_library, "command": child_command, "typst": child_typst, "reportlab": child_reportlab, "watch": child_watch}

if __name__ == "__main__":
    main()
