"""What the HTML edition draws besides text: QR codes as inline SVG, the logo as a
``data:`` picture, and the links a reader may follow.

Nothing here reads a file or makes a request: the QR code is encoded in memory, and
the logo is the one the event loader already read, checked and shrunk
(:func:`kitbuilder.model.logo.prepared`). An SVG logo goes into an ``<img>`` as a
``data:`` URI, never inline: a browser runs no script and loads nothing for an SVG
shown as a picture, whatever the file holds.
"""

from __future__ import annotations

import base64
import re
from html import escape
from itertools import groupby
from pathlib import Path

# What a link in the HTML edition may be: the web and e-mail. An address written
# without a scheme ("example.org/join") is a web address.
LINK_SCHEMES = ("http://", "https://", "mailto:")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def safe_href(url: str) -> str | None:
    """The ``href`` for a kit URL, or None when it must not be a link (``javascript:``,
    ``data:``, ``file:`` and every other scheme but the web's and e-mail's)."""
    squeezed = _INVISIBLE.sub("", str(url))  # browsers ignore tabs and newlines inside a scheme
    lowered = squeezed.lower()
    if lowered.startswith(LINK_SCHEMES):
        return str(url).strip()
    scheme = _SCHEME.match(squeezed)
    if "://" in squeezed or (scheme and "." not in scheme.group(1)):
        return None  # another scheme ("www.example.org:8080/x" is a host and port, not a scheme)
    return "https://" + str(url).strip()


def qr_svg(payload: str, label: str, color: str = "#000") -> str:
    """An inline SVG QR code of ``payload`` with its quiet zone, named ``label`` for screen readers."""
    from kitbuilder.compose.qr import QUIET_MODULES, qr_matrix

    matrix = qr_matrix(payload)
    count = len(matrix)
    quiet = QUIET_MODULES
    runs = []  # one rectangle per horizontal run of dark modules
    for row, cells in enumerate(matrix):
        col = 0
        for dark, group in groupby(cells):
            length = len(list(group))
            if dark:
                runs.append(f"M{col + quiet} {row + quiet}h{length}v1h-{length}z")
            col += length
    size = count + 2 * quiet
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" role="img" '
            f'aria-label="{escape(label)}" shape-rendering="crispEdges"><title>{escape(label)}</title>'
            f'<rect width="{size}" height="{size}" fill="#fff"/>'
            f'<path fill="{escape(color)}" d="{"".join(runs)}"/></svg>')


def qr_style(payload: str) -> str:
    """The CSS width of ``payload``'s code with its quiet zone: the stylesheet's 6rem, or
    wider, so that printed from a browser no module is under :data:`kitbuilder.compose.qr.MIN_MODULE`."""
    from kitbuilder.compose.qr import MIN_MODULE, QUIET_MODULES, qr_matrix
    from kitbuilder.units import MM

    modules = len(qr_matrix(payload)) + 2 * QUIET_MODULES
    return f"width:max(6rem,{modules * MIN_MODULE / MM:.1f}mm)"


def logo_data_uri(path: Path, grayscale: bool = False) -> str:
    """The event's checked logo as a ``data:`` URI (PNG or JPEG as shrunk for print; SVG as cleaned)."""
    from kitbuilder.model.logo import prepared

    checked = prepared(path)
    if checked.svg is not None:
        from lxml import etree

        data, kind = etree.tostring(checked.svg.root, encoding="utf-8"), "image/svg+xml"
    else:
        data = checked.picture.gray if grayscale else checked.picture.data
        kind = "image/jpeg" if data[:3] == b"\xff\xd8\xff" else "image/png"
    return f"data:{kind};base64," + base64.b64encode(data).decode("ascii")
