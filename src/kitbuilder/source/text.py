"""``Text``: a string from the user's file that remembers where it came from."""

from __future__ import annotations

from kitbuilder.diagnostics import Origin
from kitbuilder.source.places import Span, locate


class Text(str):
    """A string from the user's file that remembers where it came from.

    ``field`` is the dotted path shown in messages, e.g. ``questions[3].text``.
    ``span`` (when the text was read from a file) finds the place of any one of its
    characters: see :meth:`locate`.
    """

    origin: Origin
    field: str
    span: Span | None

    def __new__(cls, value: str, origin: Origin, field: str, span: Span | None = None) -> "Text":
        text = super().__new__(cls, value)
        text.origin = origin
        text.field = field
        text.span = span
        return text

    def locate(self, index: int) -> Origin:
        """The file:line:col of the character ``self[index]``, inside blocks and quotes too.

        Never raises: when the place cannot be told, the text's own origin is returned.
        """
        return locate(str(self), index, getattr(self, "span", None), self.origin)
