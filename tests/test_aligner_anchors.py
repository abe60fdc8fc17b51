"""Numbers, dates and list numbers become the same keys in Chinese, French and English."""
from __future__ import annotations


from align.aligner.anchors import anchor_keys


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


def test_the_same_quantity_written_three_ways_meets():
    assert "#1200" in anchor_keys("1 200 personnes", "fr") & anchor_keys("1,200 people", "en")
    assert "#1500000" in anchor_keys("150万人", "zh") & anchor_keys("1.5 million people", "en")
    assert "#2.5" in anchor_keys("2,5 %", "fr") & anchor_keys("2.5%", "en")


def test_digits_of_codes_are_keys():
    assert "#19" in anchor_keys("新冠肺炎（COVID-19）", "zh") & anchor_keys("la COVID-19", "fr")


def test_common_words_made_of_numerals_are_not_numbers():
    assert anchor_keys("他一直不说话，万一出事呢？", "zh") == set()
