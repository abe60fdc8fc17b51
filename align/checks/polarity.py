"""Polarity: a negation or refusal in one version that the others do not have.

Negation is a closed class in each language, so a short list of markers per
language is counted per unit (French ``ne … pas`` counts once, through
``ne``).  Chinese words are jieba tokens, so lexicalised negatives such as
不断 (constantly) or 不可避免 (inevitably) are single words and do not count.
"""
from __future__ import annotations

from typing import Iterable

from .base import Check, Flag
from .verdict import pairwise_verdict

NEGATION = {
    "en": frozenset("""not no never nor neither cannot none nothing nobody nowhere without
                       refuse reject decline oppose deny forbid prohibit fail""".split()),
    "fr": frozenset("""ne n' n’ sans ni aucun aucune nul nulle jamais refuser rejeter
                       opposer nier interdire""".split()),
    "zh": frozenset("""不 没 没有 未 无 非 勿 别 否 拒绝 反对 禁止 不得 不能 不会 不要 无法 毫无
                       绝不 并非 从未 不再 不愿 未能 无意 不是 不可 不应 不必 不该 不需要 没能 不予
                       不宜 未曾 无须""".split()),
}
# French: after ``ne`` these complete the same negation and must not count again.
_FR_SECOND_PART = frozenset("pas plus jamais rien aucun aucune nul nulle personne guère point".split())


def negation_markers(ev, u: int, lang: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of each negation in the unit."""
    cues = NEGATION.get(lang, frozenset())
    out = []
    pending_ne = False
    for tok in ev.tokens(u, lang):
        word = tok.text.lower()
        lemma = tok.lemma.lower()
        if lang == "en" and word.endswith("n't"):
            out.append((tok.start, tok.end, tok.text))
            continue
        if lang == "fr":
            if word in ("ne", "n'", "n’"):
                out.append((tok.start, tok.end, tok.text))
                pending_ne = True
                continue
            if pending_ne and word in _FR_SECOND_PART:
                pending_ne = False
                continue
        if word in cues or (lemma in cues and lang != "zh"):
            out.append((tok.start, tok.end, tok.text))
    return out


class PolarityCheck(Check):
    name = "polarity"

    def flags(self, ev) -> Iterable[Flag]:
        for u, langs in ev.shared_units():
            markers = {lang: negation_markers(ev, u, lang) for lang in langs}
            counts = {lang: len(m) for lang, m in markers.items()}
            agree = {(a, b): counts[a] == counts[b] for a, b in ev.pairs_of(langs)}
            for verdict in pairwise_verdict(langs, agree):
                odd = verdict.diverging
                shown = {lang: [w for _, _, w in markers[lang]] for lang in verdict.langs}
                desc = "; ".join(f"{lang}: {', '.join(words) or 'none'}" for lang, words in shown.items())
                who = f"{odd} has {'more' if odd and counts[odd] > max(counts[x] for x in langs if x != odd) else 'fewer'} negations: " \
                    if odd else "negations differ: "
                yield ev.flag(
                    "polarity", "high" if odd else "medium", verdict.langs, u, who + desc,
                    {"negations": {lang: shown[lang] for lang in verdict.langs},
                     "counts": {lang: counts[lang] for lang in verdict.langs}},
                    odd,
                    {lang: [(s, e) for s, e, _ in markers[lang]] for lang in verdict.langs},
                )
