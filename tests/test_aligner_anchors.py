"""Numbers, dates and list numbers become the same keys in Chinese, French and English."""
from __future__ import annotations

import pytest

from align.aligner.anchors import anchor_keys, zh_numeral_value


@pytest.mark.parametrize("text,value", [("三十五", 35), ("十四", 14), ("二〇二四", 2024), ("两千", 2000),
                                        ("一万二千", 12000), ("十", 10), ("十二三", None)])
def test_chinese_numerals(text, value):
    assert zh_numeral_value(text) == value


def test_one_date_three_languages():
    zh = anchor_keys("习近平于2024年5月5日至7日对法国进行国事访问。", "zh")
    en = anchor_keys("President Xi paid a state visit to France from 5 to 7 May 2024.", "en")
    fr = anchor_keys("a effectué une visite d'État en France du 5 au 7 mai 2024.", "fr")
    assert {"#2024", "#m5", "#5", "#7"} <= zh
    assert zh == en == fr


def test_month_names_count_only_beside_a_number():
    assert "#m5" not in anchor_keys("They may agree.", "en")
    assert "#m3" not in anchor_keys("Il marche vers mars.", "fr")


def test_list_numbers():
    assert "#L3" in anchor_keys("3.为了充分利用人工智能带来的机遇", "zh")
    assert "#L3" in anchor_keys("3. To make full use of the opportunities", "en")
    assert "#L2" in anchor_keys("二、总体要求", "zh")


def test_number_words_and_separators():
    assert "#14" in anchor_keys("a boy of fourteen or fifteen", "en")
    assert {"#14", "#15"} <= anchor_keys("约莫十四五岁", "zh")
    assert "#1000" in anchor_keys("1,000 soldiers", "en")
    assert "#3" in anchor_keys("三两银子", "zh")


def test_common_words_made_of_numerals_are_not_numbers():
    assert anchor_keys("他一直不说话，万一出事呢？", "zh") == set()
