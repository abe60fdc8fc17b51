"""Which of triglot's languages a text is written in.

Chinese is recognised by script; French and English by simplemma's word-list
detector (already a dependency for lemmas, deterministic, no model download).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..errors import BadInputError, UsageError
from .script import han_ratio

LANGUAGES = ("zh", "fr", "en")
LANGUAGE_NAMES = {"zh": "Chinese", "fr": "French", "en": "English"}


@dataclass(frozen=True)
class LanguageGuess:
    lang: str  # "zh", "fr", "en" or "unknown"
    confidence: float


def ordered_languages(langs) -> list[str]:
    """zh, fr, en first (in that order), then any other language alphabetically: the order
    of columns, versions and files everywhere."""
    known = [lang for lang in LANGUAGES if lang in langs]
    return known + sorted(lang for lang in set(langs) if lang not in LANGUAGES)


def code_of_tag(tag: str) -> str:
    """triglot's code for a BCP 47 tag read from a file (zh-CN, zh-Hans, fr-FR, en_GB → zh,
    fr, en): its primary subtag when that is one of triglot's languages, else the tag."""
    primary = tag.strip().split("-")[0].split("_")[0].lower()
    return primary if primary in LANGUAGES else tag.strip()


# Locales whose names of zh, fr and en a column header may use (CLDR, from Babel).
_NAME_LOCALES = ("en", "fr", "zh", "zh_Hant", "de", "es", "it", "pt", "ru", "ja", "ko")


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    from babel import Locale

    names: dict[str, str] = {}
    for locale in _NAME_LOCALES:
        parsed = Locale.parse(locale)
        for code in LANGUAGES:
            names[_name_key(parsed.languages[code])] = code
        for variant in ("zh_Hans", "zh_Hant"):  # "Simplified Chinese", "chinois simplifié", 简体中文
            if variant in parsed.languages:
                names[_name_key(parsed.languages[variant])] = "zh"
    # what people also write: 汉语, 法文, 英文, Mandarin, francais (no accent)
    names.update({_name_key(n): c for n, c in (("汉语", "zh"), ("漢語", "zh"), ("中文(简体)", "zh"),
                                               ("Mandarin", "zh"), ("法文", "fr"), ("英文", "en"),
                                               ("francais", "fr"))})
    return names


def _name_key(name: str) -> str:
    import unicodedata

    # case, brackets and word order do not count: "Chinese (Simplified)" = "Simplified Chinese"
    words = unicodedata.normalize("NFKC", name).casefold().replace("(", " ").replace(")", " ").split()
    return " ".join(sorted(words))


def code_of_name(label: str) -> str | None:
    """zh, fr or en for a column header naming the language rather than tagging it
    (Chinese, 中文, chinois simplifié, Français, French, English, anglais, 英语…); else None."""
    return _names().get(_name_key(label))


def check_language_code(lang: str) -> str:
    """The code of a language given on the command line: zh, fr, en, or any tag of them
    (zh-CN, zh-Hans, fr-FR, en-GB…; ``cmn`` for Mandarin); else a usage error."""
    code = code_of_tag("zh" if lang.strip().lower() == "cmn" else lang)
    if code not in LANGUAGES:
        raise UsageError(f"unknown language code {lang!r}: use one of {', '.join(LANGUAGES)}")
    return code


def guess_language(text: str) -> LanguageGuess:
    sample = text[:20000]
    ratio = han_ratio(sample)
    if ratio >= 0.3:
        return LanguageGuess("zh", ratio)
    from simplemma import langdetect

    scores = dict(langdetect(sample, lang=("fr", "en")))
    fr, en = scores.get("fr", 0.0), scores.get("en", 0.0)
    # Short or mixed texts score both languages alike: only a clear margin counts.
    if abs(fr - en) < 0.25 or len(sample.split()) < 5:
        return LanguageGuess("unknown", 0.0)
    return LanguageGuess("fr", fr - en) if fr > en else LanguageGuess("en", en - fr)


def ensure_language(text: str, lang: str, name: str) -> None:
    """Refuse a text that is clearly not in ``lang`` (e.g. French passed as zh)."""
    guess = guess_language(text)
    if guess.lang == lang:
        return
    if guess.lang == "unknown":
        if lang == "zh":
            raise BadInputError(
                f"{name}: does not look like Chinese text "
                f"(Han characters are {han_ratio(text):.0%} of its letters)")
        return  # too little evidence to contradict the user
    raise BadInputError(
        f"{name}: given as {LANGUAGE_NAMES[lang]} ({lang}) but the text looks "
        f"{LANGUAGE_NAMES[guess.lang]} ({guess.lang})")
