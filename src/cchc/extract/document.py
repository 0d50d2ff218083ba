"""What a reader hands to the parser: the document's text in one plain layout, whatever its container."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["SourceDocument", "TABLE_CELL_SEP", "PAGE_BREAK"]

# A table row is one line whose cells are joined by TAB (as in the seed .txt files); a cell's own
# line breaks become spaces. Paragraphs are one per line; "\f" marks a page break where known.
TABLE_CELL_SEP = "\t"
PAGE_BREAK = "\f"


@dataclass
class SourceDocument:
    """A document's text and how it was obtained.

    `text` layout (the contract between readers and the parser):
    - NFC Unicode, "\\n" line ends;
    - one paragraph per line (PDF/OCR text keeps its hard line breaks; the parser re-joins them);
    - Word list numbering rendered as the visible label at the start of the paragraph ("1.", "a)", "-");
    - each table row on one line, cells separated by TAB; a vertically merged cell's continuation is
      an empty cell; a horizontally merged cell appears once; a blank line before and after a table;
    - PAGE_BREAK ("\\f") on its own line between pages when the container knows them.
    """

    text: str
    kind: str  # txt | docx | doc | pdf | ocr
    path: Path | None = None
    pages: int | None = None
    ocr: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.name if self.path else ""
