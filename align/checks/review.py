"""Reviewers' decisions applied to a check's flags.

A decision (confirmed, dismissed) is keyed by the flag's content key
(:attr:`~align.checks.base.Flag.key`), so it holds in every later run while the
texts it concerns are unchanged; an ignore rule silences every flag of a kind
whose message or highlighted words match its pattern.  The flags themselves are
kept (a report says what was dismissed and why), only their status changes.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable, Mapping

from ..models import FlagDecision, FlagReview, IgnoreRule
from .base import CheckResult, Flag


def rule_matches(rule: IgnoreRule, flag: Flag) -> bool:
    if rule.kind and rule.kind != flag.kind:
        return False
    haystacks = [flag.message, *(w for words in flag.pointed_words().values() for w in words)]
    if rule.regex:
        try:
            pattern = re.compile(rule.pattern)
        except re.error:
            return False
        return any(pattern.search(h) for h in haystacks)
    needle = rule.pattern.casefold()
    return bool(needle) and any(needle in h.casefold() for h in haystacks)


def apply_reviews(result: CheckResult, decisions: Mapping[str, FlagDecision],
                  rules: Iterable[IgnoreRule] = ()) -> CheckResult:
    """``result`` with each flag's review status (see :func:`review_statuses`)."""
    return replace(result, reviews=review_statuses(result.flags, decisions, rules))


def review_statuses(flags: Iterable[Flag], decisions: Mapping[str, FlagDecision],
                    rules: Iterable[IgnoreRule] = ()) -> dict[str, FlagReview]:
    """Flag key → review: a reviewer's own decision first, then the first ignore rule that
    matches; flags with neither are left out (open)."""
    rules = tuple(rules)
    reviews: dict[str, FlagReview] = {}
    for flag in flags:
        key = flag.key
        decision = decisions.get(key)
        if decision is not None and decision.status != "open":
            reviews[key] = FlagReview(decision.status, decision.comment)
            continue
        rule = next((r for r in rules if rule_matches(r, flag)), None)
        if rule is not None:
            reviews[key] = FlagReview("ignored", rule.note or f"ignore rule {rule.id}: {rule.pattern}", rule.id)
        elif decision is not None and decision.comment:
            reviews[key] = FlagReview("open", decision.comment)
    return reviews
