"""The HTML edition (``kitbuilder build --format html``): one self-contained, semantic,
accessible page per layout, rendered from the same block tree as the PDF.

Checked: the file set a build writes, ``lang``, exactly one ``<h1>``, no resource loaded
from anywhere (every ``src``/``href`` of a loaded element, CSS ``url()`` and ``@import``
is ``data:`` or absent), every content item of the layout's block tree present in the
page's text, user text escaped, unsafe link schemes never linked, and (when Chromium
is installed) that a real browser draws the page.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import EVENT, KIT, run_cli

from kitbuilder.compose import blocks as b
from kitbuilder.render.html.media import safe_href
from kitbuilder.render.html.writer import render_html

LOGO = EVENT.parent / "riverside-logo.svg"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Elements whose src/href/data/poster a browser loads by itself (an <a href> is followed only when clicked).
LOADING = {"img", "script", "link", "source", "iframe", "frame", "embed", "object", "video", "audio", "track",
           "input", "image", "use", "feimage", "base", "meta"}
BLOCK_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "dt", "dd", "div", "figcaption", "blockquote", "br", "th", "td",
              "section", "svg", "footer", "ul", "ol", "table", "tr"}
LOADING_ATTRIBUTES = {"src", "href", "xlink:href", "data", "poster", "srcset", "background", "action", "content"}


class Page(HTMLParser):
    """What the tests look at in a page: tags, the reader's text, loaded URLs, styles."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.loads: list[str] = []
        self.css: list[str] = []
        self._in: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attributes))
        if tag in BLOCK_TAGS:
            self.text.append(" ")
        if tag not in ("br", "meta", "img", "hr", "link", "source", "input", "path", "rect"):
            self._in.append(tag)
        if tag in LOADING:
            for name, value in attributes.items():
                if name in LOADING_ATTRIBUTES and not (tag == "meta" and name == "content"):
                    self.loads.append(value)
        if tag == "meta" and attributes.get("http-equiv", "").lower() == "refresh":
            self.loads.append(attributes.get("content", ""))
        if "style" in attributes:
            self.css.append(attributes["style"])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self.text.append(" ")
        if tag in self._in:
            while self._in.pop() != tag:
                pass

    def handle_data(self, data):
        if "style" in self._in:
            self.css.append(data)
        elif "title" not in self._in or "svg" in self._in:
            self.text.append(data)

    def count(self, tag: str) -> int:
        return sum(1 for t, _ in self.tags if t == tag)

    def reading(self) -> str:
        return " ".join("".join(self.text).split())


def external_loads(html: str) -> list[str]:
    """Every URL the page would load that is not inline data."""
    page = Page(html)
    urls = [u for u in page.loads if u.strip() and not u.strip().lower().startswith(("data:", "#"))]
    for css in page.css:
        urls += [m for m in re.findall(r"url\(\s*['\"]?([^'\")]*)", css, re.I) if not m.strip().lower().startswith("data:")]
        urls += ["@import"] * len(re.findall(r"@import", css, re.I))
    return urls


def words(text: str) -> str:
    return " ".join(str(text).split())


def content_items(document: b.Document) -> list[tuple[str, str]]:
    """(key, text as read) of every content item in the tree: compose's own list where it has one,
    else each Para and Link with a key."""
    try:
        from kitbuilder.compose.document import content_items as composed_items
    except ImportError:
        composed_items = None
    if composed_items is not None:
        return composed_items(document)
    items = []
    for block in b.walk(document):
        if isinstance(block, b.Para) and block.key:
            items.append((block.key, block.text or "".join(run.text for run in block.runs)))
        elif isinstance(block, b.Link) and block.key:
            items.append((block.key, block.url))
    return items


def missing_items(document: b.Document, html: str) -> list[str]:
    reading = Page(html).reading()
    return [f"{key}: {text[:60]!r}" for key, text in content_items(document) if words(text) not in reading]


# --- a small hand-built tree: the writer on its own --------------------------------------

def para(text: str, style: str = "body", key: str | None = None, **run) -> b.Para:
    return b.Para((b.Run(text, key=key, **run),), style, key, text)


def sample_document(title: str = "Last Train Home", url: str = "example.org/join", lang: str = "en") -> b.Document:
    heading = b.Heading((b.Run("Questions"),), "Questions")
    link = b.Link(url, url if "://" in url or ":" in url.split("/")[0] else "https://" + url, key="about.url")
    qr = b.QrCode(url, link.href, f"QR code: {url}")
    sections = (
        b.Section("title_block", (
            b.Heading((b.Run("Discussion handout"),), "Discussion handout", style="label"),
            b.Beside((para(title, "title", "film.title"),), (b.Image(LOGO, 58, "Logo of the club"),), flow=False),
            b.Rule("full"))),
        b.Section("quote", (b.Quote(para("\u201cA line.\u201d", "quote", "quote.text"),
                                    para("\u2014 Someone", "quote_attribution", "quote.attribution")),)),
        b.Section("questions", (b.KeepWithNext((heading,)), b.ItemList(
            ((para("First <b>question</b>?", "question", "questions[2].text"),
              b.ItemList(((para("A follow-up", "followup", "questions[2].follow_ups[1]"),),), style="followup")),
             (para("Second & last", "question", "questions[5].text", emphasis=True),)),
            numbered=True, numbers=(2, 5), style="question")), start=b.PageBreak()),
        b.Section("film_details", (b.Panel((b.Heading((b.Run("Film"),), "Film", level=1), b.Details((
            b.DetailRow(para("Director", "detail_label"), para("Lixin Fan", "detail_value", "film.director")),
            b.DetailRow(None, para("no label", "detail_value", "film.year")))))),)),
        b.Section("about", (b.WithQr((para("The club", "subheading", "about.name"), link), qr),)),
        b.Section("feedback_form", (b.Rating(para("How was it?")), b.RuledLines(3),
                                    b.SignInTable((para("Name", "table_header"),), (1.0,), 2))),
    )
    return b.Document(f"{title} \u2014 Handout", lang, sections, {"author": "Club"}, {},
                      {"left": ("Credit line",), "right": ("Page ", "")})  # the pieces around the page number


def test_hand_built_tree_is_semantic_and_self_contained():
    document = sample_document()
    html = render_html(document).decode("utf-8")
    page = Page(html)
    assert html.startswith("<!DOCTYPE html>")
    assert ('html', {'lang': 'en'}) in page.tags
    assert page.count("h1") == 1 and html.split("</head>")[0].count("<title>") == 1
    assert page.count("h2") == 1 and page.count("h3") == 2  # section heading; heading in a panel, subheading
    assert page.count("ol") == 1 and page.count("ul") == 1 and page.count("dl") == 1
    assert page.count("blockquote") == 1 and page.count("figure") == 1 and page.count("figcaption") == 1
    assert ("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}) in page.tags
    assert "@media print" in html and "break-before: page" in html and "max-width: 70ch" in html
    assert external_loads(html) == []
    assert missing_items(document, html) == []
    values = [attrs.get("value") for tag, attrs in page.tags if tag == "li" and "value" in attrs]
    assert values == ["2", "5"]  # the kit's question numbers
    images = [attrs for tag, attrs in page.tags if tag == "img"]
    assert images and images[0]["alt"] == "Logo of the club" and images[0]["src"].startswith("data:image/svg+xml;")
    svgs = [attrs for tag, attrs in page.tags if tag == "svg"]
    assert svgs and svgs[0]["role"] == "img" and svgs[0]["aria-label"] == "QR code: example.org/join"
    assert ("a", {"href": "https://example.org/join"}) in page.tags
    assert "Credit line" in page.reading() and "Page" not in page.reading()  # no page numbers on a web page


def test_reading_order_follows_the_tree():
    document = sample_document()
    reading = Page(render_html(document).decode("utf-8")).reading()
    positions = [reading.index(words(text)) for _, text in content_items(document)]
    assert positions == sorted(positions)


def test_user_text_is_escaped_never_markup():
    hostile = '<script>alert("x")</script><img src=http://evil.example/x.png>'
    document = sample_document(title=hostile, url='example.org/"><script>alert(1)</script>', lang='en"><x')
    html = render_html(document).decode("utf-8")
    page = Page(html)
    assert page.count("script") == 0 and page.count("x") == 0
    assert [attrs for tag, attrs in page.tags if tag == "img" and "evil" in attrs.get("src", "")] == []
    assert external_loads(html) == []
    assert hostile in page.reading()  # shown as typed
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", " java\tscript:alert(1)",
                                 "data:text/html,<b>x</b>", "javascript://%0aalert(1)", "file:///etc/passwd",
                                 "vbscript:msgbox(1)"])
def test_unsafe_urls_are_shown_but_never_linked(url):
    assert safe_href(url) is None
    document = sample_document(url=url)
    html = render_html(document).decode("utf-8")
    page = Page(html)
    hrefs = [attrs.get("href", "") for tag, attrs in page.tags if tag == "a"]
    assert hrefs == []
    assert page.count("svg") == 0  # no QR code leading there either
    assert words(url) in page.reading()


@pytest.mark.parametrize("url, href", [
    ("example.org/join", "https://example.org/join"), ("https://example.org", "https://example.org"),
    ("mailto:club@example.org", "mailto:club@example.org"), ("www.example.org:8080/x", "https://www.example.org:8080/x"),
])
def test_web_and_mail_addresses_are_linked(url, href):
    assert safe_href(url) == href


def test_palette_reaches_the_stylesheet_only_as_colours():
    html = render_html(sample_document(), {"accent": "#2a6f97", "text": "red;}</style><script>x()</script>"}).decode()
    assert "--accent:#2a6f97;" in html and "--text:#000;" in html and "<script>" not in html


def test_a_grayscale_logo_is_shown_in_gray():
    document = b.Document("T", "fr", (b.Section("title_block", (para("Titre", "title", "film.title"),
                                                                b.Image(LOGO, 40, "Logo", grayscale=True))),))
    page = Page(render_html(document).decode("utf-8"))
    assert [a["class"] for t, a in page.tags if t == "img"] == ["logo gray"]
    assert ("html", {"lang": "fr"}) in page.tags


# --- the command: the shipped kit's layouts as HTML -----------------------------------------

@pytest.fixture(scope="module")
def html_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("html")
    result = run_cli("build", KIT, "--format", "html", "--out", out)
    assert result.exit_code == 0, result.output
    return out, [Path(line) for line in result.stdout.split()]


def test_build_writes_one_html_page_per_layout(html_build):
    out, written = html_build
    assert sorted(p.name for p in written) == ["facilitator.html", "guide.html", "handout.html"]
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == ["facilitator.html", "guide.html", "handout.html"]
    for path in written:
        html = path.read_text(encoding="utf-8")
        page = Page(html)
        langs = [attrs.get("lang") for tag, attrs in page.tags if tag == "html"]
        assert langs and langs[0], path
        assert page.count("h1") == 1, path
        assert html.split("</head>")[0].count("<title>") == 1 and page.count("h2") >= 3, path
        assert external_loads(html) == [], path


@pytest.mark.parametrize("event", [False, True])
def test_every_content_item_of_the_layout_is_in_its_html(tmp_path, event):
    from kitbuilder.build import BuildOptions, prepare
    from kitbuilder.compose.document import build_document

    options = BuildOptions(layouts=["handout", "guide", "facilitator"], event_path=EVENT if event else None)
    for comp in prepare(KIT, options):
        document = build_document(comp)
        html = render_html(document).decode("utf-8")
        assert content_items(document), comp.layout.name
        assert missing_items(document, html) == [], comp.layout.name


def test_pdf_and_html_are_written_side_by_side(tmp_path):
    result = run_cli("build", KIT, "--format", "pdf,html", "--layout", "handout", "--event", EVENT, "--out", tmp_path)
    assert result.exit_code == 0, result.output
    names = sorted(Path(line).name for line in result.stdout.split())
    assert names == ["handout.html", "handout.pdf"]
    folder = Path(result.stdout.split()[0]).parent
    assert sorted(p.name for p in folder.iterdir()) == ["handout.html", "handout.pdf"]
    html = (folder / "handout.html").read_text(encoding="utf-8")
    page = Page(html)
    assert [a for t, a in page.tags if t == "img" and a.get("src", "").startswith("data:image/")], "the logo is inline"
    assert external_loads(html) == []


def test_script_in_the_kit_is_escaped(tmp_path):
    kit = yaml.safe_load(KIT.read_text(encoding="utf-8"))
    kit["film"]["title"] = "<script>alert('x')</script> & *more*"
    kit["summary"] = "A <b>bold</b> claim <!-- and --> </main>"
    path = tmp_path / "kit.yaml"
    path.write_text(yaml.safe_dump(kit, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_cli("build", path, "--format", "html", "--layout", "guide", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    html = Path(result.stdout.split()[0]).read_text(encoding="utf-8")
    page = Page(html)
    assert page.count("script") == 0 and page.count("b") == 0
    assert "<script>alert(\u2018x\u2019)</script> &" in page.reading() and "A <b>bold</b> claim <!-- and --> </main>" in page.reading()


def test_unknown_format_is_a_mistake_with_a_fix(tmp_path):
    result = run_cli("build", KIT, "--format", "pdf,htm", "--out", tmp_path)
    assert result.exit_code == 1
    assert "--format: error: 'htm' is not a format kitbuilder writes" in result.output
    assert "did you mean 'html'?" in result.output
    assert not any(tmp_path.iterdir())


# --- a real browser -------------------------------------------------------------------

def screenshot(page: Path, png: Path, width: int, height: int) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--hide-scrollbars", f"--user-data-dir={profile}", f"--screenshot={png}",
                        f"--window-size={width},{height}", page.resolve().as_uri()],
                       check=True, capture_output=True, timeout=120)


@pytest.mark.skipif(not CHROMIUM, reason="Chromium is not installed (optional: apt-get install chromium)")
@pytest.mark.parametrize("width", [1000, 390])
def test_chromium_draws_the_page(tmp_path, width):
    from PIL import Image

    result = run_cli("build", KIT, "--format", "html", "--layout", "handout", "--event", EVENT, "--out", tmp_path)
    assert result.exit_code == 0, result.output
    page = Path(result.stdout.split()[0])
    png = tmp_path / "page.png"
    screenshot(page, png, width, 2000)
    image = Image.open(png).convert("L")
    assert image.size == (width, 2000)
    histogram = image.histogram()
    inked = sum(histogram[:128]) / (width * 2000)
    assert 0.005 < inked < 0.5, f"{inked:.1%} of the page is dark"  # text was drawn, not a blank or black page
    assert len(image.getcolors(256)) > 16  # anti-aliased text, not a flat colour
