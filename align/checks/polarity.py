"""Polarity: a negation or refusal in one version that the others do not have.

Negation is a closed class in each language, so a short list of markers per
language is counted per unit (French ``ne … pas`` counts once, through
``ne``; a ``ne`` with no second part is restrictive, ``ne … que``, or
expletive, and does not count).  Chinese words are jieba tokens, so
lexicalised negatives such as 不断 (constantly) or 不可避免 (inevitably) are
single words and do not count.

Translators often move a negation into a word: 无益 / not beneficial,
uncontrolled / 不受控制, 否则 / failing this.  Such lexical negatives (a
Chinese word holding 不/无/未/非/没/否, an English un-/non-/-less word, a French
non-/in-/im- adjective) do not count as markers, but they may answer one:
versions agree when their markers, or their markers and lexical negatives
together, are as many.
"""
from __future__ import annotations

import re
from typing import Iterable

from ..lang.words import is_known_word
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
# "Rather than" says 而不是 as a phrase: the words only count together.
_PHRASES = {
    "en": (("rather", "than"), ("instead", "of")),
    "fr": (("au", "lieu", "de"), ("au", "lieu", "d'"), ("au", "lieu", "d’"), ("plutôt", "que")),
}
# French: after ``ne`` these complete the same negation and must not count again.
_FR_NE = frozenset(("ne", "n'", "n’"))
_FR_SECOND_PART = frozenset("pas plus jamais rien aucun aucune nul nulle personne guère point ni".split())
_ZH_NEGATIVE_CHARS = frozenset("不无未非没否")
_ZH_NOT_NEGATIVE = frozenset("非常 未来 不断 无论 不仅 不过 不少 不久 无数 非洲 不同".split())
# Nouns, verbs and adjectives that carry a negation a translation often states as one
# (sans savon / in the absence of soap; not known / unknown / on ignorait).
_NEGATIVE_WORDS = {
    "en": frozenset("absence absent lack lacking lacks lacked unknown unclear unable unlikely "
                    "neither".split()),
    "fr": frozenset("absence absent manque manquer ignorer ignorait inconnu exclu incapable "
                    "impossible".split()),
    "zh": frozenset("缺乏 缺少 缺失 难以 免于 免".split()),
}
_FR_ADJECTIVE_ENDINGS = ("é", "ée", "és", "ées", "able", "ables", "ible", "ibles", "u", "ue", "us", "ues",
                         "if", "ive", "ifs", "ives", "ant", "ante", "ants", "antes", "ent", "ente", "ents",
                         "entes", "el", "elle", "els", "elles")


def negation_markers(ev, u: int, lang: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of each negation in the unit."""
    cues = NEGATION.get(lang, frozenset())
    tokens = ev.tokens(u, lang)
    out = []
    text = ev.text(u, lang)
    for k, tok in enumerate(tokens):
        word = tok.text.lower()
        lemma = tok.lemma.lower()
        phrase = _phrase_at(tokens, k, lang)
        if phrase:
            out.append((tok.start, tokens[k + phrase - 1].end, text[tok.start:tokens[k + phrase - 1].end]))
            continue
        if lang == "zh" and word == "否" and text[:tok.start].rstrip().endswith(("是/", "是／")):
            continue  # a form's yes/no field (是/否), not a negation
        if lang == "en" and word.endswith("n't"):
            out.append((tok.start, tok.end, tok.text))
            continue
        if lang == "fr":
            if word in _FR_NE:
                if _fr_completed(tokens, k, text):
                    out.append((tok.start, tok.end, tok.text))
                continue
            if word in _FR_SECOND_PART and _fr_after_ne(tokens, k):
                continue
        if word in cues or (lemma in cues and lang != "zh"):
            out.append((tok.start, tok.end, tok.text))
    return out


def _phrase_at(tokens, k: int, lang: str) -> int:
    """Length of the negating phrase starting at token k (0 if none)."""
    for phrase in _PHRASES.get(lang, ()):
        words = [t.text.lower() for t in tokens[k:k + len(phrase)]]
        if len(words) == len(phrase) and all(w == p or (p == "que" and w.startswith(("qu'", "qu’")))
                                             for w, p in zip(words, phrase)):
            return len(phrase)
    return 0


def _fr_completed(tokens, k: int, text: str) -> bool:
    """``ne`` at k is a negation: a second part follows in its clause (not ``ne … que``,
    not the tag ``n'est-ce pas``)."""
    if k + 1 < len(tokens) and tokens[k + 1].text.lower() == "est-ce":
        return False
    previous = tokens[k]
    for tok in tokens[k + 1:k + 8]:
        word = tok.text.lower()
        if any(mark in text[previous.end:tok.start] for mark in ",;:.?!"):
            return False
        if word in _FR_SECOND_PART:
            return True
        if word in _FR_NE or word == "que" or word.startswith(("qu'", "qu’")):
            return False
        previous = tok
    return False


def _fr_after_ne(tokens, k: int) -> bool:
    return any(t.text.lower() in _FR_NE for t in tokens[max(0, k - 7):k])


def lexical_negatives(ev, u: int, lang: str) -> int:
    """Words that carry a negation inside them (see the module docstring)."""
    cues = NEGATION.get(lang, frozenset())
    count = 0
    for tok in ev.tokens(u, lang):
        word = tok.text.lower()
        if word in cues:
            continue
        if word in _NEGATIVE_WORDS.get(lang, ()) or tok.lemma in _NEGATIVE_WORDS.get(lang, ()) \
                or (lang == "en" and word.endswith("-free")):
            count += 1
            continue
        if lang == "zh":
            count += bool(set(word) & _ZH_NEGATIVE_CHARS) and word not in _ZH_NOT_NEGATIVE
        elif lang == "en":
            stem = next((word[len(p):] for p in ("non-", "non", "un") if word.startswith(p)), None)
            if stem is None and word.endswith("less") and len(word) > 6:
                stem = word[:-4]
            count += bool(stem) and len(stem) >= 4 and is_known_word("en", stem)
        elif lang == "fr":
            stem = next((word[len(p):] for p in ("non-", "in", "im", "ir", "il") if word.startswith(p)), None)
            count += (bool(stem) and len(stem) >= 4 and word.endswith(_FR_ADJECTIVE_ENDINGS)
                      and is_known_word("fr", stem))
    return count


def _listed(text: str, found) -> bool:
    """Two negations next to each other in a list (不全面、不公平): one negation over both
    words in another language (not full or fair)."""
    spans = sorted((s, e) for s, e, _ in found)
    return any(re.fullmatch(r"[^\s，,、]{1,6}[、，,]\s?", text[e1:s2]) for (_, e1), (s2, _) in zip(spans, spans[1:]))


def _clear(langs, odd, counts, total) -> bool:
    """One side negates and the other has no negation at all, not even inside a word (the
    others all say *not*, this one says nothing of the kind), rather than two and one: the
    count of negations differs in faithful translation far more often than their presence."""
    if odd is not None:
        others = [lang for lang in langs if lang != odd]
        return ((total[odd] == 0 and all(counts[o] >= 1 for o in others))
                or (counts[odd] >= 1 and all(total[o] == 0 for o in others)))
    return any(total[a] == 0 and counts[b] >= 1 for a in langs for b in langs if a != b)


class PolarityCheck(Check):
    name = "polarity"

    def flags(self, ev) -> Iterable[Flag]:
        for u, langs in ev.shared_units():
            markers = {lang: negation_markers(ev, u, lang) for lang in langs}
            counts = {lang: len(m) for lang, m in markers.items()}
            lexical = {lang: lexical_negatives(ev, u, lang) for lang in langs}

            total = {lang: counts[lang] + lexical[lang] for lang in langs}
            # Versions agree on polarity when they negate as often, counting the words that
            # carry a negation in them, or when both negate and differ by one: a negation
            # may scope over two words in one language (不全面、不公平 / not full or fair).
            agree = {(a, b): counts[a] == counts[b] or total[a] == total[b]
                     or (min(counts[a], counts[b]) >= 1 and abs(counts[a] - counts[b]) == 1
                         and _listed(ev.text(u, a if counts[a] > counts[b] else b),
                                     markers[a if counts[a] > counts[b] else b]))
                     for a, b in ev.pairs_of(langs)}
            for verdict in pairwise_verdict(langs, agree):
                odd = verdict.diverging
                shown = {lang: [w for _, _, w in markers[lang]] for lang in verdict.langs}
                desc = "; ".join(f"{lang}: {', '.join(words) or 'none'}" for lang, words in shown.items())
                who = f"{odd} has {'more' if odd and counts[odd] > max(counts[x] for x in langs if x != odd) else 'fewer'} negations: " \
                    if odd else "negations differ: "
                yield ev.flag(
                    "polarity", "high" if odd else "medium", verdict.langs, u, who + desc,
                    {"negations": {lang: shown[lang] for lang in verdict.langs},
                     "counts": {lang: counts[lang] for lang in verdict.langs},
                     "clear": _clear(verdict.langs, odd, counts, total)},
                    odd,
                    {lang: [(s, e) for s, e, _ in markers[lang]] for lang in verdict.langs},
                )
