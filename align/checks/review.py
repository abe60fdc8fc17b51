"""Reviewers' decisions applied to a check's flags.

A decision (confirmed, dismissed) is keyed by the flag's content key
(:attr:`~align.checks.base.Flag.key`), so it holds in every later run while the
texts it concerns are unchanged; an ignore rule silences every flag of a kind
whose message or highlighted words match its pattern.  The flags themselves are
kept (a report says what was dismissed and why), only their status changes.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Mapping

from ..models import FlagDecision, FlagReview, IgnoreRule
from .base import CheckResult, Flag


RULE_TIMEOUT_S = 0.05  # a reviewer's regular expression may not hold up a run or the workbench


def rule_matches(rule: IgnoreRule, flag: Flag) -> bool:
    if rule.kind and rule.kind != flag.kind:
        return False
    haystacks = [flag.message, *(w for words in flag.pointed_words().values() for w in words)]
    if rule.regex:
        import regex  # not re: a timeout, and no catastrophic backtracking on (a+)+$

        try:
            return any(regex.search(rule.pattern, h, timeout=RULE_TIMEOUT_S) for h in haystacks)
        except (regex.error, TimeoutError):
            return False
    needle = rule.pattern.casefold()
    return bool(needle) and any(needle in h.casefold() for h in haystacks)


def apply_reviews(result: CheckResult, decisions: Mapping[str, FlagDecision],
                  rules: Iterable[IgnoreRule] = ()) -> CheckResult:
    """``result`` with each flag's review status (see :func:`review_statuses`)."""
    return replace(result, reviews=review_statuses(result.flags, decisions, rules))


def decision_for(flag: Flag, decisions: Mapping[str, FlagDecision]) -> FlagDecision | None:
    """The reviewer's decision on ``flag``: made on this very flag, or on the same words of the
    same sentences before an alignment edit regrouped them — a flag that points at words, on
    a sentence it shares, whose texts hold the decided ones or are held by them (a merge or a
    split, not a changed text).  Of several, the latest."""
    matches = [d for d in (decisions.get(flag.key),) if d is not None]
    if any(flag.pointed_words().values()):
        loose = flag.loose_key
        matches += [d for d in decisions.values() if d.key != flag.key and d.loose == loose
                    and any(set(flag.ids.get(lang, ())) & set(ids) for lang, ids in d.ids.items())
                    and _regrouped(d.texts, flag.texts)]
    return max(matches, key=lambda d: d.updated, default=None)


def _regrouped(decided: Mapping[str, str], now: Mapping[str, str]) -> bool:
    """The texts of a decided flag and of a flag now, language by language, one inside the other."""
    shared = set(decided) & set(now)
    return bool(shared) and all(decided[lang] in now[lang] or now[lang] in decided[lang] for lang in shared)


def review_statuses(flags: Iterable[Flag], decisions: Mapping[str, FlagDecision],
                    rules: Iterable[IgnoreRule] = ()) -> dict[str, FlagReview]:
    """Flag key → review: a reviewer's own decision first (even "open": a reviewer who
    reopened or commented on a flag outranks a rule), then the first ignore rule that
    matches; flags with neither are left out (open)."""
    rules = tuple(rules)
    reviews: dict[str, FlagReview] = {}
    for flag in flags:
        decision = decision_for(flag, decisions)
        if decision is not None:
            if decision.status != "open" or decision.comment:
                reviews[flag.key] = FlagReview(decision.status, decision.comment)
            continue
        rule = next((r for r in rules if rule_matches(r, flag)), None)
        if rule is not None:
            reviews[flag.key] = FlagReview("ignored", rule.note or f"ignore rule {rule.id}: {rule.pattern}", rule.id)
    return reviews
