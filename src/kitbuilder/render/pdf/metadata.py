"""The PDF's document-level properties, as viewers, search engines and preflight read them.

- :func:`properties`: the document information (title, author, subject, keywords,
  creator, producer) and the language, as ReportLab's document template takes them.
- :func:`mark_catalog`: what ReportLab does not write by itself: the XMP metadata
  stream (dc:title, dc:creator, dc:language, pdf:Producer...) and the viewer
  preference to show the document's title instead of its file name.

The outline (bookmarks) is written where each heading is drawn
(:class:`kitbuilder.render.pdf.paragraphs.HeadingParagraph`); imposition carries all of
this over to the imposed sheets (:mod:`kitbuilder.render.pdf.imposition`).
"""

from __future__ import annotations

from html import escape as _html_escape

from kitbuilder.compose.blocks import Document


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as XML entities (xml.sax.saxutils.escape, whose import pulls in
    urllib, http and email: 8 ms of every build)."""
    return _html_escape(text, quote=False)


CREATOR = "kitbuilder"
PRODUCER = "kitbuilder (ReportLab)"


def properties(document: Document) -> dict:
    """Keyword arguments for :class:`reportlab.platypus.BaseDocTemplate`."""
    meta = document.metadata
    return dict(title=meta["title"], author=meta["author"], subject=meta["subject"], keywords=meta["keywords"],
                creator=CREATOR, producer=PRODUCER, lang=document.lang)


def mark_catalog(canvas, document: Document) -> None:
    """Add the XMP metadata and ``/ViewerPreferences << /DisplayDocTitle true >>`` to the PDF being drawn."""
    from reportlab.pdfbase.pdfdoc import XMP

    meta = document.metadata

    def packet(doc) -> bytes:  # when the PDF is written; the dates are the document information's
        date = doc._timeStamp.datetime.isoformat()
        return xmp_packet(meta["title"], meta["author"], document.lang, meta["subject"], meta["keywords"],
                          date).encode("utf-8")
    canvas.setCatalogEntry("Metadata", XMP(creator=packet))
    canvas.setViewerPreference("DisplayDocTitle", "true")


def xmp_packet(title: str, author: str, lang: str, subject: str, keywords, date: str,
               producer: str = PRODUCER) -> str:
    """An XMP packet with the same facts as the document information dictionary."""
    lang = escape(lang or "x-default")
    keywords = ", ".join(keywords) if not isinstance(keywords, str) else keywords
    creator = (f"<dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>"
               if author else "")
    description = (f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(subject)}</rdf:li>'
                   f"</rdf:Alt></dc:description>" if subject else "")
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
        '<dc:format>application/pdf</dc:format>'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>'
        f"{creator}{description}"
        f"<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>"
        f"<pdf:Producer>{escape(producer)}</pdf:Producer>"
        f"<pdf:Keywords>{escape(keywords)}</pdf:Keywords>"
        f"<xmp:CreatorTool>{CREATOR}</xmp:CreatorTool>"
        f"<xmp:CreateDate>{date}</xmp:CreateDate><xmp:ModifyDate>{date}</xmp:ModifyDate>"
        f"<xmp:MetadataDate>{date}</xmp:MetadataDate>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )


def carry_over(reader, writer, sheet_of: dict[int, tuple[int, float, float]], duplex: bool) -> None:
    """Give an imposed PDF (``writer``) the properties of the laid-out one (``reader``): document
    information, XMP, ``/Lang``, viewer preferences and the outline, each entry pointing at the
    sheet where its page first appears (``sheet_of``: page index -> (sheet index, x and y shift)).
    ``duplex`` asks the print dialog for double-sided printing flipped on the short edge."""
    from pypdf.generic import NameObject, TextStringObject

    writer.pdf_header = reader.pdf_header
    if reader.metadata:
        writer.add_metadata(dict(reader.metadata))
    root = reader.trailer["/Root"]
    if "/Lang" in root:
        writer.root_object[NameObject("/Lang")] = TextStringObject(str(root["/Lang"]))
    if "/Metadata" in root:
        writer.xmp_metadata = root["/Metadata"].get_object().get_data()
        stream = writer.root_object["/Metadata"].get_object()
        stream[NameObject("/Type")], stream[NameObject("/Subtype")] = NameObject("/Metadata"), NameObject("/XML")
    preferences = writer.create_viewer_preferences()
    preferences.display_doctitle = True
    if duplex:
        preferences.duplex = NameObject("/DuplexFlipShortEdge")
    _copy_outline(reader, writer, reader.outline, None, sheet_of)


def _copy_outline(reader, writer, items: list, parent, sheet_of) -> None:
    from pypdf.generic import Fit

    entry = None
    for item in items:
        if isinstance(item, list):  # the entries under the one before
            _copy_outline(reader, writer, item, entry, sheet_of)
            continue
        sheet, shift_x, shift_y = sheet_of[reader.get_destination_page_number(item)]
        left, top = item.get("/Left"), item.get("/Top")
        fit = Fit.fit()
        if item.typ == "/XYZ" and isinstance(left, (int, float)) and isinstance(top, (int, float)):
            fit = Fit.xyz(float(left) + shift_x, float(top) + shift_y)
        entry = writer.add_outline_item(title=item.title, page_number=sheet, parent=parent, fit=fit, is_open=True)
