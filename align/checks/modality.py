"""Modality, quantifiers, degree and contraries: the small words that change a commitment.

For each unit every version's meaning markers (:mod:`align.lang.markers`) are gathered into a
profile.  A category that two versions express and the third does not (or the reverse) names
the odd version: *must* / 必须 against *peut* is a weakened obligation in French.  A scale word
turned around (*increase* / 增加 against *diminuer*) is a contrary.  With two versions the flag
names the pair only.

These flags are evidence: translators move modality into verbs and nouns (*il importe de*,
有望), so many differences are not divergences; the divergence model
(:mod:`.decision`) weighs each kind against the other evidence of the unit.
"""
from __future__ import annotations

from typing import Iterable

from ..lang.markers import DEGREE, MODALITY, QUANTITY, SCALES, Marker, contrasting, markers, opposite
from .base import Check, Flag
from .verdict import majority_verdict

DESCRIBE = {
    "obligation": "an obligation",
    "possibility": "a possibility (may / could)",
    "certainty": "certainty",
    "prediction": "a prediction (will)",
    "hearsay": "a hedge (reportedly)",
    "universal": "a universal quantifier (all / every)",
    "partial": "a partial quantifier (some / several)",
    "majority": "a majority quantifier (most)",
    "multal": "“many”",
    "paucal": "“few”",
    "intensifier": "an intensifier (strongly / very)",
    "diminisher": "a softener (slightly / somewhat)",
}


def kind_of(category: str) -> str:
    if category in MODALITY:
        return "modality"
    if category in QUANTITY:
        return "quantity"
    if category in DEGREE:
        return "degree"
    return "contrary"


def _severity(category: str) -> str:
    """A softened or stronger degree is medium; a changed modality or quantifier is high."""
    return "medium" if category in DEGREE else "high"


class MarkersCheck(Check):
    name = "modality"

    def profile(self, ev, u: int, lang: str) -> dict[str, list[Marker]]:
        def compute():
            out: dict[str, list[Marker]] = {}
            for m in markers(lang, ev.tokens(u, lang)):
                out.setdefault(m.category, []).append(m)
            return out

        return ev.memo(("markers", u, lang), compute)

    def flags(self, ev) -> Iterable[Flag]:
        for u, langs in ev.shared_units():
            profiles = {lang: self.profile(ev, u, lang) for lang in langs}
            yield from self._categories(ev, u, langs, profiles)
            yield from self._contraries(ev, u, langs, profiles)

    def _categories(self, ev, u, langs, profiles) -> Iterable[Flag]:
        done: set[str] = set()
        for family in (MODALITY, QUANTITY, DEGREE):
            flag = self._conflict(ev, u, langs, profiles, family)
            if flag is not None:
                done.update((flag.evidence["category"], flag.evidence["instead_of"]))
                yield flag
        for category in MODALITY + QUANTITY + DEGREE:
            if category in done:
                continue
            having = [lang for lang in langs if category in profiles[lang]]
            if not having or len(having) == len(langs):
                continue
            odd = majority_verdict(langs, having)
            quoted = {lang: "”, “".join(m.text for m in profiles[lang][category]) for lang in having}
            highlights = {lang: [(m.start, m.end) for m in profiles[lang][category]] for lang in having}
            desc = DESCRIBE[category]
            if odd in having:
                others = [lang for lang in langs if lang != odd]
                message = f"{odd} adds {desc}, “{quoted[odd]}”, that {' and '.join(others)} do not express"
            elif odd:
                others = [lang for lang in langs if lang != odd]
                said = "; ".join(f"{lang} “{quoted[lang]}”" for lang in others)
                message = f"{odd} drops {desc} that {' and '.join(others)} express ({said})"
            else:
                said = "; ".join(f"{lang} “{quoted[lang]}”" for lang in having)
                lacking = [lang for lang in langs if lang not in having]
                message = f"{desc} in {said}, not in {', '.join(lacking)}"
            involved = ((odd,) if odd else ()) + tuple(lang for lang in langs if lang != odd)
            yield ev.flag(kind_of(category), _severity(category), involved, u, message,
                          {"category": category, "in": having,
                           "words": {lang: [m.text for m in profiles[lang][category]] for lang in having}},
                          odd, highlights)

    def _conflict(self, ev, u, langs, profiles, family) -> Flag | None:
        """One version says one category of ``family`` where every other version says a
        contrasting one (*may* where the others say *must*; :func:`contrasting`): a
        replacement, far rarer in faithful translation than a marker left out or added.
        Ambiguous words (会, 都, a French verb ending) mark a category but never make a
        replacement on their own."""
        said = {lang: {c for c in family if c in profiles[lang]} for lang in langs}
        firm = {lang: {c for c in said[lang] if any(not m.weak for m in profiles[lang][c])} for lang in langs}
        for odd in langs:
            others = [lang for lang in langs if lang != odd]
            # Said by every other version (firmly by one at least), and not at all here.
            common = set.intersection(*(said[o] for o in others)) & set.union(*(firm[o] for o in others))
            mine = firm[odd] - set.union(*(said[o] for o in others))
            instead = common - said[odd]
            pairs = [(c1, c2) for c1 in sorted(mine) for c2 in sorted(instead) if contrasting(c1, c2)]
            if not pairs:
                continue
            c1, c2 = pairs[0]
            odd_name = odd if len(langs) >= 3 else None
            words = {odd: profiles[odd][c1], **{o: profiles[o][c2] for o in others}}
            theirs = "; ".join(f"{o} “{'”, “'.join(m.text for m in words[o])}”" for o in others)
            mine_text = "”, “".join(m.text for m in words[odd])
            message = (f"{odd} says {DESCRIBE[c1]}, “{mine_text}”, where {' and '.join(others)} "
                       f"say {DESCRIBE[c2]} ({theirs})")
            return ev.flag(kind_of(c1), _severity(c1), (odd, *others), u, message,
                           {"category": c1, "instead_of": c2, "conflict": True,
                            "words": {lang: [m.text for m in ms] for lang, ms in words.items()}},
                           odd_name, {lang: [(m.start, m.end) for m in ms] for lang, ms in words.items()})
        return None

    def _contraries(self, ev, u, langs, profiles) -> Iterable[Flag]:
        for scale in SCALES:
            up, down = f"scale:{scale}+", f"scale:{scale}-"
            plus = [lang for lang in langs if up in profiles[lang] and down not in profiles[lang]]
            minus = [lang for lang in langs if down in profiles[lang] and up not in profiles[lang]]
            if not plus or not minus:
                continue
            if len(plus) == 1 and len(minus) >= 1 and len(langs) >= 3 and len(minus) + 1 == len(langs):
                odd, mine, theirs = plus[0], up, down
            elif len(minus) == 1 and len(plus) >= 1 and len(langs) >= 3 and len(plus) + 1 == len(langs):
                odd, mine, theirs = minus[0], down, up
            else:
                odd, mine, theirs = None, up, down
            words = {lang: [m for cat in (up, down) for m in profiles[lang].get(cat, ())] for lang in langs}
            highlights = {lang: [(m.start, m.end) for m in ms] for lang, ms in words.items() if ms}
            quoted = {lang: "”, “".join(m.text for m in ms) for lang, ms in words.items() if ms}
            if odd:
                others = [lang for lang in langs if lang != odd]
                said = "; ".join(f"{lang} “{quoted[lang]}”" for lang in others)
                message = f"{odd} says the opposite, “{quoted[odd]}”, of {' and '.join(others)} ({said})"
            else:
                message = "opposite words: " + "; ".join(f"{lang} “{q}”" for lang, q in quoted.items())
            assert opposite(mine) == theirs
            involved = ((odd,) if odd else ()) + tuple(lang for lang in langs if lang != odd)
            yield ev.flag("contrary", "high", involved, u, message,
                          {"scale": scale, "words": {lang: [m.text for m in ms] for lang, ms in words.items() if ms}},
                          odd, highlights)
