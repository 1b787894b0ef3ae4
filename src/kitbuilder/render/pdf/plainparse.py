"""Paragraph markup without tags or entities parsed without ReportLab's tokenizer.

Most paragraphs kitbuilder sets are plain text: their markup holds no ``<`` and no ``&``
(:func:`kitbuilder.render.pdf.markup.escape` turns a typed ``&`` or ``<`` into an entity,
and emphasis, other styles and fallback fonts into tags). ReportLab's ParaParser reads
markup with Python's HTMLParser, which for such a text does nothing but call the parser's
own handlers in a fixed order: the ``<para>`` start tag it wraps the text in, the text as
one piece of data (none when it is empty), the end tag. :func:`parse_plain` calls those
same handlers in that order, skipping only the tokenizer (about a third of the cost of
making a Paragraph, paid for every paragraph a process has not set before), so the
fragments are the parser's own, made the same way. Markup holding a ``<`` or an ``&``
goes to ReportLab's ``parse`` as before.
"""

from __future__ import annotations

from reportlab.platypus.paraparser import ParaParser


def is_plain(text: str) -> bool:
    """Whether ReportLab's parser would find no tag and no entity in ``text`` (its tokenizer
    stops only at ``<`` and ``&``)."""
    return "<" not in text and "&" not in text


def parse_plain(text: str, style, case_sensitive) -> tuple:
    """``ParaParser().parse(text, style)`` for a ``text`` that :func:`is_plain`: (style,
    fragments, bullet fragments), the fragments None when the parser reported an error."""
    parser = ParaParser()
    parser.caseSensitive = case_sensitive
    parser._setup_for_parse(style)
    parser.handle_starttag("para", [])  # parse() wraps a text that is not a <para> in one
    if text:  # HTMLParser hands over the text between the tags whole, and nothing when empty
        parser.handle_data(text)
    parser.handle_endtag("para")
    return parser._complete_parse()
