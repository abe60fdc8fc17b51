"""XLSX (Office Open XML spreadsheet): the aligned units in one trilingual sheet.

What reviewers using LF Aligner or XTM open in a spreadsheet: one row a unit, one column a
language (source first), then the aligner's confidence, the bead shape and the divergence
flags left open; a frozen, bold header row, wrapped text, wide language columns, an
autofilter.  openpyxl (MIT) writes it.

- A cell that starts with ``=`` is written as text, never as a formula.
- Characters a spreadsheet cannot hold (C0 controls) are dropped and counted, as the XML
  formats do.
- Deterministic: the workbook's created/modified dates are the TMX creation date (never
  the clock) and every zip entry carries a fixed timestamp, so reruns are byte-identical.
"""
from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from .base import TmDocument, Writer

if TYPE_CHECKING:
    from ..models import Alignment

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what openpyxl refuses in a cell
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


class XlsxWriter(Writer):
    name: ClassVar[str] = "XLSX spreadsheet of the aligned units"
    extensions: ClassVar[tuple[str, ...]] = ("xlsx",)
    mimetype: ClassVar[str] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def __init__(self, creation_date: str) -> None:
        self.creation_date = creation_date

    def clean_text(self, text: str) -> tuple[str, int]:
        count = len(_ILLEGAL.findall(text))
        return (_ILLEGAL.sub("", text), count) if count else (text, 0)

    def serialize(self, document: TmDocument) -> bytes:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter

        book = Workbook()
        sheet = book.active
        sheet.title = "-".join(document.langs)[:31]
        header = ["unit", *document.langs, "confidence", "sentences", "flags"]
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        wrap = Alignment(wrap_text=True, vertical="top")
        for unit in document.units:
            texts = {v.lang: v.text for v in unit.variants}
            ids = " · ".join(f"{v.lang} {'+'.join(str(i) for i in v.sentence_ids)}" for v in unit.variants)
            flags = "\n".join(f"{f.kind} ({'-'.join(f.langs)}): {f.message}" for f in unit.flags)
            row = [unit.key, *(texts.get(lang, "") for lang in document.langs),
                   round(unit.score, 4) if unit.score == unit.score else None, ids, flags]
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, even when it starts with "=": never a formula
                cell.alignment = wrap
        widths = [8, *([60] * len(document.langs)), 11, 18, 50]
        for column, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = width
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(sheet.max_row, 1)}"
        when = datetime.strptime(self.creation_date, "%Y%m%dT%H%M%SZ")
        book.properties.creator = "triglot"
        book.properties.created = book.properties.modified = when
        book.properties.title = document.doc_id
        raw = io.BytesIO()
        book.save(raw)
        return _fixed_zip(raw.getvalue(), when.strftime("%Y-%m-%dT%H:%M:%SZ"))


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _fixed_zip(data: bytes, modified: str) -> bytes:
    """The same archive with every entry dated 1980-01-01, in the same order, and the
    workbook's "modified" property (openpyxl sets it to the clock on saving) ``modified``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(lambda m: m.group(1) + modified.encode() + m.group(2), content)
            target.writestr(fixed, content)
    return out.getvalue()


def alignment_from_sheet(path, limits=None) -> "Alignment":
    """A two- or three-column spreadsheet (XLSX, or CSV/TSV by extension) as an alignment:
    the header row names the languages (zh, zh-CN, Chinese, 中文, Français, English…; other
    columns left out), each following row one unit."""
    import csv
    from pathlib import Path

    from ..errors import BadInputError
    from ..lang.langid import code_of_name, code_of_tag
    from ..textio import decode, read_bytes
    from .base import alignment_of_units

    path = Path(path)
    data = read_bytes(path, limits)
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        if data[:4] != b"PK\x03\x04":
            raise BadInputError(f"{path}: not an .xlsx file (it is no zip package)")
        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
            table = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        except Exception as exc:  # openpyxl raises many kinds on damaged files
            raise BadInputError(f"{path}: a damaged .xlsx ({type(exc).__name__}: {exc})") from None
    else:
        text, _ = decode(data, str(path))
        delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
        first = text.split("\n", 1)[0]
        if path.suffix.lower() != ".tsv" and first.count(";") > first.count(","):
            delimiter = ";"  # what a spreadsheet writes where the comma is the decimal mark
        table = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not table:
        raise BadInputError(f"{path}: an empty sheet")

    def language(cell: str) -> str:  # "French (France)", "English (US)" name French, English
        return code_of_name(cell) or code_of_name(re.sub(r"\s*[(（].*[)）]\s*$", "", cell)) or code_of_tag(cell)

    header = [language(cell) for cell in table[0]]
    twice = [lang for lang in ("zh", "fr", "en") if header.count(lang) > 1]
    if twice:
        raise BadInputError(f"{path}: two columns name {twice[0]}: say which is the text to check")
    if len({h for h in header if h in ("zh", "fr", "en")}) < 2:
        raise BadInputError(f"{path}: the first row must name two or three of zh, fr, en "
                            f"(Chinese, French, English…); it says {', '.join(table[0]) or 'nothing'}")
    rows = [{lang: cell for lang, cell in zip(header, row)} for row in table[1:]]
    return alignment_of_units(rows, path.stem or "sheet", str(path), f"sheet:{path.suffix.lstrip('.')}")
