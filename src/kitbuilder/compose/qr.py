"""QR codes: the modules of a code, and whether an address fits in one at all.

Compose checks every QR code it puts in a document here, so a PDF and an HTML edition
refuse the same too-long address with the same message; both renderers draw the modules.
"""

from __future__ import annotations

import functools

from kitbuilder.diagnostics import KitbuilderError, Origin


def qr_matrix(payload: str) -> list[list[bool]]:
    """The QR code modules for ``payload`` (error correction M), row by row, top first."""
    return [list(row) for row in _modules(payload)]


@functools.lru_cache(maxsize=256)
def _modules(payload: str) -> tuple[tuple[bool, ...], ...]:
    """Each address is encoded once per process: compose checks it, and every render draws it."""
    from reportlab.graphics.barcode import qrencoder

    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(payload)
    code.make()
    count = code.getModuleCount()
    return tuple(tuple(bool(code.isDark(row, col)) for col in range(count)) for row in range(count))


def check_encodable(payload: str, origin: Origin | None, field: str) -> None:
    """Refuse an address too long for any QR code, naming its field."""
    try:
        _modules(payload)
    except Exception as exc:  # ReportLab's encoder raises a bare Exception for too much data
        raise KitbuilderError.single(
            origin, f"{field or payload[:40]} is too long to print as a QR code ({len(payload):,} characters)",
            "shorten the address (a link shortener helps), or set qr_codes: false for this section in the layout",
        ) from exc
