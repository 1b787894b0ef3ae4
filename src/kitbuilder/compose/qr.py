"""QR codes: the modules of a code, how large it must be printed, and whether an address
fits in one at all.

Compose checks every QR code it puts in a document here, so a PDF and an HTML edition
refuse the same too-long address with the same message; both renderers draw the modules.

Error correction: a printed page is flat, clean and lit, so what decides whether a phone
reads a code is the size of its modules, not damage. Level M (15 % of the code may be
lost) is kept while it costs nothing, i.e. while the code fits :data:`NOMINAL_SIZE` with
modules of at least :data:`MIN_MODULE`; a longer address is encoded at level L (7 %),
which needs fewer modules, so the modules stay larger at the same printed size. Either
way the printed size grows with the module count so that no module is smaller than
:data:`MIN_MODULE` (0.5 mm: what office laser and inkjet printers reproduce and a phone
resolves at reading distance). The quiet zone of :data:`QUIET_MODULES` is kept around it.
"""

from __future__ import annotations

import functools
import importlib.util
import sys
from pathlib import Path

from kitbuilder.diagnostics import KitbuilderError, Origin
from kitbuilder.units import INCH, MM

NOMINAL_SIZE = 0.72 * INCH  # points: the code's printed size when its modules are large enough at it
MIN_MODULE = 0.5 * MM  # points: the smallest module a code is printed with
QUIET_MODULES = 4  # the blank margin scanners need around a code, in modules


def qr_matrix(payload: str) -> list[list[bool]]:
    """The QR code modules for ``payload`` (error correction M or L, see above), row by row, top first."""
    return [list(row) for row in _modules(payload)]


def qr_size(payload: str, nominal: float = NOMINAL_SIZE) -> float:
    """The printed size of ``payload``'s code in points, quiet zone not included: ``nominal``
    (the layout's size, already scaled), or larger when its modules would be under :data:`MIN_MODULE`."""
    return max(nominal, len(_modules(payload)) * MIN_MODULE)


@functools.lru_cache(maxsize=256)
def _modules(payload: str) -> tuple[tuple[bool, ...], ...]:
    """Each address is encoded once per process: compose checks it, and every render draws it."""
    QRErrorCorrectLevel = _qrencoder().QRErrorCorrectLevel  # noqa: N806 (ReportLab's name)

    medium = _encode(payload, QRErrorCorrectLevel.M)
    if len(medium) * MIN_MODULE <= NOMINAL_SIZE:
        return medium
    try:
        low = _encode(payload, QRErrorCorrectLevel.L)
    except Exception:  # noqa: BLE001 - M encoded it, so L (which holds more) cannot fail; keep M if it does
        return medium
    return low if len(low) < len(medium) else medium


@functools.cache
def _qrencoder():
    """ReportLab's QR encoder, ``reportlab.graphics.barcode.qrencoder``: a module of its own
    that needs only the standard library. Importing it by that name first runs its package's
    ``__init__``, which imports and registers every barcode ReportLab draws (about 5 ms of a
    build, for widgets kitbuilder never uses), so the module is loaded from its file alone;
    if that ever fails (another ReportLab), it is imported the usual way."""
    name = "reportlab.graphics.barcode.qrencoder"
    if name in sys.modules:
        return sys.modules[name]
    try:
        import reportlab.graphics

        path = Path(reportlab.graphics.__file__).parent / "barcode" / "qrencoder.py"
        spec = importlib.util.spec_from_file_location("kitbuilder.compose._reportlab_qrencoder", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    except Exception:  # noqa: BLE001 - the usual import is only slower
        return importlib.import_module(name)


def _encode(payload: str, level) -> tuple[tuple[bool, ...], ...]:
    code = _qrencoder().QRCode(None, level)
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
