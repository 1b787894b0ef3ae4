"""Space between blocks that a page or column break swallows.

ReportLab carries a :class:`~reportlab.platypus.Spacer` that did not fit at the foot of
a page over to the top of the next one, where it is white space nobody asked for and
makes the page no longer "empty" (a right-hand start then added a blank page before its
Notes page; at the end of a document it made a blank last page). A :class:`Gap` is
nothing at the top of a frame, and where it does not fit it ends there.
"""

from __future__ import annotations

from reportlab.platypus import Spacer


class Gap(Spacer):
    """Vertical space between two blocks; none at the top of a frame."""

    def wrap(self, availWidth, availHeight):
        frame = getattr(self, "_frame", None)
        if frame is not None and frame._atTop:
            return self.width, 0
        return super().wrap(availWidth, availHeight)

    def split(self, availWidth, availHeight):
        return [_Nothing(self.width, 0)]  # the page ends anyway: the space is not carried over


class _Nothing(Spacer):
    _ZEROSIZE = True  # placed even in a full frame
