"""Numbers and dates, normalised across Chinese, French and English.

Each language is read into :class:`NumberMention` values: a surface span, a
normalised value (ISO-style for dates: ``2024-05-05/2024-05-07``) and the
*atoms* compared across versions: plain numbers (``n:7``) and months
(``m:5``).  Months are typed so that "du 6 au 7 mai" (days 6, 7, month 5) does
not satisfy the day 5 of 5月5日至7日.

A mention is *hard* when its form is unambiguous (digits, a Chinese date, a
month next to a number) and *soft* otherwise (number words such as "two",
两, "premier"; a month name alone).  A hard atom of one version must be found
among the hard or soft atoms of the other; soft atoms never raise a mismatch
themselves, since translators often render "两国" as "both".
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable

from .base import Check, Flag
from .verdict import pairwise_verdict


@dataclass(frozen=True)
class NumberMention:
    text: str
    start: int
    end: int
    kind: str  # date | range | number | ordinal | percent
    value: str  # normalised: 2024-05-05/2024-05-07, 60, 12.5%, 1500000
    atoms: frozenset[str]
    hard: bool = True
    # For dates: (year, month, day) of each end, None where the text leaves it out.
    ends: tuple[tuple[int | None, int | None, int | None], ...] = ()


# --------------------------------------------------------------------------- lexicon
EN_MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
EN_MONTHS.update({m[:3]: i for m, i in list(EN_MONTHS.items())})
EN_MONTHS["sept"] = 9
FR_MONTHS = {m: i + 1 for i, m in enumerate(
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split())}
FR_MONTHS.update({"fevrier": 2, "aout": 8, "decembre": 12, "janv": 1, "févr": 2, "avr": 4,
                  "juil": 7, "sept": 9, "oct": 10, "nov": 11, "déc": 12})

_EN_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
            "eighty": 80, "ninety": 90}
_EN_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
           "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "twentieth": 20,
           "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "hundredth": 100}
_EN_SCALE = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_EN_OTHER = {"both": 2, "twice": 2, "double": 2, "dozen": 12, "half": 0.5, "single": 1}

_FR_UNITS = {w: i for i, w in enumerate(
    "zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze "
    "seize".split())}
_FR_UNITS["une"] = 1
_FR_TENS = {"vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
            "septante": 70, "huitante": 80, "nonante": 90, "vingts": 20}
_FR_ORD = {"premier": 1, "première": 1, "second": 2, "seconde": 2, "deuxième": 2, "troisième": 3,
           "quatrième": 4, "cinquième": 5, "sixième": 6, "septième": 7, "huitième": 8,
           "neuvième": 9, "dixième": 10, "vingtième": 20, "soixantième": 60, "centième": 100}
_FR_SCALE = {"cent": 100, "cents": 100, "mille": 1000, "million": 10**6, "millions": 10**6,
             "milliard": 10**9, "milliards": 10**9}
_FR_OTHER = {"double": 2, "deux": 2, "dizaine": 10, "douzaine": 12, "moitié": 0.5}

_EN_MULT = {"thousand": 10**3, "million": 10**6, "millions": 10**6, "billion": 10**9,
            "billions": 10**9, "trillion": 10**12}
_FR_MULT = {"mille": 10**3, "million": 10**6, "millions": 10**6, "milliard": 10**9,
            "milliards": 10**9, "billion": 10**12, "billions": 10**12}
_ZH_MULT = {"万": 10**4, "亿": 10**8, "千": 10**3, "百": 100}

_ZH_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}
_ZH_NUMERAL = "〇零一二两三四五六七八九十百千万亿"
# Chinese numerals followed by these are dates, counts of anniversaries or sessions: hard.
_ZH_HARD_AFTER = ("年", "月", "日", "号", "周年", "届", "世纪", "%", "％")

_DASHES = "‐‑‒–—―~～-"  # the ASCII hyphen last, so it is literal in a [class]
_EN_RANGE_WORDS = ("to", "until", "till", "through")
_FR_RANGE_WORDS = ("au", "à", "jusqu'au", "jusqu’au")
_ZH_RANGE = "至到"

_ORDINAL_SUFFIX = {
    "en": r"(?:st|nd|rd|th)",
    "fr": r"(?:er|re|ère|e|ème|eme|nd|nde)",
    "zh": r"(?!)",
}

# Digits may not touch letters (4P, G20, COVID-19 are names, not numbers),
# except an ordinal suffix or a percent sign.
_NUM_CORE = {
    "en": r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?",
    "fr": r"\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?:,\d+)?|\d+(?:,\d+)?",
    "zh": r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?",
}


def _num_regex(lang: str) -> re.Pattern:
    return re.compile(
        r"(?<![A-Za-zÀ-ÿ\d])(?<![A-Za-zÀ-ÿ]-)"
        rf"(?P<num>{_NUM_CORE[lang]})"
        rf"(?P<ord>{_ORDINAL_SUFFIX[lang]})?"
        r"(?P<pct>\s?%|\s?％| per ?cent| pour ?cent)?"
        r"(?![A-Za-zÀ-ÿ\d])" if lang != "zh" else
        r"(?<![A-Za-z\d])(?<![A-Za-z]-)"
        rf"(?P<num>{_NUM_CORE[lang]})"
        r"(?P<pct>%|％)?"
        r"(?![A-Za-z\d])"
    )


_NUM_RE = {lang: _num_regex(lang) for lang in ("en", "fr", "zh")}
_WORD_RE = re.compile(r"[A-Za-zÀ-ÿ]+(?:-[A-Za-zÀ-ÿ]+)*")
_ZH_NUM_RE = re.compile(rf"第?[{_ZH_NUMERAL}]+")


# --------------------------------------------------------------------------- parsing
@dataclass
class _Tok:
    kind: str  # num | month | range | from | comma | year | day
    value: float | int | None
    start: int
    end: int
    hard: bool = True
    ordinal: bool = False
    pct: bool = False


def _to_number(text: str, lang: str) -> float:
    if lang == "fr":
        text = re.sub(r"[\u00a0\u202f ]", "", text).replace(",", ".")
    else:
        text = text.replace(",", "")
    value = float(text)
    return int(value) if value.is_integer() else value


def parse_chinese_numeral(text: str) -> int | None:
    """二〇二四 → 2024, 十 → 10, 二十五 → 25, 一百零五 → 105, 两千 → 2000, 三万 → 30000."""
    if not text or any(c not in _ZH_NUMERAL for c in text):
        return None
    if all(c in _ZH_DIGITS for c in text):
        if len(text) == 1:
            return _ZH_DIGITS[text]
        return int("".join(str(_ZH_DIGITS[c]) for c in text))  # digit by digit: 二〇二四
    total, section, digit = 0, 0, None
    for c in text:
        if c in _ZH_DIGITS:
            digit = _ZH_DIGITS[c]
        else:
            unit = _ZH_UNITS[c]
            if unit >= 10**4:
                section = (section + (digit or 0)) * unit
                total += section
                section, digit = 0, None
            else:
                section += (1 if digit is None else digit) * unit
                digit = None
    return total + section + (digit or 0)


def _latin_tokens(lang: str, text: str) -> list[_Tok]:
    months = EN_MONTHS if lang == "en" else FR_MONTHS
    toks: list[_Tok] = []
    for m in _NUM_RE[lang].finditer(text):
        value = _to_number(m.group("num"), lang)
        end = m.end()
        after = text[end:end + 12]
        mult = re.match(r"\s+([A-Za-zé]+)", after)
        table = _EN_MULT if lang == "en" else _FR_MULT
        if mult and mult.group(1).lower() in table and not (m.group("ord") or m.group("pct")):
            value = value * table[mult.group(1).lower()]
            value = int(value) if float(value).is_integer() else value
            end += mult.end()
        toks.append(_Tok("num", value, m.start(), end, True, bool(m.group("ord")), bool(m.group("pct"))))
    covered = [(t.start, t.end) for t in toks]
    for m in _WORD_RE.finditer(text):
        if any(a <= m.start() < b for a, b in covered):
            continue
        word = m.group()
        low = word.lower().rstrip(".")
        if low in months and (lang == "fr" or word[0].isupper() or len(low) > 3):
            if lang == "en" and low == "may" and not word[0].isupper():
                continue  # the modal verb
            toks.append(_Tok("month", months[low], m.start(), m.end(), True))
            continue
        if low in (_EN_RANGE_WORDS if lang == "en" else _FR_RANGE_WORDS):
            toks.append(_Tok("range", None, m.start(), m.end()))
            continue
        if low in (("from", "between") if lang == "en" else ("du", "entre", "de")):
            toks.append(_Tok("from", None, m.start(), m.end()))
            continue
        value = _word_number(lang, low)
        if value is not None:
            ordinal = low in (_EN_ORD if lang == "en" else _FR_ORD)
            toks.append(_Tok("num", value, m.start(), m.end(), False, ordinal))
    for m in re.finditer(f"[{_DASHES}]", text):
        toks.append(_Tok("range", None, m.start(), m.end()))
    for m in re.finditer(r",", text):
        toks.append(_Tok("comma", None, m.start(), m.end()))
    toks.sort(key=lambda t: t.start)
    return toks


def _word_number(lang: str, word: str):
    units, tens, ords, scale, other = (
        (_EN_UNITS, _EN_TENS, _EN_ORD, _EN_SCALE, _EN_OTHER) if lang == "en"
        else (_FR_UNITS, _FR_TENS, _FR_ORD, _FR_SCALE, _FR_OTHER))
    if word in ords:
        return ords[word]
    if word in other:
        return other[word]
    parts = word.split("-")
    total = 0
    for part in parts:
        if part in ("et",):
            continue
        if part in units:
            total += units[part]
        elif part in tens:
            total += tens[part]
        elif part in scale:
            total = max(total, 1) * scale[part]
        else:
            return None
    if word in ("un", "une", "one") or (lang == "fr" and word == "a"):
        return None  # articles: "une visite", "one of the"
    return total


def _skip_spaces(text: str, i: int) -> int:
    while i < len(text) and text[i] == " ":
        i += 1
    return i


def _zh_tokens(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    for m in _NUM_RE["zh"].finditer(text):
        value = _to_number(m.group("num"), "zh")
        end = m.end()
        after = _skip_spaces(text, end)  # "10 万", "2020 年": typeset Chinese spaces out digits
        if after < len(text) and text[after] in _ZH_MULT and text[after] not in "百千":
            value = value * _ZH_MULT[text[after]]
            end = after + 1
        toks.append(_Tok("num", value, m.start(), end, True, False, bool(m.group("pct"))))
    covered = [(t.start, t.end) for t in toks]
    for m in _ZH_NUM_RE.finditer(text):
        if any(a <= m.start() < b for a, b in covered):
            continue
        surface = m.group()
        if surface.endswith("百") and text.startswith("分之", m.end()):
            continue  # 百分之五十: the percent marker, not a hundred
        ordinal = surface.startswith("第")
        value = parse_chinese_numeral(surface.lstrip("第"))
        if value is None:
            continue
        after = text[m.end():m.end() + 2]
        before = text[max(0, m.start() - 3):m.start()]
        digitwise = len(surface) > 1 and all(c in _ZH_DIGITS for c in surface)
        hard = (after.startswith(_ZH_HARD_AFTER) and (not after.startswith("年") or digitwise)) \
            or before.endswith("百分之")
        toks.append(_Tok("num", value, m.start(), m.end(), hard, ordinal, before.endswith("百分之")))
    toks.sort(key=lambda t: t.start)
    # Date markers turn numbers into years, months and days.
    out: list[_Tok] = []
    for tok in toks:
        at = _skip_spaces(text, tok.end)
        mark = text[at:at + 1]
        if mark == "年" and tok.hard and isinstance(tok.value, int):
            out.append(_Tok("year", tok.value, tok.start, at + 1, True))
        elif mark == "月" and isinstance(tok.value, int) and 1 <= tok.value <= 12:
            out.append(_Tok("month", tok.value, tok.start, at + 1, True))
        elif mark in "日号" and mark and isinstance(tok.value, int) and 1 <= tok.value <= 31:
            out.append(_Tok("day", tok.value, tok.start, at + 1, True))
        else:
            out.append(tok)
    for m in re.finditer(f"[{_ZH_RANGE}{_DASHES}]", text):
        out.append(_Tok("range", None, m.start(), m.end()))
    out.sort(key=lambda t: t.start)
    return out


def extract_numbers(lang: str, text: str) -> tuple[NumberMention, ...]:
    """All number and date mentions of ``text``, in order."""
    text = _fold_digits(text)
    toks = _zh_tokens(text) if lang == "zh" else _latin_tokens(lang, text)
    groups = _group(toks, text, lang)
    mentions = []
    for group in groups:
        mention = _mention(group, text, lang)
        if mention is not None:
            mentions.append(mention)
    return tuple(mentions)


def _fold_digits(text: str) -> str:
    # Full-width digits and percent signs → ASCII, one character for one, so offsets hold.
    return "".join(
        unicodedata.normalize("NFKC", c) if ("\uff10" <= c <= "\uff19" or c == "％") else c
        for c in text
    )


_GAP_OK = re.compile(r"^[\s,]*$")


def _group(toks: list[_Tok], text: str, lang: str) -> list[list[_Tok]]:
    """Runs of adjacent tokens that can form one date or range expression."""
    groups: list[list[_Tok]] = []
    current: list[_Tok] = []
    for tok in toks:
        if current:
            gap = text[current[-1].end:tok.start]
            if lang == "zh":  # every part of a Chinese date carries its 年/月/日
                joinable = gap.strip(" ") == "" and _joinable(current[-1], tok) and not (
                    {current[-1].kind, tok.kind} & {"year", "month", "day"} and "num" in (current[-1].kind, tok.kind))
            else:
                joinable = _GAP_OK.match(gap) and _joinable(current[-1], tok)
            if not joinable:
                groups.append(current)
                current = []
        current.append(tok)
    if current:
        groups.append(current)
    # Strip connectors at the edges; drop groups without a number.
    cleaned = []
    for group in groups:
        while group and group[0].kind in ("range", "comma"):
            group = group[1:]
        while group and group[-1].kind in ("range", "comma", "from"):
            group = group[:-1]
        if any(t.kind in ("num", "year", "month", "day") for t in group):
            cleaned.append(group)
    return cleaned


def _joinable(prev: _Tok, tok: _Tok) -> bool:
    kinds = {prev.kind, tok.kind}
    if "comma" in kinds:
        # "May 5, 2024" / "7 May, 2024": a comma only inside dates
        return prev.kind in ("num", "month", "day") and tok.kind == "comma" or \
            prev.kind == "comma" and tok.kind == "num" and isinstance(tok.value, int) and tok.value >= 1000
    if prev.kind == "from":
        return tok.kind in ("num", "day")
    if tok.kind == "from":
        return False
    if prev.kind == "num" and tok.kind == "num":
        return False
    if prev.kind == "range" and tok.kind == "range":
        return False
    return True


def _mention(group: list[_Tok], text: str, lang: str) -> NumberMention | None:
    group = [t for t in group if t.kind not in ("from", "comma")]
    if not group:
        return None
    start, end = group[0].start, group[-1].end
    surface = text[start:end]
    has_date = any(t.kind in ("month", "year", "day") for t in group)
    if has_date:
        return _date_mention(group, surface, start, end, lang)
    nums = [t for t in group if t.kind == "num"]
    ranges = [t for t in group if t.kind == "range"]
    if len(nums) == 2 and ranges and nums[0].hard and nums[1].hard:
        a, b = nums
        value = f"{_fmt(a.value)}–{_fmt(b.value)}"
        return NumberMention(surface, start, end, "range", value,
                             frozenset({f"n:{_fmt(a.value)}", f"n:{_fmt(b.value)}"}), True)
    if not nums:
        return None
    # Several numbers joined only by a connector word ("two and three"): keep the first.
    tok = nums[0]
    if len(nums) > 1:
        surface = text[tok.start:tok.end]
        start, end = tok.start, tok.end
    kind = "percent" if tok.pct else "ordinal" if tok.ordinal else "number"
    value = _fmt(tok.value) + ("%" if tok.pct else "")
    return NumberMention(surface, start, end, kind, value, frozenset({f"n:{_fmt(tok.value)}"}), tok.hard)


def _date_mention(group, surface, start, end, lang) -> NumberMention:
    # Split into the parts before and after a range connector.
    parts: list[list[_Tok]] = [[]]
    for tok in group:
        if tok.kind == "range":
            parts.append([])
        else:
            parts[-1].append(tok)
    parts = [p for p in parts if p] or [[]]
    dates = [_date_fields(p, lang) for p in parts[:2]]
    if len(dates) == 2:  # each end borrows what it leaves out from the other
        a, b = dates
        for key in ("y", "m"):
            a.setdefault(key, b.get(key))
            b.setdefault(key, a.get(key))
        dates = [a, b]
    values = [_iso(d) for d in dates]
    atoms = set()
    for d in dates:
        if d.get("y") is not None:
            atoms.add(f"n:{d['y']}")
        if d.get("m") is not None:
            atoms.add(f"m:{d['m']}")
        if d.get("d") is not None:
            atoms.add(f"n:{d['d']}")
    for tok in group:  # stray numbers inside the group (e.g. a second year)
        if tok.kind == "num" and not any(tok.value in (d.get("y"), d.get("d")) for d in dates):
            atoms.add(f"n:{_fmt(tok.value)}")
    hard = any(t.hard and t.kind != "month" for t in group) or lang == "zh"
    kind = "date" if len(values) == 1 else "range"
    ends = tuple((d.get("y"), d.get("m"), d.get("d")) for d in dates)
    return NumberMention(surface, start, end, kind, "/".join(values), frozenset(atoms), hard, ends)


def _date_fields(part: list[_Tok], lang: str) -> dict:
    fields: dict = {}
    for tok in part:
        if tok.kind == "year":
            fields["y"] = tok.value
        elif tok.kind == "month":
            fields["m"] = tok.value
        elif tok.kind == "day":
            fields["d"] = tok.value
        elif tok.kind == "num" and isinstance(tok.value, int):
            if tok.value >= 1000 or ("d" in fields and "y" not in fields and tok.value > 31):
                fields["y"] = tok.value
            elif 1 <= tok.value <= 31 and "d" not in fields:
                fields["d"] = tok.value
            else:
                fields.setdefault("y", tok.value)
    return fields


def _iso(d: dict) -> str:
    y = f"{d['y']:04d}" if d.get("y") is not None else "----"
    m = f"{d['m']:02d}" if d.get("m") is not None else "--"
    if d.get("d") is None:
        return f"{y}-{m}" if d.get("m") is not None else y
    return f"{y}-{m}-{d['d']:02d}"


def _fmt(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


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
    all_a = {atom for m in a for atom in m.atoms}
    all_b = {atom for m in b for atom in m.atoms}
    only_a = set(hard_a - all_b)
    only_b = set(hard_b - all_a)
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
            evidence[f"{a}-{b}"] = {
                a: [f"{m.text} = {m.value}" for m in mm.mentions_a],
                b: [f"{m.text} = {m.value}" for m in mm.mentions_b],
                f"only_{a}": [describe_atom(x) for x in mm.only_a],
                f"only_{b}": [describe_atom(x) for x in mm.only_b],
            }
            for lang, ments in ((a, mm.mentions_a), (b, mm.mentions_b)):
                spans = set(highlights.get(lang, ()))
                spans.update((m.start, m.end) for m in ments)
                highlights[lang] = tuple(sorted(spans))
            va = ", ".join(m.value for m in mm.mentions_a) or "nothing"
            vb = ", ".join(m.value for m in mm.mentions_b) or "nothing"
            parts.append(f"{a} {va} vs {b} {vb}")
        who = f"{verdict.diverging} differs: " if verdict.diverging else ""
        return ev.flag(
            "number", "high", verdict.langs, u, who + "; ".join(parts), evidence,
            verdict.diverging, highlights,
        )
