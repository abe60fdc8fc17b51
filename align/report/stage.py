"""The check stage of ``triglot check`` and ``triglot run``: run the checks, write the reports."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from ..checks import CheckResult, CheckSettings, run_checks
from ..errors import UsageError
from ..models import Alignment
from . import write_reports

FORMATS = {"json": "json_path", "md": "markdown_path", "csv": "csv_path", "html": "html_path"}


@dataclass(frozen=True)
class CheckStageOutput:
    result: CheckResult
    paths: tuple[Path, ...]


def run_check_stage(
    alignment: Alignment,
    out_dir: Path,
    *,
    termbase: Any = None,
    engines: Any = "auto",
    settings: CheckSettings | None = None,
    formats: Iterable[str] = ("json", "md", "csv", "html"),
    stem: str = "check",
) -> CheckStageOutput:
    """Check one aligned document and write ``out_dir/<stem>.{json,md,csv,html}``."""
    formats = tuple(formats)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise UsageError(f"unknown report format(s) {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    result = run_checks(alignment, termbase=termbase, engines=engines, settings=settings)
    out_dir = Path(out_dir)
    paths = write_reports(result, alignment, **{FORMATS[f]: out_dir / f"{stem}.{f}" for f in formats})
    return CheckStageOutput(result, tuple(paths))
