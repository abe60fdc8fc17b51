"""Numbers and dates, normalised across Chinese, French and English: the one number reader.

The aligner's anchors (:mod:`align.aligner.anchors`) and the divergence checks
(:mod:`align.checks.numbers`) both read numbers here; ``tests/support/number_cases.tsv``
is the table of cases it is held to.

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

A mention may also carry *alternatives*: the same quantity as another version may write it.
A measurement in one system has its value in the other (6 feet: 1.83 m; 10 cm: 3.9 inches;
130 miles: 209 km), a figure such as "42.000" in English may be a thousands separator, and
"2019-20" is 2019 to 2020.  Alternatives satisfy the other version's atoms; they are never
required themselves.  So "6-foot-6" against "1,98 m" agrees, and "6.6 feet" against it does not.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import Decimal



@dataclass(frozen=True)
class NumberMention:
    text: str
    start: int
    end: int
    kind: str  # date | range | number | ordinal | percent | weekday
    value: str  # normalised: 2024-05-05/2024-05-07, 60, 12.5%, 1500000
    atoms: frozenset[str]
    hard: bool = True
    # For dates: (year, month, day) of each end, None where the text leaves it out.
    ends: tuple[tuple[int | None, int | None, int | None], ...] = ()
    # The same quantity as another version may write it (a unit conversion, another reading).
    alternatives: frozenset[str] = frozenset()
    # The unit written with it, as "dimension:name" (length:foot, currency:euro), or "".
    unit: str = ""


# --------------------------------------------------------------------------- lexicon
MONTH_NAMES = {  # in calendar order, as written in running text
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"),
}
EN_MONTHS = {m.lower(): i + 1 for i, m in enumerate(MONTH_NAMES["en"])}
EN_MONTHS.update({m[:3]: i for m, i in list(EN_MONTHS.items())})
EN_MONTHS["sept"] = 9
FR_MONTHS = {m: i + 1 for i, m in enumerate(MONTH_NAMES["fr"])}
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
# Numerals that are ordinary words (万一 "in case", 千万 "by all means"); 十分 "very" is
# recognised where the runs are read, since 分 is no numeral.
ZH_NOT_NUMBERS = frozenset({"万一", "千万", "一一"})
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

# Digits may not touch letters (4P, G20, COVID-19 are names, not numbers), except an
# ordinal suffix or a percent sign; nor may a number be the start of a longer one
# that touches letters (3.5km, 5,000km are read whole or not at all).
_NUM_CORE = {
    "en": r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?",
    "fr": r"\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?:,\d+)?|\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?",
    "zh": r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?",
}


def _num_regex(lang: str) -> re.Pattern:
    return re.compile(
        r"(?<![A-Za-zÀ-ÿ\d])(?<![A-Za-zÀ-ÿ]-)(?<!\d[.,])"
        rf"(?P<num>{_NUM_CORE[lang]})"
        rf"(?P<ord>{_ORDINAL_SUFFIX[lang]})?"
        r"(?P<pct>\s?%|\s?％| per ?cent| pour ?cent)?"
        r"(?![A-Za-zÀ-ÿ\d])(?![.,]\d)" if lang != "zh" else
        r"(?<![A-Za-z\d])(?<![A-Za-z]-)(?<!\d[.,])"
        rf"(?P<num>{_NUM_CORE[lang]})"
        r"(?P<pct>%|％)?"
        r"(?![A-Za-z\d])(?![.,]\d)"
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
    alternatives: tuple = ()  # an approximation's other value (十四五: 14, alternative 15)


_SCALE_WORD = re.compile(r"[万亿]|million|billion|trillion|milliard|thousand|mille", re.IGNORECASE)


def _scaled(value: float, multiplier: int) -> float | int:
    """``value × multiplier`` without float noise: 8.7 亿 is 870000000, not 869999999.99."""
    scaled = Decimal(repr(value)) * multiplier
    return int(scaled) if scaled == scaled.to_integral_value() else float(scaled)


def _to_number(text: str, lang: str) -> float:
    if lang == "fr":  # 1 200, 1.200 (thousands), 1,5 (decimal)
        text = re.sub(r"[\u00a0\u202f .]", "", text).replace(",", ".")
    else:
        text = text.replace(",", "")
    value = float(text)
    return int(value) if value.is_integer() else value


def chinese_numeral(text: str) -> int | None:
    """Value of a well-formed Chinese numeral, else None.

    二〇二四 → 2024 (digit by digit), 十 → 10, 二十五 → 25, 一百零五 → 105, 两千 → 2000,
    一亿三千万 → 130000000, 一万亿 → 10**12; a digit after a unit with no 零 before it
    counts in the next lower unit, as Chinese abbreviates (一百五 → 150, 两万三 → 23000).
    Two digits side by side (十四五, an approximation) are not one numeral: None.
    """
    if not text or any(c not in _ZH_NUMERAL for c in text):
        return None
    if all(c in _ZH_DIGITS for c in text):
        if len(text) == 1:
            return _ZH_DIGITS[text]
        if len(text) == 2 and not set(text) & set("零〇"):
            return None  # 两三, 七八: "two or three", an approximation
        return int("".join(str(_ZH_DIGITS[c]) for c in text))  # digit by digit: 二〇二四
    for big in ("亿", "万"):  # the largest group marker splits the numeral: (一万)亿 (三千万)
        if big in text:
            k = text.rindex(big)
            high = chinese_numeral(text[:k]) if k else None  # 万 alone (万物, 亿万) counts nothing
            rest = text[k + 1:]
            low = chinese_numeral(rest.lstrip("零〇")) if rest.lstrip("零〇") else 0
            if high is None or low is None:
                return None
            if rest and rest[0] not in "零〇" and len(rest) == 1 and rest in _ZH_DIGITS:
                low *= _ZH_UNITS[big] // 10  # 两万三: 23000
            return high * _ZH_UNITS[big] + low
    total, digit, last_unit, zero = 0, None, None, False
    for c in text:
        if c in "零〇":
            if digit is not None:
                return None
            zero = True
        elif c in _ZH_DIGITS:
            if digit is not None:
                return None  # 十四五: two digits, an approximation
            digit = _ZH_DIGITS[c]
        else:
            unit = _ZH_UNITS[c]
            if last_unit is not None and unit >= last_unit:
                return None  # 十百, 百百: units must fall
            total += (1 if digit is None else digit) * unit
            digit, last_unit, zero = None, unit, False
    if digit is not None:
        total += digit * (last_unit // 10 if last_unit and not zero and last_unit >= 100 else 1)
    return total


def chinese_numeral_values(run: str) -> tuple[int, ...]:
    """Values a run of Chinese numeral characters may stand for: its value, or for an
    approximation the two it lies between (十四五 → 14, 15; 三四十 → 30, 40; 七八 → 7, 8)."""
    value = chinese_numeral(run)
    if value is not None:
        return (value,)
    if len(run) >= 2 and run[-1] in _ZH_DIGITS and run[-2] in _ZH_DIGITS:
        values = (chinese_numeral(run[:-1]), chinese_numeral(run[:-2] + run[-1]))
        return tuple(v for v in values if v is not None)
    if len(run) >= 3 and run[0] in _ZH_DIGITS and run[1] in _ZH_DIGITS and run[2] in _ZH_UNITS:
        values = (chinese_numeral(run[0] + run[2:]), chinese_numeral(run[1:]))
        return tuple(v for v in values if v is not None)
    return ()


def _latin_tokens(lang: str, text: str) -> list[_Tok]:
    months = EN_MONTHS if lang == "en" else FR_MONTHS
    mult_table = _EN_MULT if lang == "en" else _FR_MULT
    toks: list[_Tok] = []
    for m in _NUM_RE[lang].finditer(text):
        value = _to_number(m.group("num"), lang)
        end = m.end()
        after = text[end:end + 12]
        mult = re.match(r"\s+([A-Za-zé]+)", after)
        if mult and mult.group(1).lower() in mult_table and not (m.group("ord") or m.group("pct")):
            value = _scaled(value, mult_table[mult.group(1).lower()])
            end += mult.end()
        toks.append(_Tok("num", value, m.start(), end, True, bool(m.group("ord")), bool(m.group("pct"))))
    covered = [(t.start, t.end) for t in toks]
    for m in _WORD_RE.finditer(text):
        if any(a <= m.start() < b for a, b in covered):
            continue
        word = m.group()
        low = word.lower().rstrip(".")
        prefix = re.match(r"(?:mi|mid|early|late|fin|début)-", low)
        if prefix and low[prefix.end():] in months:  # mi-septembre, mid-September
            start = m.start() + prefix.end()
            toks.append(_Tok("month", months[low[prefix.end():]], start, m.end(), True))
            continue
        if low in months and (lang == "fr" or word[0].isupper() or len(low) > 3):
            if lang == "en" and low == "may" and not word[0].isupper():
                continue  # the modal verb
            if lang == "fr" and low == "sept" and not _dated(text, m.start(), m.end()):
                toks.append(_Tok("num", 7, m.start(), m.end(), False))
                continue  # sept candidats: seven, not "sept." for septembre
            toks.append(_Tok("month", months[low], m.start(), m.end(), True))
            continue
        if low in (_EN_RANGE_WORDS if lang == "en" else _FR_RANGE_WORDS) or (
                low in ("and", "et") and _after_between(toks, m.start(), text)):
            toks.append(_Tok("range", None, m.start(), m.end()))
            continue
        if low in (("from", "between") if lang == "en" else ("du", "entre", "de")):
            toks.append(_Tok("from", None, m.start(), m.end()))
            continue
        value = _word_number(lang, low)
        end = m.end()
        if value is None and "-" in low:  # an eight-page insert, a twenty-five-year-old
            parts = low.split("-")
            for k in range(len(parts) - 1, 0, -1):
                value = _word_number(lang, "-".join(parts[:k]))
                if value is not None:
                    end = m.start() + len("-".join(parts[:k]))
                    break
        if value is not None:
            ordinal = low in (_EN_ORD if lang == "en" else _FR_ORD)
            previous = toks[-1] if toks else None
            between = text[previous.end:m.start()] if previous is not None else ""
            if (previous is not None and previous.kind == "num" and not previous.hard
                    and not previous.ordinal and not ordinal):
                if low in ("hundred", "cent", "cents") and between.isspace():
                    rest = previous.value % 1000
                    if previous.value < 100 or 0 < rest < 10:
                        # two hundred, deux cents; two thousand three hundred (read 2003 so far)
                        total = previous.value * 100 if previous.value < 100 else previous.value - rest + rest * 100
                        toks[-1] = _Tok("num", total, previous.start, end, False)
                        continue
                if (previous.value >= 100 and previous.value % 100 == 0 and value < 100
                        and re.fullmatch(r"\s+(?:and\s+|et\s+)?|-", between)):
                    # one hundred and two, cent deux
                    toks[-1] = _Tok("num", previous.value + value, previous.start, end, False)
                    continue
            if (previous is not None and previous.kind == "num" and not previous.hard
                    and not previous.ordinal and not ordinal and low in mult_table
                    and text[previous.end:m.start()].isspace()):
                # deux millions, two million: a number word times a scale word
                toks[-1] = _Tok("num", _scaled(previous.value, mult_table[low]), previous.start, m.end(), False)
                continue
            toks.append(_Tok("num", value, m.start(), end, False, ordinal))
    for m in re.finditer(f"[{_DASHES}]", text):
        toks.append(_Tok("range", None, m.start(), m.end()))
    for m in re.finditer(r",", text):
        if not any(a <= m.start() < b for a, b in covered):  # not the comma of 2,5
            toks.append(_Tok("comma", None, m.start(), m.end()))
    toks.sort(key=lambda t: t.start)
    return toks


def _dated(text: str, start: int, end: int) -> bool:
    """A month abbreviation that is one: a day before it or a year after it (le 5 sept.,
    sept. 2020), not the French numeral *sept* (ils étaient sept.)."""
    return bool(re.search(r"\d{1,2}(?:er)?\s*$", text[:start]) or re.match(r"\.?\s*\d{4}", text[end:]))


def _after_between(toks: list[_Tok], at: int, text: str) -> bool:
    """Is the word at ``at`` the "and" of "between 1 and 4" / "entre 2,5 et 10"?"""
    before = sorted((t for t in toks if t.end <= at), key=lambda t: t.start)[-2:]
    return (len(before) == 2 and before[0].kind == "from" and before[1].kind == "num"
            and text[before[0].start:before[0].end].lower() in ("between", "entre"))


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
    if total == 0 and word not in ("zero", "zéro"):
        return None  # "et" alone is no number
    return total


def _skip_spaces(text: str, i: int) -> int:
    while i < len(text) and text[i] == " ":
        i += 1
    return i


def _zh_numeral_runs(text: str):
    """(start, end) of each run of Chinese numerals, split where 两 follows a digit: 三两
    is "three taels" (a weight), not 32."""
    for m in _ZH_NUM_RE.finditer(text):
        start = m.start()
        for k in range(m.start() + 1, m.end()):
            if text[k] == "两" and text[k - 1] in _ZH_DIGITS:
                yield start, k
                start = k
        yield start, m.end()


def _zh_tokens(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    for m in _NUM_RE["zh"].finditer(text):
        value = _to_number(m.group("num"), "zh")
        end = m.end()
        after = _skip_spaces(text, end)  # "10 万", "2020 年": typeset Chinese spaces out digits
        if after + 1 < len(text) and text[after] in "多余" and text[after + 1] in "万亿":
            after += 1  # 5,000 多万: more than fifty million
        if after < len(text) and text[after] in _ZH_MULT and text[after] not in "百千":
            value = _scaled(value, _ZH_MULT[text[after]])
            end = after + 1
        toks.append(_Tok("num", value, m.start(), end, True, False, bool(m.group("pct"))))
    covered = [(t.start, t.end) for t in toks]
    for run_start, run_end in _zh_numeral_runs(text):
        if any(a <= run_start < b for a, b in covered):
            continue
        surface = text[run_start:run_end]
        if surface.endswith("百") and text.startswith("分之", run_end):
            continue  # 百分之五十: the percent marker, not a hundred
        ordinal = surface.startswith("第")
        if surface in ZH_NOT_NUMBERS or (surface == "十" and text.startswith("分", run_end)
                                         and not text.startswith(("分钟", "分之"), run_end)):
            continue  # 十分 "very", 万一 "in case"; but 十分钟 is ten minutes
        values = chinese_numeral_values(surface.lstrip("第"))
        if not values:
            continue
        value, alternatives = values[0], values[1:]
        after = text[run_end:run_end + 2]
        before = text[max(0, run_start - 3):run_start]
        digitwise = len(surface) > 1 and all(c in _ZH_DIGITS for c in surface)
        hard = (after.startswith(_ZH_HARD_AFTER) and (not after.startswith("年") or digitwise)) \
            or before.endswith("百分之")
        if surface == "一" and not hard:
            continue  # 一个, 一种: "a", not a quantity anyone compares
        toks.append(_Tok("num", value, run_start, run_end, hard and not alternatives, ordinal,
                         before.endswith("百分之"), alternatives))
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
            mentions.append(_with_alternatives(mention, text, lang))
    # A day of the week holds its number (星期三): it replaces the numeral it overlaps.
    days = [d for d in _weekdays(lang, text)
            if not any(m.hard and m.start < d.end and d.start < m.end for m in mentions)]
    mentions = [m for m in mentions if not any(d.start < m.end and m.start < d.end for d in days)]
    return tuple(sorted(mentions + days, key=lambda m: m.start))


# Days of the week: soft (news translators drop "on Tuesday"), but a day named in one version
# and another day in the other is another date.
_WEEKDAYS = {
    "en": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
}


def calendar_words(lang: str) -> frozenset[str]:
    """Names of months and days of the week in French or English, lower-cased: capitalised in
    English, but dates, which this reader compares (a person called May is missed as a name)."""
    return _CALENDAR_WORDS.get(lang, frozenset())


_CALENDAR_WORDS = {lang: frozenset(m.lower() for m in MONTH_NAMES[lang]) | frozenset(_WEEKDAYS[lang])
                   for lang in ("en", "fr")}
# 周 is also "week": not after a numeral or 每 (每周三次 three times a week, 四周一次), nor
# before 次 / 天 / 年.
_ZH_WEEKDAY = re.compile(r"(?:星期|礼拜|(?<![每一二两三四五六七八九十几\d])周)([一二三四五六日天])(?![次天年个])")
# Feast days and names that hold a weekday (Good Friday, Mardi gras, Black Friday).
_NOT_WEEKDAY = re.compile(r"(?:good|black|ash|holy|maundy|cyber|super|man)\s+$", re.IGNORECASE)


def _weekdays(lang: str, text: str) -> list[NumberMention]:
    def mention(m, day: int) -> NumberMention:
        return NumberMention(m.group(), m.start(), m.end(), "weekday", f"w{day}", frozenset({f"w:{day}"}),
                             hard=False)

    if lang == "zh":
        return [mention(m, "一二三四五六日".find(m.group(1).replace("天", "日")) + 1)
                for m in _ZH_WEEKDAY.finditer(text)]
    days = _WEEKDAYS.get(lang, ())
    out = []
    for m in re.finditer(rf"\b({'|'.join(days)})s?\b", text, re.IGNORECASE) if days else ():
        if lang == "en" and not m.group()[0].isupper():
            continue
        if _NOT_WEEKDAY.search(text[:m.start()]) or re.match(r"\s+(?:gras|saint)\b", text[m.end():], re.IGNORECASE):
            continue
        out.append(mention(m, days.index(m.group(1).lower()) + 1))
    return out


# --------------------------------------------------------------------------- other writings
# Units of measurement: (dimension, system, factor to the base unit, or a temperature scale).
_UNITS: dict[str, tuple[str, str, float]] = {}
for _names, _dim, _system, _factor in (
    ("inch inches pouce pouces 英寸", "length", "imperial", 0.0254),
    ("foot feet ft pied pieds 英尺 呎", "length", "imperial", 0.3048),
    ("yard yards yd yards 码", "length", "imperial", 0.9144),
    ("mile miles mi mille milles 英里 哩", "length", "imperial", 1609.344),
    ("mm millimetre millimetres millimeter millimeters millimètre millimètres 毫米", "length", "metric", 0.001),
    ("cm centimetre centimetres centimeter centimeters centimètre centimètres 厘米 公分", "length", "metric", 0.01),
    ("m metre metres meter meters mètre mètres 米 公尺", "length", "metric", 1.0),
    ("km kilometre kilometres kilometer kilometers kilomètre kilomètres 公里 千米", "length", "metric", 1000.0),
    ("pound pounds lb lbs livre livres 磅", "mass", "imperial", 0.45359237),
    ("ounce ounces oz once onces 盎司", "mass", "imperial", 0.028349523),
    ("g gram grams gramme grammes 克", "mass", "metric", 0.001),
    ("kg kilogram kilograms kilogramme kilogrammes kilo kilos 公斤 千克", "mass", "metric", 1.0),
    ("gallon gallons 加仑", "volume", "imperial", 3.785411784),
    ("l litre litres liter liters 升 公升", "volume", "metric", 1.0),
    ("°f fahrenheit 华氏度 华氏", "temperature", "imperial", 0.0),
    ("°c celsius 摄氏度 摄氏", "temperature", "metric", 0.0),
    # Durations: one system, so every other unit is an alternative (2 weeks: 14 days).
    ("second seconds sec secs seconde secondes 秒 秒钟", "time", "time", 1.0),
    ("minute minutes min mn 分钟", "time", "time", 60.0),
    ("hour hours hr hrs heure heures h 小时 个小时 钟头", "time", "time", 3600.0),
    ("day days jour jours 天", "time", "time", 86400.0),
    ("week weeks semaine semaines 周 星期 个星期", "time", "time", 604800.0),
    ("month months mois 个月", "time", "time", 2629800.0),
    ("year years an ans année années", "time", "time", 31557600.0),
    ("decade decades décennie décennies", "time", "time", 315576000.0),
    # Currencies: never converted (rates change), only told apart.
    ("dollar dollars usd $ us$ 美元 美金", "currency", "dollar", 0.0),
    ("euro euros eur € 欧元", "currency", "euro", 0.0),
    ("yuan rmb renminbi 元 人民币", "currency", "yuan", 0.0),
    ("£ sterling gbp 英镑", "currency", "pound", 0.0),
    ("yen jpy 日元", "currency", "yen", 0.0),
):
    for _name in _names.split():
        _UNITS.setdefault(_name, (_dim, _system, _factor))
_UNIT_AFTER = re.compile(r"(?:\s|-(?=[A-Za-z]))?(?:degrees?\s|degrés?\s|度|de\s|d['’])?(°[CFcf]|[A-Za-zÀ-ÿ$€£]+\.?|[\u4e00-\u9fff]{1,3})")
_TARGETS = {dim: [(name, f) for name, (d, system, f) in _UNITS.items() if d == dim]
            for dim in ("length", "mass", "volume", "temperature", "time")}
_UNIT_BEFORE = re.compile(r"(US\$|\$|€|£|¥|USD|EUR)\s?$")
# One name per unit for the mention's ``unit`` (inches and pouces are one unit).
_CANONICAL = {}
for _name, (_dim, _system, _factor) in _UNITS.items():
    _CANONICAL.setdefault((_dim, _system, _factor), _name)


def as_written(mention: NumberMention, text: str, lang: str) -> str:
    """The figure as the text writes it, with the unit it reads after it (“14 周”,
    “2-month”), so that a report quotes what differs when only the unit does."""
    if mention.unit and mention.end <= len(text) and _unit_after(text, mention.end, lang):
        m = _UNIT_AFTER.match(text, mention.end)
        end = m.end() - m.group(1).endswith(".")  # "days." ends a sentence
        if lang == "zh":  # the unit is the first one to three characters of the run
            word = m.group(1)
            size = next((n for n in (3, 2, 1) if n <= len(word) and word[:n] in _UNITS), len(word))
            end = m.start(1) + size
        return text[mention.start:end]
    return mention.text


def _unit_after(text: str, end: int, lang: str) -> tuple[str, str, float] | None:
    m = _UNIT_AFTER.match(text, end)
    if not m:
        return None
    word = m.group(1).lower().rstrip(".")
    if lang == "zh":
        for size in (3, 2, 1):
            if word[:size] in _UNITS:
                return _UNITS[word[:size]]
        return None
    if word == "m" and text[m.end():m.end() + 1].isalpha():
        return None
    return _UNITS.get(word)


def _converted(value: float, unit: tuple[str, str, float]) -> set[str]:
    """``value`` in every unit of the other system for the same dimension, as a translator
    would round it (whole, one decimal, two decimals, two significant figures)."""
    dim, system, factor = unit
    out: set[str] = set()
    if dim == "currency":
        return out
    if dim == "temperature":
        other = [value * 9 / 5 + 32] if system == "metric" else [(value - 32) * 5 / 9]
    else:
        base = value * factor
        other = [base / f for name, f in _TARGETS[dim] if _UNITS[name][1] != system or dim == "time"]
    for x in other:
        for r in (round(x), round(x, 1), round(x, 2), float(f"{x:.2g}")):
            if r:  # 2 months is no 0 years: a rounding to nothing answers no figure
                out.add(f"n:{_fmt(int(r) if float(r).is_integer() else r)}")
    return out


def _with_alternatives(mention: NumberMention, text: str, lang: str) -> NumberMention:
    alternatives: set[str] = set()
    values = [float(a[2:]) for a in mention.atoms if a.startswith("n:")]
    unit = None
    if mention.kind in ("number", "range") and values:
        unit = _unit_after(text, mention.end, lang)
        before = _UNIT_BEFORE.search(text[max(0, mention.start - 4):mention.start])
        if unit is None and before:
            unit = _UNITS.get(before.group(1).lower())
        if unit is not None:
            for v in values:
                alternatives |= _converted(v, unit)
        # "6-foot-6", "5 ft 10 in": feet and inches together
        feet = re.match(r"[-\s]?(?:foot|feet|ft)[-\s]?(\d{1,2})\b", text[mention.end:])
        if feet and len(values) == 1:
            total = values[0] + int(feet.group(1)) / 12
            alternatives |= _converted(total, _UNITS["foot"])
            alternatives.add(f"n:{_fmt(round(total, 1))}")
    hard = mention.hard
    ambiguous = (lang in ("en", "zh") and re.fullmatch(r"\d{1,3}\.\d{3}", mention.text)) or \
        (lang == "fr" and re.fullmatch(r"\d{1,3},\d{3}", mention.text))
    if mention.kind == "number" and ambiguous:
        # 42.000 in English, 2,500 in French: a thousands separator from the other convention
        alternatives.add(f"n:{_fmt(int(re.sub('[.,]', '', mention.text)))}")
        hard = False
    if mention.kind == "number" and mention.atoms == {"n:1"} and not mention.text.endswith("%"):
        hard = False  # "1 gramme" / "un gramme": the figure one is often an article
    unit_name = f"{unit[0]}:{_CANONICAL[unit]}" if unit is not None else ""
    if not alternatives and hard == mention.hard and not unit_name:
        return mention
    return replace(mention, alternatives=frozenset(alternatives - mention.atoms), hard=hard, unit=unit_name)


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
                joinable = _GAP_OK.match(gap) and _joinable(current[-1], tok) and not (
                    current[-1].kind == "comma" and _has_year(current))  # 5 May 2024, 1,200 people
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


def _has_year(group: list[_Tok]) -> bool:
    return any(t.kind == "year" or (t.kind == "num" and isinstance(t.value, int) and t.value >= 1000)
               for t in group)


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
    if len(nums) == 2 and ranges:  # 5–7; "two to three" is a soft range
        a, b = nums
        first, second = a.value, b.value
        if a.value < 1000 and b.value >= 10**4 and _SCALE_WORD.search(text[b.start:b.end]):
            # 14 and 22 million, 2.6 到 3.2 万: the scale word of the second end is the first's too
            for scale in (10**3, 10**4, 10**6, 10**8, 10**9, 10**12):
                if a.value * scale < b.value < a.value * scale * 10:
                    first = _scaled(a.value, scale)
                    break
        if (isinstance(a.value, int) and isinstance(b.value, int) and 1000 <= a.value <= 2999
                and 0 <= b.value < 100 and b.value > a.value % 100):
            second = a.value - a.value % 100 + b.value  # 2019-20, 2010–11: the century of the first
        value = f"{_fmt(first)}–{_fmt(second)}"
        return NumberMention(surface, start, end, "range", value,
                             frozenset({f"n:{_fmt(first)}", f"n:{_fmt(second)}"}), a.hard and b.hard)
    if not nums:
        return None
    # Several numbers joined only by a connector word ("two and three"): keep the first.
    tok = nums[0]
    if len(nums) > 1:
        surface = text[tok.start:tok.end]
        start, end = tok.start, tok.end
    kind = "percent" if tok.pct else "ordinal" if tok.ordinal else "number"
    value = _fmt(tok.value) + ("%" if tok.pct else "")
    atoms = frozenset(f"n:{_fmt(v)}" for v in (tok.value, *tok.alternatives))
    return NumberMention(surface, start, end, kind, value, atoms, tok.hard)


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
    """ISO 8601 forms: 2024-05-05, 2024-05, 2024; --05-05 when the year is left out."""
    m = f"{d['m']:02d}" if d.get("m") is not None else "--"
    if d.get("y") is None:
        if d.get("m") is None:
            return f"---{d['d']:02d}"  # a day alone (5日): ISO ---DD
        return f"--{m}-{d['d']:02d}" if d.get("d") is not None else f"--{m}"
    y = f"{d['y']:04d}"
    if d.get("d") is None:
        return f"{y}-{m}" if d.get("m") is not None else y
    return f"{y}-{m}-{d['d']:02d}"


def _fmt(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)
