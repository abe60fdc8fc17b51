"""What both command lines (``triglot`` and ``triglot glossary``) print through: the terminal
consoles, file names and messages made literal, and the one error line.

In the interface layer with ``align.cli`` and ``glossary.cli``; ``align.cli`` mounts the
glossary commands, so the part they share lives here rather than in either.
"""
from __future__ import annotations

import re

import typer

from .errors import TriglotError
from .lang.script import CONTROL_RE


# Characters that reorder or hide what follows them on a terminal (bidirectional overrides
# and isolates, U+202E turns "txt.exe" around): shown as escapes in messages.
_HIDDEN_RE = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def stderr():
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def stdout():
    from rich.console import Console

    return Console(highlight=False)


def literal(text: str) -> str:
    """``text`` as it is, for a message: rich markup escaped (a file may be named
    ``[bold]x.txt``), control characters written as escapes, never sent to the terminal,
    and bytes that were no UTF-8 (lone surrogates from the command line) as ``\\udcXX``."""
    from rich.markup import escape

    shown = _HIDDEN_RE.sub(_as_escape, CONTROL_RE.sub(_as_escape, text))
    return escape(shown.encode("utf-8", "backslashreplace").decode("utf-8"))


def _as_escape(match: re.Match) -> str:
    return ascii(match.group())[1:-1]


def error(message: str) -> None:
    """The one error line."""
    stderr().print(f"[bold red]triglot: error:[/] {literal(message)}", soft_wrap=True)


def fail(exc: TriglotError) -> None:
    """Print the error line for ``exc`` and exit with its code (1 bad input, 2 usage)."""
    error(str(exc))
    raise typer.Exit(exc.exit_code)


def warn(message: str) -> None:
    stderr().print(f"[yellow]triglot: warning:[/] {literal(message)}", soft_wrap=True)
