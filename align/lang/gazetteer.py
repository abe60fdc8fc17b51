"""Places and languages named in zh, fr and en, from the Unicode CLDR (through Babel's data).

A reader takes away a different fact when one version says Madrid where the others say
Paris, or 韩国 where they say Japan.  Spelling tests cannot see that across scripts, and a
capitalised-word test cannot see it in English, where every country and city is also a
dictionary word (simplemma knows *Paris*, *China*, *Brown*).  CLDR names the same things in
every language under one code, so each mention found here carries a key that is the same in
the three versions:

- ``T:FR`` — a country, territory or region (CLDR territories: *France*, *France*, 法国;
  *European Union*, *Union européenne*, 欧盟; continents);
- ``C:Europe/Paris`` — a city (CLDR's exemplar cities of the time zones: *Paris*, 巴黎);
- ``L:fr`` — a language (*French*, *français*, 法语), which also answers the country where
  it is most likely spoken (*French* / 法国: ``L:fr`` ↔ ``T:FR``), because English and
  French use the language's adjective where Chinese names the country (法国总统 / the
  French President / le président français).

Matching is whole words in French and English (a capital first: *turkey* and *chad* are no
countries; *Nations unies* is *Nations Unies*) and whole jieba words in Chinese (马里 is Mali,
马里奥 Mario is not), longest name first (印度尼西亚 before 印度).  Generic regions (world,
世界) are left out.  The data ship inside the ``babel`` wheel (BSD; CLDR under the Unicode
licence); nothing is downloaded.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from .words import Token

_GENERIC = frozenset({"001", "ZZ", "QO", "EZ"})  # world, unknown, outlying Oceania, eurozone
# Short forms CLDR keeps only as alternates (Babel drops them), for the places named most;
# the adjectives of the two countries whose names give none (American, britannique; Korean,
# coréen, canadien… are the name's stem, see :func:`mentioned`); and the one capital a
# Chinese, French or English text names most that no time zone is named after.
_ALIASES = {
    "en": {"T:HK": ("Hong Kong",), "T:MO": ("Macao", "Macau"), "T:KR": ("Korea",), "T:EU": ("EU",),
           "T:TR": ("Turkey",), "T:CI": ("Ivory Coast",), "T:MM": ("Burma",), "T:AE": ("UAE",),
           "T:US": ("US", "U.S.", "USA", "America", "American"), "C:America/New_York": ("NYC",),
           "T:GB": ("Britain", "Great Britain", "UK", "British"), "T:CZ": ("Czech Republic",), "T:UN": ("UN",),
           "C:Beijing": ("Beijing",)},
    "fr": {"T:HK": ("Hong Kong",), "T:MO": ("Macao",), "T:KR": ("Corée",), "T:EU": ("UE",),
           "T:US": ("USA", "américain"),  # adjectives no stem of the country's name gives
           "T:GB": ("Grande-Bretagne", "britannique"),
           "T:CZ": ("République tchèque",), "T:UN": ("ONU",), "C:Beijing": ("Pékin", "Beijing")},
    "zh": {"T:HK": ("香港",), "T:MO": ("澳门",), "T:TW": ("台湾",), "T:US": ("美利坚",),
           "T:CN": ("中华人民共和国", "中华"), "T:FR": ("法兰西",), "T:AE": ("阿联酋",), "T:KR": ("南韩",),
           "C:Beijing": ("北京",)},
}


# Languages a document names, and whose names are no common words: not all of ISO 639-1
# (French *malaise* is no Malay, *avare* no Avar, English *Ewe* and *Afar* are rarely languages).
_LANGUAGES = frozenset("zh en fr de es it pt ru ja ko ar hi nl sv pl tr el he fa vi th uk cs da fi no "
                       "hu ro bg sr hr bn ur ta sw".split())


@dataclass(frozen=True)
class Place:
    key: str  # T:FR, C:Europe/Paris, L:fr
    start: int
    end: int
    text: str


@lru_cache(maxsize=None)
def _catalogue(lang: str) -> tuple[tuple[str, str], ...]:
    """(name as written, key) for every place and language CLDR names in ``lang``, longest first."""
    from babel import Locale

    locale = Locale(lang)
    english = Locale("en")
    names: dict[str, str] = {}

    def add(name: str | None, key: str) -> None:
        if name and len(name) >= 2 and name not in names:
            names[name] = key

    for code, name in locale.territories.items():
        if code not in _GENERIC:
            add(name, f"T:{code}")
    for zone in _zones():  # cities: the zone's own name in English unless CLDR gives one
        city = dict(locale.time_zones.get(zone, {})).get("city")
        if city is None and lang != "zh":  # French keeps the English name unless CLDR says otherwise
            city = dict(english.time_zones.get(zone, {})).get("city") or zone.rsplit("/", 1)[1].replace("_", " ")
        add(city, f"C:{zone}")
    for code, name in locale.languages.items():
        if code in _LANGUAGES:
            add(name, f"L:{code}")
            if lang == "fr" and " " not in name:  # the adjective agrees: chinoise, italiennes
                stem = name + ("n" if name.endswith("ien") else "")
                for form in (stem + "e", stem + "es") + (() if name.endswith("s") else (name + "s",)):
                    add(form, f"L:{code}")
    for key, forms in _ALIASES.get(lang, {}).items():
        for form in forms:
            add(form, key)
    return tuple(sorted(names.items(), key=lambda kv: (-len(kv[0]), kv[0])))


@lru_cache(maxsize=1)
def _zones() -> tuple[str, ...]:
    from babel import Locale

    zones = set(Locale("zh").time_zones) | set(Locale("fr").time_zones)
    return tuple(sorted(z for z in zones if "/" in z and not z.startswith(("Etc/", "SystemV/"))))


@lru_cache(maxsize=None)
def _latin_pattern(lang: str) -> tuple[re.Pattern, dict[str, str]]:
    keys = {_fold(name): key for name, key in _catalogue(lang)}
    alternatives = "|".join(re.escape(name).replace("’", "['’]") for name, _ in _catalogue(lang))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE), keys


def _fold(name: str) -> str:
    return name.lower().replace("'", "’")


@lru_cache(maxsize=None)
def _zh_names() -> dict[str, str]:
    return {name: key for name, key in _catalogue("zh")}


def places(lang: str, text: str, tokens: Iterable[Token] = ()) -> tuple[Place, ...]:
    """Every place or language named in ``text`` (``tokens``: its jieba words, for zh)."""
    if lang == "zh":
        return _zh_places(text, tuple(tokens))
    if lang not in ("en", "fr"):
        return ()
    pattern, keys = _latin_pattern(lang)
    out = []
    for m in pattern.finditer(text):
        written = m.group()
        key = keys.get(_fold(written))
        if key is None:  # a case-insensitive match whose lower case differs (İstanbul)
            continue
        # A capital first, as the name is written (turkey, chad, china are common words);
        # French writes languages and their adjectives in lower case (le français, les Français).
        if not (written[:1].isupper() or (lang == "fr" and key.startswith("L:"))):
            continue
        if _inside_longer_name(text, m.start(), m.end(), after=not key.startswith("L:")):
            continue  # New Mexico, Michael Jordan, China Daily (but the French President)
        if key.startswith("C:") and _SENTENCE_START.search(text[:m.start()]):
            continue  # "Oral vaccines…": a sentence's first word may be any word
        out.append(Place(key, m.start(), m.end(), written))
    return tuple(out)


_SENTENCE_START = re.compile(r"(?:^|[.!?:;«»\"“”(\[])\s*$")
_FUNCTION_WORDS = frozenset("The A An In On At Of For From To By With And Or But As If When While Since "
                            "Le La Les L Un Une Des Du De D En Au Aux À Et Ou Pour Par Sur Dans Avec Selon".split())


def _inside_longer_name(text: str, start: int, end: int, after: bool = True) -> bool:
    """A capitalised word right before or (``after``) after the match (not a sentence's first
    word, not an article): the match is part of another name."""
    before = re.search(r"([A-ZÀ-Þ][\w’']*)[ \u00a0]$", text[:start])
    if before and before.group(1) not in _FUNCTION_WORDS and not _SENTENCE_START.search(text[:before.start(1)]):
        return True
    following = re.match(r"[ \u00a0]([A-ZÀ-Þ][a-zà-ÿ]+)", text[end:]) if after else None
    return bool(following) and following.group(1) not in _FUNCTION_WORDS


def _zh_places(text: str, tokens: tuple[Token, ...]) -> tuple[Place, ...]:
    names = _zh_names()
    starts = {t.start for t in tokens} or set(range(len(text) + 1))
    ends = {t.end for t in tokens} or set(range(len(text) + 1))
    longest = max((len(n) for n in names), default=0)
    out, k = [], 0
    while k < len(text):
        if k in starts:
            for n in range(min(longest, len(text) - k), 1, -1):
                key = names.get(text[k:k + n])
                if key and k + n in ends:
                    out.append(Place(key, k, k + n, text[k:k + n]))
                    k += n
                    break
            else:
                k += 1
            continue
        k += 1
    return tuple(out)


@lru_cache(maxsize=None)
def _language_country(code: str) -> str | None:
    from babel.core import get_global

    likely = get_global("likely_subtags").get(code)
    return f"T:{likely.rsplit('_', 1)[1]}" if likely and "_" in likely else None


def related(key: str) -> frozenset[str]:
    """The keys that answer ``key`` in another version: itself, and a language and the
    country where it is most likely spoken (L:fr ↔ T:FR)."""
    out = {key}
    if key.startswith("L:"):
        country = _language_country(key[2:])
        if country:
            out.add(country)
    return frozenset(out)


def answered(key: str, keys: Iterable[str]) -> bool:
    """Whether a version naming ``keys`` names ``key`` too (or its language or country)."""
    keys = set(keys)
    if related(key) & keys:
        return True
    return any(key in related(other) for other in keys)


@lru_cache(maxsize=65536)
def mentioned(key: str, lang: str, text: str) -> bool:
    """Whether ``text`` names the place ``key`` in any form: its name, or its language's or
    country's (:func:`related`), inside a longer word (韩国人; Korean, European, Italian, coréen,
    canadien: the name less its last letter when it has five or more, Iran whole so that Iraq
    is not Iran)."""
    names = _names_of(lang)
    if lang == "zh" and (any(_zh_abbreviated(k, text) for k in related(key))
                         or mentioned(key, "en", text)):  # EU/EEA written in Latin letters
        return True
    for name in (n for k in sorted(related(key)) for n in names.get(k, ())):
        if lang == "zh":
            if any(not _zh_inside_longer(text, i, name) for i in _find_all(text, name)):
                return True
            continue
        stem = re.escape(name[:-1] if len(name) >= 5 else name).replace("’", "['’]")
        if re.search(rf"(?<![\w-]){stem}{_ADJECTIVE_END}", text, re.IGNORECASE):
            return True
    return False


# What follows a name's stem in its adjective or people (Korean, Chinese, chinois, coréen,
# canadien, japonais, européenne, Asian): never "dren" (Chile / Children), "vidual" (India).
_ADJECTIVE_END = (r"(?:n|ns|ne|nes|an|ans|ian|ians|ean|eans|ese|ish|i|is|ien|iens|ienne|iennes|ois|oise|oises|ais|aise|"
                  r"aises|nais|naise|naises|éen|éens|éenne|éennes|ain|ains|aine|aines|in|ine|ines|ique|iques|"
                  r"e|es|s|a|o|y)?(?![\w-])")


def _find_all(text: str, name: str):
    i = text.find(name)
    while i >= 0:
        yield i
        i = text.find(name, i + 1)


def _zh_inside_longer(text: str, at: int, name: str) -> bool:
    """印度 inside 印度尼西亚: a longer catalogue name covers this occurrence."""
    return any(at >= offset and text.startswith(other, at - offset) for other, offset in _zh_longer(name))


@lru_cache(maxsize=None)
def _zh_longer(name: str) -> tuple[tuple[str, int], ...]:
    """The longer Chinese catalogue names holding ``name``, with where it starts in them."""
    return tuple((other, other.find(name)) for other in _zh_names() if len(other) > len(name) and name in other)


# Chinese writes a country as one character in a pair or before 方 (中法 China and France,
# 中方 the Chinese side, 美欧 the US and Europe), and China as 华 after a verb of motion
# (访华, 来华): the usual one-character abbreviations.
# Only the characters that are seldom another word's half (not 非 of 非法, 西 of 西方 and 巴西).
_ZH_ABBREVIATIONS = {"中": "T:CN", "法": "T:FR", "美": "T:US", "英": "T:GB", "德": "T:DE", "日": "T:JP",
                     "俄": "T:RU", "韩": "T:KR", "欧": "T:EU"}
_ZH_ABBREVIATED = re.compile(f"(?=([{''.join(_ZH_ABBREVIATIONS)}]{{2}}|[{''.join(_ZH_ABBREVIATIONS)}]方))")


def _zh_abbreviated(key: str, text: str) -> bool:
    if key == "T:CN" and re.search("[访来在赴驻离援抵]华", text):  # 访华: a visit to China
        return True
    for m in _ZH_ABBREVIATED.finditer(text):
        pair = m.group(1)
        if any(_ZH_ABBREVIATIONS.get(c) == key for c in pair if c != "方"):
            return True
    return False


@lru_cache(maxsize=None)
def _names_of(lang: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for name, key in _catalogue(lang):
        out.setdefault(key, []).append(name)
    return {key: tuple(names) for key, names in out.items()}
