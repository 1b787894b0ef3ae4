"""Compressed streams memoised across the PDFs of a process (render/pdf/streams.py): the
same bytes as zlib gives, never another stream's, and bounded."""

from __future__ import annotations

import zlib

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase import pdfdoc

from kitbuilder.render.pdf import streams


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.binary(min_size=0, max_size=3000), st.text(max_size=1500)), max_size=6))
def test_a_stream_compresses_as_zlib_does(texts):
    filter_ = streams.MemoisedCompress()
    for text in texts + texts:  # each twice: the second from the memo
        raw = text.encode("utf8") if isinstance(text, str) else text
        assert filter_.encode(text) == zlib.compress(raw) == pdfdoc.PDFStreamFilterZCompress().encode(text)


def test_a_stream_changed_after_it_was_compressed_is_compressed_again():
    filter_ = streams.MemoisedCompress()
    data = bytearray(b"glyph outline " * 400)
    first = filter_.encode(data)
    data[:5] = b"GLYPH"
    assert filter_.encode(data) == zlib.compress(bytes(data)) != first


def test_the_memo_is_bounded():
    streams.COMPRESSED.clear()
    filter_ = streams.MemoisedCompress()
    for n in range(60):
        filter_.encode(bytes([n]) * 400_000)
    assert streams.COMPRESSED.weight <= streams.MAX_BYTES
    assert len(streams.COMPRESSED) < 60
    streams.COMPRESSED.clear()


def test_written_pdfs_use_it():
    streams.install()
    streams.install()
    assert isinstance(pdfdoc.PDFZCompress, streams.MemoisedCompress)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.integers(-10**6, 10**6), st.floats(-1e6, 1e6, width=32),
                          st.booleans()), max_size=300),
       st.sampled_from([True, False, "forced"]))
def test_an_array_formats_as_reportlab_formats_it(numbers, multiline):
    streams.install()
    document = pdfdoc.PDFDocument()
    for _ in range(2):  # the second from the memo
        array = pdfdoc.PDFArray(numbers)
        array.multiline = multiline
        assert array.format(document) == streams._format_array(array, document)


def test_an_int_and_a_float_of_one_value_are_different_arrays():
    streams.install()
    document = pdfdoc.PDFDocument()
    ints, floats = pdfdoc.PDFArray([1] * 20), pdfdoc.PDFArray([1.0] * 20)
    assert ints.format(document) == streams._format_array(ints, document)
    assert floats.format(document) == streams._format_array(floats, document)
    assert len(streams.ARRAYS) and streams.ARRAYS.max_weight <= 4_000_000
