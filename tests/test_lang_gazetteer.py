"""Places and languages from CLDR (align/lang/gazetteer.py): one key in every script."""
from align.lang.gazetteer import answered, places
from align.lang.words import tokenize


def keys(lang, text):
    return [(p.key, p.text) for p in places(lang, text, tokenize(lang, text) if lang == "zh" else ())]


def test_the_same_place_has_one_key_in_three_scripts():
    assert keys("en", "They met in Paris with South Korea and the European Union.") == [
        ("C:Europe/Paris", "Paris"), ("T:KR", "South Korea"), ("T:EU", "European Union")]
    assert keys("fr", "Ils se sont rencontrés à Paris avec la Corée du Sud et l'Union européenne.") == [
        ("C:Europe/Paris", "Paris"), ("T:KR", "Corée du Sud"), ("T:EU", "Union européenne")]
    assert keys("zh", "他们在巴黎会见了韩国和欧盟代表。") == [
        ("C:Europe/Paris", "巴黎"), ("T:KR", "韩国"), ("T:EU", "欧盟")]


def test_french_cities_keep_their_english_name_unless_cldr_gives_one():
    assert keys("fr", "à Madrid et à Londres") == [("C:Europe/Madrid", "Madrid"), ("C:Europe/London", "Londres")]


def test_common_words_and_parts_of_words_are_no_places():
    assert keys("en", "a turkey and a chad") == []  # Turkey and Chad are written with a capital
    assert keys("zh", "马里奥说，印度尼西亚很大。") == [("T:ID", "印度尼西亚")]  # not Mali, not India
    assert keys("en", "the world") == []


def test_a_language_answers_the_country_where_it_is_spoken():
    assert keys("fr", "le président français") == [("L:fr", "français")]
    assert keys("en", "the French President") == [("L:fr", "French")]
    assert answered("L:fr", ["T:FR"]) and answered("T:FR", ["L:fr"])
    assert not answered("T:FR", ["T:ES"])


def test_other_languages_have_no_places():
    assert places("de", "Paris") == ()


def test_chinese_one_character_abbreviations_mention_their_country():
    from align.lang.gazetteer import mentioned

    assert mentioned("T:CN", "zh", "中法两国元首") and mentioned("T:FR", "zh", "中法两国元首")
    assert mentioned("L:fr", "zh", "中法两国元首")  # French answers France
    assert mentioned("T:CN", "zh", "中方表示") and not mentioned("T:US", "zh", "中法两国元首")
    assert mentioned("T:CN", "zh", "法国总统访华期间")


def test_what_a_review_found():
    from align.lang.gazetteer import mentioned

    assert keys("en", "He went to İstanbul.") == []  # no KeyError on a letter whose lower case grows
    assert keys("en", "Voters in New Mexico met Michael Jordan and read China Daily") == []
    assert keys("en", "Oral vaccines work.") == []  # a sentence's first word may be any word
    assert keys("en", "Turkey and the Ivory Coast") == [("T:TR", "Turkey"), ("T:CI", "Ivory Coast")]
    assert keys("fr", "la Côte d'Ivoire, un malaise") == [("T:CI", "Côte d'Ivoire")]  # both apostrophes; no Malay
    assert not mentioned("T:CL", "en", "Children in Peru") and not mentioned("T:IN", "zh", "印度尼西亚")
    assert mentioned("T:US", "fr", "des chercheurs américains") and mentioned("T:JP", "fr", "les japonais")
    assert not mentioned("T:FR", "zh", "打击非法移民")
