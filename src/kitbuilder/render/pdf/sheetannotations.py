"""Annotations (links and any others) of laid-out pages, carried onto the imposed sheets.

pypdf merges a page's content with a transformation but copies its annotations as they
are: on a sheet, a link of the right-hand page would stay over the left-hand page, and a
page placed twice (two-up) would bring the same annotation twice, at the same place. So
imposition takes the annotations off each page before merging it (:func:`take`) and,
once every sheet exists, gives each placement of the page its own copy of them, moved by
the same shift as its content (:func:`place`): the Rect, the QuadPoints of a link that
runs over several lines, and the points of any other kind of annotation. A link to a page
of the document (an explicit destination) is pointed at the sheet where that page first
appears, at the shifted position.
"""

from __future__ import annotations

from dataclasses import dataclass

# Keys holding x, y, x, y ... on the page, by annotation type (ISO 32000 12.5): moved as points
POINT_LISTS = ("/Rect", "/QuadPoints", "/Vertices", "/L", "/CL")
POINT_LIST_LISTS = ("/InkList",)
# Keys that refer back to the laid-out document's own objects: the copy gets new ones
NOT_COPIED = ("/P", "/Popup", "/Parent", "/StructParent")


@dataclass(frozen=True)
class Placement:
    """Page ``page`` drawn on sheet ``sheet``, moved by ``shift_x``, ``shift_y``."""

    page: int
    sheet: int
    shift_x: float
    shift_y: float


def take(page) -> list:
    """Remove the page's annotations (so merging it copies none) and return them."""
    from pypdf.generic import NameObject

    annotations = page.get("/Annots")
    if annotations is None:
        return []
    del page[NameObject("/Annots")]
    return [annotation.get_object() for annotation in annotations.get_object()]


def place(writer, reader, placements: list[Placement], annotations: dict[int, list]) -> None:
    """Add to each sheet of ``writer`` a copy of the annotations of each page placed on it."""
    first: dict[int, Placement] = {}
    for placement in placements:
        first.setdefault(placement.page, placement)
    sheet_of_page = {page.indirect_reference.idnum: first[index] for index, page in enumerate(reader.pages)
                     if index in first}

    def destination_on_sheet(destination):
        return _shifted_destination(destination, writer, sheet_of_page)

    for placement in placements:
        for annotation in annotations.get(placement.page, []):
            copy = _moved_copy(annotation, writer, placement.shift_x, placement.shift_y, destination_on_sheet)
            writer.add_annotation(placement.sheet, copy)


def _moved_copy(annotation, writer, dx: float, dy: float, destination_on_sheet):
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    kept = DictionaryObject({NameObject(key): value for key, value in annotation.items() if key not in NOT_COPIED})
    # an explicit destination names a page of the laid-out document: point it at the sheet
    # first, so that copying the annotation does not copy that page along
    if "/Dest" in kept:
        kept[NameObject("/Dest")] = destination_on_sheet(kept["/Dest"].get_object())
    action = kept.get("/A")
    if action is not None and action.get_object().get("/S") == "/GoTo" and "/D" in action.get_object():
        action = DictionaryObject(action.get_object())
        action[NameObject("/D")] = destination_on_sheet(action["/D"].get_object())
        kept[NameObject("/A")] = action
    copy = kept.clone(writer)  # what it refers to (an action, an appearance) is copied into the sheets' PDF
    for key in POINT_LISTS:
        if key in copy:
            copy[NameObject(key)] = _moved(copy[key].get_object(), dx, dy)
    for key in POINT_LIST_LISTS:
        if key in copy:
            copy[NameObject(key)] = ArrayObject(_moved(points.get_object(), dx, dy)
                                                for points in copy[key].get_object())
    return copy


def _moved(points, dx: float, dy: float):
    from pypdf.generic import ArrayObject, FloatObject

    return ArrayObject(FloatObject(round(float(value) + (dy if index % 2 else dx), 4))
                       for index, value in enumerate(points))


# which operands of an explicit destination are x and which y, by its fit
FIT_AXES = {"/XYZ": "xy", "/FitH": "y", "/FitBH": "y", "/FitV": "x", "/FitBV": "x", "/FitR": "xyxy"}


def _shifted_destination(destination, writer, sheet_of_page: dict):
    """``[page /XYZ left top zoom]`` (or another fit) on the sheet where the page first appears,
    moved with it. A named destination (a string) is returned as it is."""
    from pypdf.generic import ArrayObject, FloatObject, NameObject, NullObject

    if not isinstance(destination, list) or not destination:
        return destination
    placement = sheet_of_page.get(getattr(destination[0], "idnum", None))
    if placement is None:
        return ArrayObject([writer.pages[0].indirect_reference, NameObject("/Fit")])  # never copy what it names
    values = list(destination[1:])
    for position, axis in enumerate(FIT_AXES.get(str(values[0]) if values else "", ""), start=1):
        if position < len(values) and not isinstance(values[position], NullObject):
            values[position] = FloatObject(float(values[position]) + (placement.shift_x if axis == "x"
                                                                       else placement.shift_y))
    return ArrayObject([writer.pages[placement.sheet].indirect_reference, *values])
