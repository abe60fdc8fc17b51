"""The reviewer's reports of a divergence check: JSON, Markdown, CSV and HTML.

Every writer takes the :class:`~align.checks.CheckResult` (and, for the HTML
side-by-side view, the :class:`~align.models.Alignment` it was computed on),
writes atomically, and produces byte-identical output for the same input.
"""
from __future__ import annotations

from pathlib import Path

from ..checks.base import CheckResult
from ..errors import UsageError
from ..models import Alignment
from .csv_report import render_csv, write_csv
from .html import render_html, write_html
from .json_report import result_to_dict, write_json
from .markdown import render_markdown, write_markdown

# The report formats a run writes, as ``<stem>.<format>`` files, and the writer argument of each.
REPORT_FORMATS = ("json", "md", "csv", "html")
_PATH_ARGUMENT = {"json": "json_path", "md": "markdown_path", "csv": "csv_path", "html": "html_path"}

__all__ = [
    "REPORT_FORMATS", "write_report_set", "write_reports", "write_json", "write_markdown", "write_csv", "write_html",
    "result_to_dict", "render_markdown", "render_csv", "render_html",
]


def write_reports(
    result: CheckResult,
    alignment: Alignment,
    *,
    json_path: Path | None = None,
    markdown_path: Path | None = None,
    csv_path: Path | None = None,
    html_path: Path | None = None,
) -> list[Path]:
    """Write the reports that were asked for; return their paths."""
    written = []
    if json_path:
        write_json(result, json_path)
        written.append(Path(json_path))
    if markdown_path:
        write_markdown(result, markdown_path)
        written.append(Path(markdown_path))
    if csv_path:
        write_csv(result, csv_path)
        written.append(Path(csv_path))
    if html_path:
        write_html(result, alignment, html_path)
        written.append(Path(html_path))
    return written


def write_report_set(result: CheckResult, alignment: Alignment, out_dir: Path,
                     formats=REPORT_FORMATS, stem: str = "check") -> list[Path]:
    """``out_dir/<stem>.<format>`` for each of ``formats`` (in REPORT_FORMATS)."""
    formats = tuple(formats)
    unknown = [f for f in formats if f not in REPORT_FORMATS]
    if unknown:
        raise UsageError(f"unknown report format(s) {', '.join(unknown)}; choose from {', '.join(REPORT_FORMATS)}")
    return write_reports(result, alignment, **{_PATH_ARGUMENT[f]: Path(out_dir) / f"{stem}.{f}" for f in formats})
