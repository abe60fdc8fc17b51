"""Typed errors.  Only ``cli.py`` turns them into messages and exit codes."""
from __future__ import annotations


class TriglotError(Exception):
    """Base class: a problem the user can fix; the message says what and where."""

    exit_code = 1


class BadInputError(TriglotError):
    """Missing, empty, binary, undecodable or wrong-language input."""


class UsageError(TriglotError):
    """A command-line value that makes no sense (unknown language code, …)."""

    exit_code = 2


class MissingEngineError(TriglotError):
    """An optional engine was asked for but its extra or model is not installed."""


class ConflictError(TriglotError):
    """A write based on a state that has changed since (another tab or reviewer wrote first)."""
