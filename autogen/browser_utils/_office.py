"""Document converters: PDF, Word, Excel and PowerPoint files.

Each library is imported when its first file arrives, so a missing one only matters for that kind of file.
"""

from __future__ import annotations

import html
import importlib
from typing import Any, List, Optional

from ._converter_base import DocumentConverter, DocumentConverterResult, FileConversionException, extension_of
from ._html import html_to_markdown

__all__ = ("PdfConverter", "DocxConverter", "XlsxConverter", "PptxConverter")


def _require(module: str, package: str) -> Any:
    """Import `module`, or fail the conversion with a message that says what to install."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise FileConversionException(
            f'Converting this file needs {package}: pip install "autogen-agentchat[websurfer]~=0.2" ({exc})'
        ) from exc


class PdfConverter(DocumentConverter):
    """PDF text, as pdfminer lays it out."""

    def convert(self, local_path: str, **kwargs: Any) -> Optional[DocumentConverterResult]:
        if extension_of(kwargs) != ".pdf":
            return None
        high_level = _require("pdfminer.high_level", "pdfminer.six")
        try:
            text = high_level.extract_text(local_path)
        except Exception as exc:  # a damaged PDF: report it as a failed conversion
            raise FileConversionException(f"Could not read the PDF: {exc}") from exc
        return DocumentConverterResult(title=None, text_content=text)


class DocxConverter(DocumentConverter):
    """Word documents through mammoth's HTML, so headings, lists and tables survive."""

    def convert(self, local_path: str, **kwargs: Any) -> Optional[DocumentConverterResult]:
        if extension_of(kwargs) != ".docx":
            return None
        mammoth = _require("mammoth", "mammoth")
        with open(local_path, "rb") as fh:
            converted = mammoth.convert_to_html(fh)
        return html_to_markdown(converted.value)


class XlsxConverter(DocumentConverter):
    """Excel workbooks: one `## <sheet>` section with a table per sheet."""

    def convert(self, local_path: str, **kwargs: Any) -> Optional[DocumentConverterResult]:
        if extension_of(kwargs) != ".xlsx":
            return None
        pandas = _require("pandas", "pandas and openpyxl")
        _require("openpyxl", "openpyxl")
        sheets = pandas.read_excel(local_path, sheet_name=None)
        sections = []
        for name, frame in sheets.items():
            table = html_to_markdown(frame.to_html(index=False)).text_content
            sections.append(f"## {name}\n{table}")
        return DocumentConverterResult(title=None, text_content="\n\n".join(sections).strip())


class PptxConverter(DocumentConverter):
    """PowerPoint decks: per slide a number comment, the title as heading, text, tables, picture alt text, notes."""

    def convert(self, local_path: str, **kwargs: Any) -> Optional[DocumentConverterResult]:
        if extension_of(kwargs) != ".pptx":
            return None
        pptx = _require("pptx", "python-pptx")
        deck = pptx.Presentation(local_path)
        slides = [self._slide(number, slide) for number, slide in enumerate(deck.slides, start=1)]
        return DocumentConverterResult(title=None, text_content="\n\n".join(slides).strip())

    def _slide(self, number: int, slide: Any) -> str:
        lines: List[str] = [f"<!-- Slide number: {number} -->"]
        title = slide.shapes.title
        for shape in slide.shapes:
            if getattr(shape, "shape_type", None) == 13:  # MSO_SHAPE_TYPE.PICTURE
                alt = shape._element._nvXxPr.cNvPr.attrib.get("descr", "")
                lines.append(f"![{alt}]({shape.name}.jpg)")
            elif getattr(shape, "has_table", False) and shape.has_table:
                lines.append(self._table(shape.table))
            elif getattr(shape, "has_text_frame", False) and shape.has_text_frame:
                prefix = "# " if title is not None and shape.shape_id == title.shape_id else ""
                lines.append(prefix + shape.text.lstrip())
        if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
            lines.append("### Notes:\n" + slide.notes_slide.notes_text_frame.text)
        return "\n".join(lines)

    def _table(self, table: Any) -> str:
        rows = []
        for i, row in enumerate(table.rows):
            tag = "th" if i == 0 else "td"
            cells = "".join(f"<{tag}>{html.escape(cell.text)}</{tag}>" for cell in row.cells)
            rows.append(f"<tr>{cells}</tr>")
        return html_to_markdown("<table>" + "".join(rows) + "</table>").text_content
