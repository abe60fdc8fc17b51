"""The numbers check: a number, date or range present in one version and absent or
different in another.  Numbers are read by :mod:`align.lang.numbers`."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..lang.numbers import NumberMention, as_written
from .base import Check, Flag
from .verdict import pairwise_verdict


# --------------------------------------------------------------------------- comparing
@dataclass(frozen=True)
class NumberMismatch:
    only_a: tuple[str, ...]  # hard atoms of A found nowhere in B
    only_b: tuple[str, ...]
    mentions_a: tuple[NumberMention, ...]  # the mentions holding them
    mentions_b: tuple[NumberMention, ...]


def compare_numbers(a: Iterable[NumberMention], b: Iterable[NumberMention]) -> NumberMismatch | None:
    """Hard atoms of one side missing from the other, and dates that pair up but differ."""
    a, b = tuple(a), tuple(b)
    hard_a = {atom for m in a if m.hard for atom in m.atoms}
    hard_b = {atom for m in b if m.hard for atom in m.atoms}
    # What a version's figures may also be written as (a conversion, another reading)
    # answers the other's, but is never required of it.
    all_a = {atom for m in a for atom in m.atoms | m.alternatives}
    all_b = {atom for m in b for atom in m.atoms | m.alternatives}
    only_a = set(hard_a - all_b)
    only_b = set(hard_b - all_a)
    # Figures written in words are soft (两国 is "both", "a first step" no count), but two
    # versions that each write a figure of three or more in words, or a month alone, and
    # share none of them, say different things: "six limitations" against "five
    # limitations", "in January" against "en février".
    soft_a, soft_b = _soft_counts(a), _soft_counts(b)
    if soft_a and soft_b and not (soft_a & all_b) and not (soft_b & all_a):
        only_a |= soft_a
        only_b |= soft_b
    # A number can hide behind the same number elsewhere in the unit (5–7 May
    # 2024 vs 6–7 May 2024 next to 5–7 April 2023): pair the dates and compare them.
    shown_a: list[NumberMention] = []
    shown_b: list[NumberMention] = []
    matched: set[int] = set()
    for da, db in _paired_dates(a, b):
        if _same_date(da, db):
            matched.update((id(da), id(db)))
        else:
            only_a |= da.atoms - db.atoms
            only_b |= db.atoms - da.atoms
            shown_a.append(da)
            shown_b.append(db)
    # The same figure with another unit of the same kind: 2 metres against 2 feet, dollars
    # against euros (a converted figure has other atoms and is judged above).
    for mine, theirs, only, shown_mine, shown_theirs in ((a, b, only_a, shown_a, shown_b),
                                                         (b, a, only_b, shown_b, shown_a)):
        for x in mine:
            same_figure = [y for y in theirs if y.unit and x.atoms & y.atoms
                           and y.unit.split(":")[0] == x.unit.split(":")[0]] if x.unit else []
            if same_figure and not any(y.unit == x.unit for y in same_figure):
                only.add(f"u:{x.unit}")
                if x not in shown_mine:
                    shown_mine.append(x)
                for y in same_figure:
                    if y not in shown_theirs:
                        shown_theirs.append(y)
    if not only_a and not only_b:
        return None
    # Mentions holding the other odd atoms, and their nearest counterpart (same year, month…).
    for odd, mine, theirs, out_mine, out_theirs in ((only_a, a, b, shown_a, shown_b),
                                                    (only_b, b, a, shown_b, shown_a)):
        for m in mine:
            if m.atoms & odd and id(m) not in matched and m not in out_mine:
                out_mine.append(m)
                best = max(theirs, key=lambda o: (len(o.atoms & m.atoms), o.hard), default=None)
                if best is not None and best.atoms & m.atoms and best not in out_theirs \
                        and id(best) not in matched:
                    out_theirs.append(best)
    shown_a.sort(key=lambda m: m.start)
    shown_b.sort(key=lambda m: m.start)
    return NumberMismatch(tuple(sorted(only_a)), tuple(sorted(only_b)), tuple(shown_a), tuple(shown_b))


def _soft_counts(mentions) -> set[str]:
    """The plain figures of three or more a version writes only in words, and the months and
    days of the week it names alone (in February, on Tuesday)."""
    out = set()
    for m in mentions:
        if m.hard:
            continue
        for atom in m.atoms:
            kind, _, value = atom.partition(":")
            if kind in ("m", "w"):  # a month or a day of the week named alone
                out.add(atom)
                continue
            try:
                if kind == "n" and not m.ends and float(value) >= 3:
                    out.add(atom)
            except ValueError:
                continue
    return out


def _paired_dates(a, b):
    """Greedy pairs of date mentions sharing a year or a month, most shared first."""
    dates_a = [m for m in a if m.ends and m.hard]
    dates_b = [m for m in b if m.ends and m.hard]
    scored = sorted(
        ((len(x.atoms & y.atoms), i, j) for i, x in enumerate(dates_a) for j, y in enumerate(dates_b)
         if _anchor(x) & _anchor(y)),
        reverse=True,
    )
    used_a, used_b, pairs = set(), set(), []
    for _, i, j in scored:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((dates_a[i], dates_b[j]))
    return pairs


def _anchor(m: NumberMention) -> set:
    return {(e[0], e[1]) for e in m.ends if e[0] is not None and e[1] is not None} or \
        {("y", e[0]) for e in m.ends if e[0] is not None}


def _same_date(x: NumberMention, y: NumberMention) -> bool:
    if len(x.ends) != len(y.ends):
        return False
    for ex, ey in zip(x.ends, y.ends):
        for fx, fy in zip(ex, ey):
            if fx is not None and fy is not None and fx != fy:
                return False
    return True


def describe_atom(atom: str) -> str:
    kind, value = atom.split(":", 1)
    if kind == "u":
        return "unit " + value.split(":", 1)[1]
    return f"month {value}" if kind == "m" else value


class NumbersCheck(Check):
    """A number, date or range present in one version and absent or different in another."""

    name = "numbers"

    def flags(self, ev) -> Iterable[Flag]:
        for u, langs in ev.shared_units():
            mismatches = {}
            for a, b in ev.pairs_of(langs):
                mismatches[(a, b)] = compare_numbers(ev.numbers(u, a), ev.numbers(u, b))
            agree = {pair: mm is None for pair, mm in mismatches.items()}
            for verdict in pairwise_verdict(langs, agree):
                yield self._flag(ev, u, verdict, mismatches)

    def _flag(self, ev, u, verdict, mismatches) -> Flag:
        evidence, highlights, parts = {}, {}, []
        for (a, b) in verdict.pairs:
            mm = mismatches[(a, b)]
            # A side whose figures are all soft (十二亿, "three") still shows them, as written.
            shown_a = mm.mentions_a or ev.numbers(u, a)
            shown_b = mm.mentions_b or ev.numbers(u, b)
            evidence[f"{a}-{b}"] = {
                a: [f"{m.text} = {m.value}" for m in shown_a],
                b: [f"{m.text} = {m.value}" for m in shown_b],
                f"only_{a}": [describe_atom(x) for x in mm.only_a],
                f"only_{b}": [describe_atom(x) for x in mm.only_b],
            }
            for lang, ments in ((a, shown_a), (b, shown_b)):
                spans = set(highlights.get(lang, ()))
                spans.update((m.start, m.end) for m in ments)
                highlights[lang] = tuple(sorted(spans))
            parts.append(f"{a} {_quoted(shown_a, ev.text(u, a), a)} vs {b} {_quoted(shown_b, ev.text(u, b), b)}")
        who = f"{verdict.diverging} differs: " if verdict.diverging else ""
        return ev.flag(
            "number", "high", verdict.langs, u, who + "; ".join(parts), evidence,
            verdict.diverging, highlights,
        )


def _quoted(mentions, text: str, lang: str) -> str:
    """Figures as the text writes them (“5 au 7 mai 2024”, “十二亿”, “14 周”), not as values."""
    texts = list(dict.fromkeys(as_written(m, text, lang) for m in mentions))
    return "“" + "”, “".join(texts) + "”" if texts else "no such figure"
