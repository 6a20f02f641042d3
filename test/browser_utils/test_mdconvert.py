"""MarkdownConverter on real files and responses: HTML, text, PDF, Office documents, Wikipedia and Bing pages."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any, Optional

import pytest
import requests
from loopback_site import LoopbackSite, small_docx, tiny_pdf

from autogen.browser_utils.mdconvert import (
    DocumentConverter,
    DocumentConverterResult,
    FileConversionException,
    MarkdownConverter,
    UnsupportedFormatException,
)


@pytest.fixture(scope="module")
def converter() -> MarkdownConverter:
    return MarkdownConverter()


def _write(tmp_path: Path, name: str, data: Any) -> str:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return str(path)


def test_html_becomes_markdown_with_atx_headings_and_title(converter: MarkdownConverter, tmp_path: Path) -> None:
    html = (
        "<html><head><title> Tide tables </title><style>p{}</style></head><body><h2>Low water</h2>"
        '<p>See <a href="https://example.org/t">the table</a> or <a href="mailto:x@y.z">write</a>.</p>'
        '<img src="data:image/png;base64,AAAABBBB" alt="dot"><script>alert(1)</script></body></html>'
    )
    result = converter.convert(_write(tmp_path, "page.html", html))
    assert result.title == "Tide tables"
    assert "## Low water" in result.text_content
    assert "[the table](https://example.org/t)" in result.text_content
    assert "write" in result.text_content and "mailto" not in result.text_content
    assert "![dot](data:image/png;base64...)" in result.text_content
    assert "alert" not in result.text_content


def test_text_is_tidied(converter: MarkdownConverter, tmp_path: Path) -> None:
    result = converter.convert_local(_write(tmp_path, "n.txt", "one   \n\n\n\n\ntwo\t\n"))
    assert result.text_content == "one\n\ntwo\n"
    assert result.title is None


def test_pdf_text_is_extracted(converter: MarkdownConverter, tmp_path: Path) -> None:
    result = converter.convert_local(_write(tmp_path, "r.pdf", tiny_pdf("Hello from a tiny PDF")))
    assert "Hello from a tiny PDF" in result.text_content


def test_pdf_without_extension_is_recognised_by_its_bytes(converter: MarkdownConverter, tmp_path: Path) -> None:
    result = converter.convert_local(_write(tmp_path, "no_extension", tiny_pdf("Sniffed by magic")))
    assert "Sniffed by magic" in result.text_content


def test_docx_headings_survive(converter: MarkdownConverter, tmp_path: Path) -> None:
    result = converter.convert_local(_write(tmp_path, "d.docx", small_docx()))
    assert result.text_content.startswith("# Orchard meeting")


def test_xlsx_gives_one_table_per_sheet(converter: MarkdownConverter, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.title = "Fruit"
    book.active.append(["name", "count"])
    book.active.append(["apple", 3])
    book.create_sheet("Empty").append(["only"])
    path = tmp_path / "b.xlsx"
    book.save(path)
    text = converter.convert_local(str(path)).text_content
    assert text.startswith("## Fruit\n")
    assert "| apple | 3 |" in text
    assert "## Empty" in text


def test_pptx_slides_titles_tables_and_notes(converter: MarkdownConverter, tmp_path: Path) -> None:
    pptx = pytest.importorskip("pptx")
    from pptx.util import Inches

    deck = pptx.Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[5])
    slide.shapes.title.text = "Harbour plan"
    table = slide.shapes.add_table(2, 2, Inches(1), Inches(2), Inches(4), Inches(1)).table
    for (r, c), text in {(0, 0): "pier", (0, 1): "length", (1, 0): "north", (1, 1): "120 m"}.items():
        table.cell(r, c).text = text
    slide.notes_slide.notes_text_frame.text = "Mention the storm."
    path = tmp_path / "deck.pptx"
    deck.save(path)
    text = converter.convert_local(str(path)).text_content
    assert text.startswith("<!-- Slide number: 1 -->\n# Harbour plan")
    assert "| north | 120 m |" in text
    assert "### Notes:\nMention the storm." in text


def test_wikipedia_pages_keep_only_the_article(converter: MarkdownConverter, tmp_path: Path) -> None:
    html = (
        "<html><head><title>Lighthouse - Wikipedia</title></head><body><div id='nav'>Main menu</div>"
        "<h1><span class='mw-page-title-main'>Lighthouse</span></h1>"
        "<div id='mw-content-text'><p>A tower with a lamp.</p></div></body></html>"
    )
    path = _write(tmp_path, "w.html", html)
    result = converter.convert_local(path, url="https://en.wikipedia.org/wiki/Lighthouse")
    assert result.text_content.startswith("# Lighthouse\n\nA tower with a lamp.")
    assert "Main menu" not in result.text_content
    assert "Main menu" in converter.convert_local(path).text_content  # other sites get the whole page


def test_bing_results_page_lists_organic_results_with_real_links(converter: MarkdownConverter, tmp_path: Path) -> None:
    html = (
        "<html><head><title>keeper - Search</title></head><body><ol>"
        '<li class="b_algo"><h2><a href="https://www.bing.com/ck/a?!&&p=1&u=a1aHR0cHM6Ly9leGFtcGxlLm9yZy9rZWVwZXI">'
        "Keeper</a></h2><p>About keepers.</p></li>"
        '<li class="b_ad">Buy now</li></ol></body></html>'
    )
    result = converter.convert_local(
        _write(tmp_path, "serp.html", html), url="https://www.bing.com/search?q=keeper&FORM=QBLH"
    )
    assert result.text_content.startswith("## A Bing search for 'keeper' found the following results:")
    assert "[Keeper](https://example.org/keeper)" in result.text_content
    assert "Buy now" not in result.text_content


def test_unknown_binary_is_unsupported(converter: MarkdownConverter, tmp_path: Path) -> None:
    with pytest.raises(UnsupportedFormatException):
        converter.convert_local(_write(tmp_path, "x.bin", os.urandom(256)))
    assert issubclass(UnsupportedFormatException, BaseException)
    assert not issubclass(UnsupportedFormatException, Exception)
    assert not issubclass(FileConversionException, Exception)


def test_damaged_file_of_a_known_kind_fails_conversion(converter: MarkdownConverter, tmp_path: Path) -> None:
    with pytest.raises(FileConversionException):
        converter.convert_local(_write(tmp_path, "bad.docx", b"PK not really a zip"))


def test_newest_registered_converter_wins(tmp_path: Path) -> None:
    class Shouting(DocumentConverter):
        def convert(self, local_path: str, **kwargs: Any) -> Optional[DocumentConverterResult]:
            if kwargs.get("file_extension") != ".txt":
                return None
            return DocumentConverterResult("LOUD", Path(local_path).read_text().upper())

    own = MarkdownConverter()
    own.register_page_converter(Shouting())
    assert own.convert_local(_write(tmp_path, "q.txt", "quiet")).text_content == "QUIET"


def test_stream_with_an_extension_hint(converter: MarkdownConverter) -> None:
    result = converter.convert_stream(io.BytesIO(b"<h1>From a stream</h1>"), file_extension=".html")
    assert result.text_content == "# From a stream"


def test_url_and_response_use_the_content_type(converter: MarkdownConverter, site: LoopbackSite) -> None:
    assert converter.convert(site.url("/about.html")).title == "About"
    response = requests.get(site.url("/docs/report.pdf"), timeout=10)
    assert "Quarterly falcon migration report" in converter.convert(response).text_content
