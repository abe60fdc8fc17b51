"""Names and acronyms: present in one version, absent or different in another.

Names are read in the Latin-script versions (and from Latin runs inside the
Chinese, such as 《…》(4P) or "AI for good"): acronyms (UNESCO, 4P, G20) and
capitalised words that are not ordinary words of English or French (Bletchley,
Jinping).  A name is found in another Latin version when the same word is
there (accents and case aside), a near spelling (Chine/China, Vienne/Vienna),
an acronym with the same letters (AI/IA, OECD/OCDE, EU/UE), a known acronym
pair (UN/ONU), or words whose initials spell it (UN ↔ Nations unies).

The Chinese version arbitrates when the dictionary knows the name: if a word
of the Chinese unit translates to it (联合国教科文组织 → UNESCO), the version
lacking the name is the odd one.

Places and languages are compared in all three versions by their CLDR key
(:mod:`align.lang.gazetteer`): Madrid in one version where the others say
Paris / 巴黎 is found whatever the script, and *French* answers 法国.
"""
from __future__ import annotations

import re
from typing import Iterable

from .base import Check, Flag
from ..lang.gazetteer import answered, mentioned, places
from ..lang.names import (code_form, initials, is_acronym, paired_acronyms, partners, same_acronym,
                          same_but_number)
from ..lang.numbers import calendar_words
from ..lang.script import plain_key
from ..lang.words import is_known_word
from ..lang.wordlinks import cognate

_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿŒœ0-9]+(?:['’][A-Za-zÀ-ÖØ-öø-ÿ0-9]+)?")
_ROMAN = re.compile(r"^[IVXLCDM]+(?:e|er|ème|st|nd|rd|th)?$")  # II, XIXe (siècle)
# Titles written before a name (Mme May, Dr Fauci): the name after them counts, not they.
_TITLES = frozenset("Mme Mmes Mlle Mlles Mr Mrs Ms Dr Pr Me St Ste".split())
_SENTENCE_START = re.compile(r"(?:^|[.!?:;«»\"“”(\[]|\d\.)\s*$")
_CONNECTORS = frozenset(
    "de des du d la le les l et of the for and on sur pour en in à a".split()
)


def latin_names(text: str, lang: str) -> list[tuple[str, int, int]]:
    """(name, start, end) for each acronym or uncommon capitalised word, days and months aside."""
    out = []
    for m in _WORD.finditer(text):
        word = re.sub(r"['’]s$", "", m.group())  # UN's → UN
        if "'" in word or "’" in word:
            word = re.split(r"['’]", word)[-1]  # l'UNESCO → UNESCO
        if len(word) < 2:
            continue
        if is_acronym(word):
            if _ROMAN.match(word) or word.isdigit():
                continue
            if len(word) >= 4 and word.isalpha() and is_known_word(lang, word.lower()):
                continue  # a word in capitals (SUBJECT, OBJET), not an acronym
            out.append((word, m.start(), m.end()))
            continue
        if not word[0].isupper() or any(c.isdigit() for c in word) or word in _TITLES or _ROMAN.match(word):
            continue
        if _SENTENCE_START.search(text[:m.start()]):
            continue
        low = word.lower()
        if _is_common_word(low) or low in calendar_words(lang):
            continue
        out.append((word, m.start(), m.end()))
    return out


def _is_common_word(word: str) -> bool:
    return is_known_word("en", word) or is_known_word("fr", word)


class _LatinView:
    """A Latin-script unit text prepared for name look-ups."""

    def __init__(self, text: str):
        self.text = text
        self.words = [w for w in _WORD.findall(text)]
        self.keys = [plain_key(re.split(r"['’]", w)[-1]) for w in self.words]
        self.keyset = set(self.keys)
        self.acronyms = {k.upper() for w, k in zip(self.words, self.keys) if is_acronym(re.split(r"['’]", w)[-1])}
        content = [w for w, k in zip(self.words, self.keys) if k not in _CONNECTORS]
        self.content_words = content
        self.code_text = code_form(text)

    def has(self, name: str) -> bool:
        key = plain_key(name)
        if key in self.keyset:
            return True
        code = re.escape(code_form(name))
        if any(c.isdigit() for c in name):  # ACE2 / ACE-2, COVID19 / COVID-19: one code
            if re.search(rf"(?<![a-z0-9]){code}(?![a-z0-9])", self.code_text):
                return True
        elif is_acronym(name) and re.search(rf"(?<![a-z0-9]){code}\d", self.code_text):
            return True  # ACE of "ACE-2" against ACE2: the same code, its digits split off
        if is_acronym(name):
            return self._has_acronym(name.upper())
        # Chine / China, and a name's adjective (American / américain, Canadian / canadien)
        return any(len(k) >= 4 and k[0] == key[0] and (cognate(key, k) or (len(key) >= 6 and k[:5] == key[:5]))
                   for k in self.keyset)

    def _has_acronym(self, acro: str) -> bool:
        if any(same_acronym(acro, other) or same_but_number(acro, other) or paired_acronyms(acro, other)
               for other in self.acronyms):
            return True
        if any(plain_key(x) in self.keyset for x in partners(acro)):
            return True
        # Initials of consecutive content words, in any order (UN ↔ Nations unies).
        letters = sorted(c for c in acro.lower() if c.isalpha())  # R&D: r, d
        n = len(letters)
        if n < 2 or any(c.isdigit() for c in acro):
            return False
        words = self.content_words
        for i in range(len(words) - n + 1):
            window = words[i:i + n]
            if window[0][:1].isupper() and sorted(initials(window)) == letters:
                return True
        return False


class NamesCheck(Check):
    name = "names"

    def flags(self, ev) -> Iterable[Flag]:
        for u, langs in ev.shared_units():
            found = {lang: places(lang, ev.text(u, lang), ev.tokens(u, lang) if lang == "zh" else ())
                     for lang in langs}
            items = self._place_items(ev, u, langs, found)
            latin = [lang for lang in langs if lang != "zh"]
            if latin:
                items += self._latin_items(ev, u, langs, latin, found)
            if not items:
                continue
            yield from self._flags(ev, u, langs, items, ev.text(u, "zh") if "zh" in langs else "")

    @staticmethod
    def _place_items(ev, u, langs, found) -> list[tuple]:
        """A place or language (:mod:`align.lang.gazetteer`) one version names and another
        does not, in any form (Asia / asiatique is the region; Korean / 韩国人 the country):
        the versions naming it are its holders, in every script."""
        keys = {lang: {p.key for p in found[lang]} for lang in langs}
        items = []
        for lang in langs:
            for place in found[lang]:
                holders = tuple(sorted(o for o in langs if answered(place.key, keys[o])
                                       or mentioned(place.key, o, ev.text(u, o))))
                for other in langs:
                    if other not in holders:
                        items.append((place.text, lang, other, place.start, place.end, holders))
        return items

    @staticmethod
    def _latin_items(ev, u, langs, latin, found) -> list[tuple]:
        views = {lang: _LatinView(ev.text(u, lang)) for lang in latin}
        zh_text = ev.text(u, "zh") if "zh" in langs else ""
        spans = {lang: [(p.start, p.end) for p in found[lang]] for lang in langs}
        items = []  # (name, lang_with_it, lang_without, start, end, holders or None)
        for lang in latin:
            for name, start, end in latin_names(ev.text(u, lang), lang):
                if any(s < end and start < e for s, e in spans[lang]):
                    continue  # (in) a place (d'Asie): compared by its key, whatever each language calls it
                for other in latin:
                    if other != lang and not views[other].has(name):
                        items.append((name, lang, other, start, end, None))
        if zh_text:
            for name, start, end in _latin_runs_in_zh(zh_text):
                for other in latin:
                    if not views[other].has(name):
                        items.append((name, "zh", other, start, end, None))
        acronyms = {lang: views[lang].acronyms for lang in latin}
        if zh_text:
            acronyms["zh"] = {name.upper() for name, _, _ in _latin_runs_in_zh(zh_text)}
        return _without_localised_acronyms(items, acronyms)

    def _flags(self, ev, u, langs, items, zh_text) -> Iterable[Flag]:
        zh_words = _zh_translations(ev, u) if zh_text and ev.available("dictionary") else None
        by_odd: dict[str | None, list] = {}
        for name, having, lacking, start, end, known in items:
            holders = set(known or (having,))
            if known is None and having != "zh" and "zh" in langs:
                if name.lower() in zh_text.lower() or (zh_words is not None and name.lower() in zh_words):
                    holders.add("zh")
            # The odd version is the one lacking a name that two versions have.
            odd = lacking if len(holders) >= 2 else None
            by_odd.setdefault(odd, []).append((name, sorted(holders), lacking, having, start, end))
        # Names only one version has, when another version's name was confirmed
        # missing there: the same version is the odd one (a swapped name).
        confirmed = {odd for odd in by_odd if odd}
        swapped = False
        if None in by_odd and len(confirmed) == 1:
            odd = next(iter(confirmed))
            keep = []
            for item in by_odd.pop(None):
                name, holders, lacking, having, start, end = item
                if having == odd:
                    by_odd[odd].append(item)
                    # localised acronyms (ECDC / CEPCM) make no swap: versions write them their way
                    swapped = swapped or not is_acronym(name)
                else:
                    keep.append(item)
            if keep:
                by_odd[None] = keep
        for odd, group in sorted(by_odd.items(), key=lambda kv: (kv[0] is None, kv[0] or "")):
            involved = tuple(lang for lang in langs if any(lang in (g[2], g[3]) or lang in g[1] for g in group))
            parts = []
            for name, holders, lacking, having, _, _ in group:
                parts.append(f"{name} ({'/'.join(holders)}) not in {lacking}")
            highlights: dict[str, list] = {}
            for name, holders, lacking, having, start, end in group:
                highlights.setdefault(having, []).append((start, end))
            message = (f"{odd} differs: " if odd else "names differ: ") + "; ".join(dict.fromkeys(parts))
            yield ev.flag(
                "name", "high" if odd else "medium", involved, u, message,
                {"names": [{"name": n, "in": h, "missing_in": lk} for n, h, lk, _, _, _ in group],
                 # the odd version names something the others do not, in place of what they name
                 "swap": swapped and odd is not None},
                odd, highlights,
            )


def _without_localised_acronyms(items: list[tuple], acronyms: dict[str, set[str]]) -> list[tuple]:
    """Drop acronyms that a version spells its own way (EEA / EEE, COPD / MPOC, ICU / USI).

    An acronym that version Y lacks is answered when Y has an acronym of its own, not in
    the version holding the first, of about the same length and sharing two thirds of
    its letters.  UNESCO / OECD or WHO / OMC are not answered.
    """
    def answered(name: str, having: str, lacking: str) -> bool:
        mine = [c for c in name.upper() if c.isalpha()]
        digits = [c for c in name if c.isdigit()]
        for other in acronyms.get(lacking, set()) - acronyms.get(having, set()):
            theirs = [c for c in other if c.isalpha()]
            if [c for c in other if c.isdigit()] != digits:
                continue  # G20 / G7: the numbers make them two names
            if abs(len(mine) - len(theirs)) > 1 or not theirs:
                continue
            common = sum(min(mine.count(c), theirs.count(c)) for c in set(mine))
            if common >= 2 / 3 * max(len(mine), len(theirs)):
                return True
        return False

    return [it for it in items if not (is_acronym(it[0]) and answered(it[0], it[1], it[2]))]


def _latin_runs_in_zh(text: str) -> list[tuple[str, int, int]]:
    out = []
    for m in re.finditer(r"[A-Za-z0-9]+", text):
        word = m.group()
        if is_acronym(word) and not word.isdigit() and not _ROMAN.match(word):
            out.append((word, m.start(), m.end()))
    return out


def _zh_translations(ev, u: int) -> set[str]:
    """English words the dictionary gives for the Chinese unit's words and word pairs."""
    def compute() -> set[str]:
        tokens = [t.text for t in ev.tokens(u, "zh")]
        words: set[str] = set()
        dictionary = ev.engines.dictionary
        for i in range(len(tokens)):
            for n in (1, 2, 3, 4):
                if i + n <= len(tokens):
                    words.update(dictionary.translations("".join(tokens[i:i + n])))
        return words

    return ev.memo(("zh-translations", u), compute)
