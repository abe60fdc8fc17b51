#!/usr/bin/env python3
"""Divergence report on TICO-19 (CC0): false alarms on faithful translations, and planted edits.

    python bench/divergence_tico.py [--shared ../shared] [--limit N] [--rate 0.05] [--seed 1] [--show 20]

divergence-dev (bench/divergence_dev.py) has 8 planted edits in one 40-unit statement.  This
runs the same checks over TICO-19's 2,742 trilingual units (one sentence each in zh, fr, en;
professional translations of medical papers, Wikipedia, news, a doctor's interview):

1. as they are: every flag is counted per 100 units, by check and severity.  A few may be
   real divergences of TICO-19's translators; most are false alarms, the price a reviewer
   pays in reading;
2. with edits planted in the French or English of ``--rate`` of the units (seeded): a number
   changed (+1), a month changed, a country changed, a clause dropped (omission), a negation
   added.  An edit is found when a flag of the check meant for it (CATCHES) on its unit blames
   its language (or blames no single language and involves it).  Flags on the other units
   are unexplained.
"""
from __future__ import annotations

import argparse
import random
import re
from collections import Counter
from dataclasses import replace


from data import shared_dir, tico_alignment  # noqa: E402

from align.lang.numbers import MONTH_NAMES  # noqa: E402

MONTHS = MONTH_NAMES  # the number reader's month names, in calendar order
COUNTRIES = {
    "en": ["Italy", "France", "China", "Spain", "Germany", "Japan", "Iran", "Korea", "India", "Brazil"],
    "fr": ["Italie", "France", "Chine", "Espagne", "Allemagne", "Japon", "Iran", "Corée", "Inde", "Brésil"],
}
NEGATIONS = {
    "en": [(" is ", " is not "), (" can ", " cannot "), (" will ", " will not "), (" are ", " are not ")],
    "fr": [(" est ", " n'est pas "), (" peut ", " ne peut pas "), (" sont ", " ne sont pas ")],
}
NUMBER = re.compile(r"(?<![\w.,-])(\d{2,4})(?![\w,.]\d|[\w-])")


def plant(text: str, lang: str, kind: str, rng: random.Random) -> str | None:
    """The text with one edit of ``kind``, or None when the sentence offers no place for it."""
    if kind == "number":
        found = list(NUMBER.finditer(text))
        if not found:
            return None
        m = rng.choice(found)
        return text[:m.start()] + str(int(m.group(1)) + 1) + text[m.end():]
    if kind == "month":
        names = [n for n in MONTHS[lang] if re.search(rf"\b{n}\b", text)]
        if not names:
            return None
        old = rng.choice(names)
        new = MONTHS[lang][(MONTHS[lang].index(old) + 1) % 12]
        return re.sub(rf"\b{old}\b", new, text, count=1)
    if kind == "country":
        names = [n for n in COUNTRIES[lang] if re.search(rf"\b{n}\b", text)]
        if not names:
            return None
        old = rng.choice(names)
        new = rng.choice([n for n in COUNTRIES[lang] if n != old])
        return re.sub(rf"\b{old}\b", new, text, count=1)
    if kind == "omission":
        parts = text.split(", ")
        middle = [i for i in range(1, len(parts) - 1) if len(parts[i].split()) >= 3]
        if not middle:
            return None
        i = rng.choice(middle)
        return ", ".join(parts[:i] + parts[i + 1:])
    if kind == "negation":
        options = [(a, b) for a, b in NEGATIONS[lang] if a in text]
        if not options:
            return None
        a, b = rng.choice(options)
        return text.replace(a, b, 1)
    raise ValueError(kind)


# the checks that should catch each kind of edit
CATCHES = {"number": {"number"}, "month": {"number"}, "country": {"name"},
           "omission": {"omission", "meaning", "length"}, "negation": {"polarity", "meaning"}}


def found_by(flags, unit: int, lang: str, kind: str) -> list:
    return [f for f in flags if f.unit == unit and f.kind in CATCHES[kind]
            and (f.diverging == lang or (f.diverging is None and lang in f.langs))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--rate", type=float, default=0.05, help="share of units given a planted edit")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=0, help="print this many flags of each run")
    args = parser.parse_args()
    from align.checks import CheckSettings, run_checks
    from align.checks.engines import load_engines
    from align.models import SegmentedText

    alignment = tico_alignment(shared_dir(args.shared), args.limit)
    engines = load_engines(mt=False)
    n = len(alignment.units)

    clean = run_checks(alignment, termbase=None, engines=engines, settings=CheckSettings())
    by_kind = Counter((f.kind, f.severity) for f in clean.flags)
    high = sum(1 for f in clean.flags if f.severity == "high")
    print(f"TICO-19: {n} trilingual units as they are: {len(clean.flags)} flags = "
          f"{100 * len(clean.flags) / n:.1f} per 100 units ({100 * high / n:.1f} high)")
    print("  " + ", ".join(f"{k}/{s} {c}" for (k, s), c in sorted(by_kind.items(), key=lambda x: -x[1])))
    rng = random.Random(args.seed)
    for f in rng.sample(clean.flags, min(args.show, len(clean.flags))):
        print(f"    unit {f.unit} {f.kind}/{f.severity}: {f.message}")

    rng = random.Random(args.seed)
    texts = {lang: list(alignment.texts[lang].sentences) for lang in alignment.texts}
    planted: list[tuple[int, str, str, str]] = []  # unit, lang, kind, edited text
    kinds = ("number", "month", "country", "omission", "negation")
    for unit in rng.sample(range(n), int(args.rate * n)):
        lang = rng.choice(("fr", "en"))
        for kind in rng.sample(kinds, len(kinds)):
            sentence = texts[lang][unit]
            edited = plant(sentence.text, lang, kind, rng)
            if edited and edited != sentence.text:
                texts[lang][unit] = replace(sentence, text=edited)
                planted.append((unit, lang, kind, edited))
                break
    edited_alignment = replace(alignment, texts={lang: SegmentedText(lang, tuple(s)) for lang, s in texts.items()})
    result = run_checks(edited_alignment, termbase=None, engines=engines, settings=CheckSettings())
    found = Counter()
    total = Counter(kind for _, _, kind, _ in planted)
    for unit, lang, kind, _ in planted:
        if found_by(result.flags, unit, lang, kind):
            found[kind] += 1
    units_planted = {unit for unit, *_ in planted}
    unexplained = [f for f in result.flags if f.unit not in units_planted]
    print(f"planted edits in {len(planted)} units: found {sum(found.values())}/{len(planted)} = "
          f"{sum(found.values()) / max(1, len(planted)):.3f}; "
          + ", ".join(f"{k} {found[k]}/{total[k]}" for k in kinds if total[k]))
    print(f"  flags on the {n - len(units_planted)} other units: {len(unexplained)}")
    for unit, lang, kind, edited in planted[: args.show]:
        mark = "x" if found_by(result.flags, unit, lang, kind) else " "
        print(f"    [{mark}] unit {unit} {lang} {kind}: {edited[:90]}")


if __name__ == "__main__":
    main()
