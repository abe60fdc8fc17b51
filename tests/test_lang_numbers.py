"""The one number reader (align.lang.numbers), held to a table of cases written by hand
by someone who had not seen the code (tests/support/number_cases.tsv)."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from align.lang.numbers import chinese_numeral, chinese_numeral_values, extract_numbers

TABLE = Path(__file__).parent / "support" / "number_cases.tsv"


def _cases():
    with TABLE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            expected = [v.strip() for v in row["values"].split("|") if v.strip()]
            yield pytest.param(row["lang"], row["text"], expected, id=f"{row['lang']}-{row['note']}")


@pytest.mark.parametrize("lang, text, expected", list(_cases()))
def test_table_of_cases(lang, text, expected):
    assert [m.value for m in extract_numbers(lang, text)] == expected


@pytest.mark.parametrize("text, value", [
    ("二〇二四", 2024), ("十", 10), ("二十五", 25), ("一百零五", 105), ("两千", 2000),
    ("三万", 30000), ("十二", 12), ("三十五", 35), ("十四", 14), ("一万二千", 12000),
    ("一亿三千万", 130_000_000), ("一万亿", 10**12), ("十二亿", 1_200_000_000),
    ("两千零二十四", 2024), ("三万五千", 35000), ("一千零五十", 1050), ("一万零五", 10005),
    ("一百五", 150), ("两万三", 23000), ("三千五", 3500), ("十万", 100_000), ("万", None), ("亿万", None), ("两三", None), ("二〇", 20),
    ("十二三", None), ("十四五", None), ("十百", None), ("", None), ("二十a", None),
])
def test_chinese_numerals(text, value):
    assert chinese_numeral(text) == value


@pytest.mark.parametrize("run, values", [
    ("十四五", (14, 15)), ("三四十", (30, 40)), ("二十五", (25,)), ("十百", ()), ("七八", (7, 8)),
])
def test_approximations_give_both_values(run, values):
    assert chinese_numeral_values(run) == values


def test_an_approximation_is_soft_and_satisfied_by_either_value():
    (mention,) = extract_numbers("zh", "约莫十四五岁")
    assert not mention.hard and mention.atoms == {"n:14", "n:15"}


def test_taels_are_not_thirty_two():
    assert [m.value for m in extract_numbers("zh", "三两银子")] == ["3", "2"]


def test_a_number_inside_a_longer_one_is_not_read():
    assert [m.value for m in extract_numbers("en", "Article 3.1.2 and 3.5km")] == []
    assert [m.value for m in extract_numbers("fr", "1.000 personnes")] == ["1000"]


def test_a_day_alone_is_iso():
    assert [m.value for m in extract_numbers("zh", "5日举行")] == ["---05"]


def test_a_range_of_number_words_is_a_soft_range():
    (mention,) = extract_numbers("en", "two to three weeks")
    assert mention.value == "2–3" and not mention.hard
