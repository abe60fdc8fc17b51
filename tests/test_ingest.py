"""Ingest: the seed page becomes the reference statement, by general rules."""
from __future__ import annotations

import pytest

from align.errors import BadInputError
from align.ingest import (
    classify_line,
    find_mojibake,
    fullwidth_punctuation,
    ingest_file,
    ingest_text,
    is_pinyin_note,
    load_corrections,
    remove_pinyin_notes,
    LineKind,
)
from conftest import SEED, SEED_CORRECTIONS


def test_seed_with_corrections_reproduces_reference_text(reference_zh):
    clean = ingest_file(SEED, "zh", corrections_path=SEED_CORRECTIONS)
    assert clean.text.rstrip("\n") == reference_zh.rstrip("\n")
    assert clean.issues == ()
    assert clean.corrections_applied == 1


def test_corrections_file_beside_the_page_is_found_by_default(reference_zh):
    clean = ingest_file(SEED, "zh")
    assert clean.text.rstrip("\n") == reference_zh.rstrip("\n")


@pytest.mark.parametrize("furniture", [
    "首頁", "您當前的位置", "新聞中心", "2024-05-08", "來源", "来源", "编辑", "雷伟", "客户端",
    "微信", "微博", "抖音", "张家口", "版权", "转载", "0313-2051987", "中文字幕", "在线观看",
])
def test_page_furniture_is_gone(furniture):
    clean = ingest_file(SEED, "zh", corrections_path=SEED_CORRECTIONS)
    assert furniture not in clean.text


def test_duplicated_title_appears_once():
    clean = ingest_file(SEED, "zh", corrections_path=SEED_CORRECTIONS)
    title = "中华人民共和国和法兰西共和国关于人工智能和全球治理的联合声明"
    assert clean.text.count(title) == 1
    assert clean.text.startswith(title + "\n\n")


# A different site, different furniture: the rules are about what pages look like,
# not about the seed's wording.
OTHER_SITE = """\
網站首頁 | 國際 | 財經 | 體育 | 科技 | 娛樂
当前位置：首页 » 国际 » 正文
中欧关于气候变化的联合声明
发布时间：2023年12月01日 09:30 来源：本站综合 作者：王五
　　双方重申致力于落实《巴黎协定》，并加强在气候变化领域的合作。
　　双方同意于2024年举行新一轮对话,以推动可再生能源发展。
扫描二维码下载我们的APP
责任编辑：张三
Copyright © 2024 某某新闻网 All rights reserved. 未经授权禁止转载。
免费 电影 在线 观看,最新 影视 资源,高清 无码 视频 合集,成人 精品 专区 推荐
"""


def test_other_sites_furniture_is_removed_by_the_same_rules():
    clean = ingest_text(OTHER_SITE, "zh")
    assert clean.text == (
        "中欧关于气候变化的联合声明\n\n"
        "双方重申致力于落实《巴黎协定》，并加强在气候变化领域的合作。\n\n"
        "双方同意于2024年举行新一轮对话，以推动可再生能源发展。\n")


def test_spam_injected_inside_the_body_is_dropped_not_kept_as_text():
    page = OTHER_SITE.replace("扫描二维码下载我们的APP\n", "")
    lines = page.split("\n")
    lines.insert(5, "国产 欧美 日韩 在线,中文字幕av一区二区,社区在线观看,精品三区无码视频")
    clean = ingest_text("\n".join(lines), "zh")
    assert "在线观看" not in clean.text
    assert "双方重申" in clean.text
    assert "双方同意" in clean.text  # the statement goes on after the spam


def test_a_paragraph_about_copyright_does_not_cut_the_statement():
    page = OTHER_SITE.replace("扫描二维码下载我们的APP\n", "")
    lines = page.split("\n")
    lines.insert(5, "　　双方将加强知识产权和版权保护方面的合作，支持企业开发客户端应用。")
    clean = ingest_text("\n".join(lines), "zh")
    assert clean.text.count("\n\n") == 3  # title + three paragraphs
    assert "版权保护" in clean.text and "双方同意" in clean.text


FURNITURE = {LineKind.NAV, LineKind.META, LineKind.BOILERPLATE}


@pytest.mark.parametrize("line,kinds", [
    ("首頁 新聞中心 時政 獨家 教育", {LineKind.NAV}),
    ("您当前的位置:首页 > 新闻中心 > 即时新闻", FURNITURE),
    ("Accueil > International > Article", {LineKind.NAV}),
    ("2024-05-08 12:52:59  来源:新华网", {LineKind.META}),
    ("编辑:雷伟", {LineKind.META}),
    ("责任编辑：张三", {LineKind.BOILERPLATE}),
    ("扫一扫 关注我们", {LineKind.BOILERPLATE}),
    ("中华人民共和国和法兰西共和国关于人工智能和全球治理的联合声明", {LineKind.HEADING}),
    ("中法两国认识到人工智能在发展与创新中的关键作用，一致认为推动国际治理至关重要。", {LineKind.PROSE}),
    ("La Chine et la France reconnaissent le rôle essentiel de l'intelligence artificielle.",
     {LineKind.PROSE}),
    ("国产 欧美 日韩k频道 在线,中文字幕人妻av一区二区,91社区在线观看国产,精品动漫三区无码视频",
     {LineKind.SPAM}),
    ("加微信领取彩票福利", {LineKind.SPAM}),
    # a statement may speak of copyright or apps itself
    ("双方将加强知识产权和版权保护方面的合作，促进数字经济发展。", {LineKind.PROSE}),
    ("双方欢迎企业开发人工智能客户端应用，并加强监管合作。", {LineKind.PROSE}),
    ("本网其他转载稿件涉及版权等问题，请作者在一周内来电。", {LineKind.BOILERPLATE}),
    # a paragraph introducing a list, with several clauses, is not keyword stuffing
    ("为此，双方决定在以下领域加强合作，包括教育、科研、文化和卫生，具体措施如下：", {LineKind.PROSE}),
    ("双方回顾了合作成果。双方同意在以下领域加强合作，包括教育、科研、文化和卫生", {LineKind.HEADING}),
])
def test_line_classification(line, kinds):
    assert classify_line(line) in kinds


@pytest.mark.parametrize("raw,expected", [
    ("聯(lián)合聲明", "聯合聲明"),
    ("發(fā)展", "發展"),
    ("內(nèi)容", "內容"),
    ("調(diào)查", "調查"),  # a second reading of 調 (tiáo/diào)
    ("堅持“智能向善(AI for good)”", "堅持“智能向善(AI for good)”"),
    ("《人類與地球巴黎契約》(4P)", "《人類與地球巴黎契約》(4P)"),
    ("人工智能(ai)", "人工智能(ai)"),  # not a reading of 能, no tone mark: real text
    ("會議（huì）", "會議"),  # full-width brackets too
])
def test_pinyin_debris_is_removed_and_real_parentheses_survive(raw, expected):
    assert remove_pinyin_notes(raw) == expected


def test_pinyin_note_needs_a_reading_of_the_character_or_a_tone_mark():
    assert is_pinyin_note("聯", "lián")
    assert is_pinyin_note("聯", "lian")  # toneless but a reading of 聯
    assert not is_pinyin_note("善", "good")
    assert is_pinyin_note("𠀀", "qiū")  # CJK Extension B: well-formed marked syllable


def test_lost_fullwidth_spaces_are_removed(seed_page):
    assert "??應法蘭西" in seed_page
    clean = ingest_file(SEED, "zh", corrections_path=SEED_CORRECTIONS)
    assert "?" not in clean.text
    assert "\n应法兰西共和国总统" in clean.text


@pytest.mark.parametrize("raw,expected", [
    ("邀请,中华人民共和国", "邀请，中华人民共和国"),
    ("如下:第一", "如下：第一"),
    ("合作;发展", "合作；发展"),
    ("12:52:59", "12:52:59"),
    ("1,000 people", "1,000 people"),
    ("(AI for good, and safe)", "(AI for good, and safe)"),
    ("2023年,2024年", "2023年，2024年"),
])
def test_ascii_punctuation_becomes_fullwidth_only_beside_chinese(raw, expected):
    assert fullwidth_punctuation(raw) == expected


def test_traditional_script_becomes_simplified_by_opencc():
    page = "國際關係與發展中國家的數字鴻溝問題值得認真研究和討論。\n"
    assert ingest_text(page, "zh").text == "国际关系与发展中国家的数字鸿沟问题值得认真研究和讨论。\n"


def test_mojibake_without_fix_is_kept_and_reported_with_line_and_column():
    clean = ingest_file(SEED, "zh", use_corrections=False)
    assert len(clean.issues) == 1
    issue = clean.issues[0]
    assert issue.kind == "mojibake"
    assert (issue.line, issue.column) == (16, 109)
    assert issue.text == "?shù)膰\ue27eH"
    assert "line 16, column 109" in issue.message and "\\ue27e" in issue.message
    assert "适当?shù)膰\ue27eH治理" in clean.text  # written as found: never a silent guess


def test_mojibake_detection_ignores_sound_text_and_markers():
    assert find_mojibake("推动适当的国际治理至关重要。") == []
    assert find_mojibake("堅持“智能向善(AI for good)”的宗旨") == []
    assert find_mojibake("聯(lián)合聲明") == []
    assert find_mojibake("UNESCO 与 AI 治理") == []


def test_mojibake_detection_finds_replacement_and_private_use_characters():
    assert find_mojibake("国际\ufffd\ufffd合作") == [(2, 4)]
    line = "安全与稳定\ue000以及"
    assert [line[s:e] for s, e in find_mojibake(line)] == ["\ue000"]
    assert find_mojibake("DÃ©claration conjointe") == [(1, 3)]


def test_unused_correction_is_reported(tmp_path):
    fixes = tmp_path / "fixes.tsv"
    fixes.write_text("不存在的文字\t别的\treason\n", encoding="utf-8")
    clean = ingest_file(SEED, "zh", corrections_path=fixes)
    kinds = sorted(i.kind for i in clean.issues)
    assert kinds == ["mojibake", "unused-correction"]


def test_corrections_file_spells_invisible_characters_as_escapes(tmp_path):
    fixes = tmp_path / "fixes.tsv"
    fixes.write_text("# comment\n?shù)膰\\ue27eH\t的國際\tarticle 1\n", encoding="utf-8")
    (correction,) = load_corrections(fixes)
    assert correction.raw == "?shù)膰\ue27eH" and correction.fixed == "的國際"


def test_malformed_corrections_file_names_the_line(tmp_path):
    fixes = tmp_path / "fixes.tsv"
    fixes.write_text("# ok\nno tab here\n", encoding="utf-8")
    with pytest.raises(BadInputError, match=r"fixes.tsv:2"):
        load_corrections(fixes)


def test_html_page_gives_the_same_statement(seed_page, reference_zh, tmp_path):
    from html import escape

    body = [line.strip() for line in seed_page.replace("?shù)膰\ue27eH", "的國際").split("\n")]
    paragraphs = "".join(f"<p>{escape(line)}</p>\n" for line in body[8:35] if line)
    html = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>聯合聲明 - 新聞網</title>"
        "<style>p{color:red}</style><script>var nav='首頁';</script></head><body>"
        f"<nav><a href='/'>首頁</a> <a>新聞中心</a></nav><div class='article'>"
        f"<h1>{escape(body[3])}</h1><div class='info'>2024-05-08 12:52:59 來源:新華網</div>"
        f"{paragraphs}</div><footer><p>版權所有 © 新聞網 未經授權不得轉載。</p></footer></body></html>")
    page = tmp_path / "page.html"
    page.write_text(html, encoding="utf-8")
    clean = ingest_file(page, "zh")
    assert clean.text.rstrip("\n") == reference_zh.rstrip("\n")


@pytest.mark.parametrize("encoding", ["gb18030", "big5", "utf-8-sig"])
def test_legacy_chinese_encodings_are_detected(tmp_path, encoding):
    text = "國際合作非常重要，我們應當共同推動人工智能的全球治理與發展。\n"
    page = tmp_path / "page.txt"
    page.write_bytes(text.encode(encoding))
    assert ingest_file(page, "zh").text == "国际合作非常重要，我们应当共同推动人工智能的全球治理与发展。\n"


def test_french_page_passed_as_chinese_is_refused(tmp_path):
    page = tmp_path / "fr.txt"
    page.write_text("La Chine et la France reconnaissent le rôle essentiel de l'intelligence "
                    "artificielle pour le développement et l'innovation.\n", encoding="utf-8")
    with pytest.raises(BadInputError, match="given as Chinese.*looks French"):
        ingest_file(page, "zh")


def test_page_without_any_sentence_is_refused():
    with pytest.raises(BadInputError, match="no statement text"):
        ingest_text("首页 新闻 国际 财经 体育\n编辑：张三\n", "zh")


@pytest.mark.parametrize("lang, page, title, first", [
    ("fr", """<!DOCTYPE html><html><head><title>Communiqué</title></head><body>
<nav><a href="/">Accueil</a> | <a href="/presse">Presse</a></nav>
<h1>Déclaration conjointe entre la Chine et la France sur l'intelligence artificielle</h1>
<p>Publié le 6 mai 2024</p>
<p>Les deux chefs d'État réaffirment leur engagement commun à approfondir la coopération dans ce domaine.</p>
<p>Ils conviennent de promouvoir le développement et la sécurité de l'intelligence artificielle.</p>
<footer>© 2024 Ministère — Mentions légales</footer></body></html>""",
     "Déclaration conjointe entre la Chine et la France sur l'intelligence artificielle",
     "Les deux chefs d'État réaffirment leur engagement commun à approfondir la coopération dans ce domaine."),
    ("en", """<html><head><title>Press release | Ministry</title></head><body>
<div class="menu">Home | News | Press | Contact</div>
<h1>Joint Statement on Artificial Intelligence and Global Governance</h1>
<div class="dateline">May 6, 2024</div>
<p>The two Heads of State reaffirm their shared commitment to deepening cooperation in this field.</p>
<p>They agree to promote the development and safety of artificial intelligence in every country.</p>
</body></html>""",
     "Joint Statement on Artificial Intelligence and Global Governance",
     "The two Heads of State reaffirm their shared commitment to deepening cooperation in this field."),
])
def test_a_french_or_english_page_keeps_its_h1_as_title_and_drops_menus_and_datelines(lang, page, title, first):
    from align.ingest import ingest_text

    lines = [line for line in ingest_text(page, lang).text.splitlines() if line.strip()]
    assert lines[:2] == [title, first]
    assert not any(word in " ".join(lines) for word in ("Communiqué", "Accueil", "Press release", "Home", "2024"))


def test_ingest_says_what_it_kept_and_what_it_left_out():
    from align.ingest import ingest_text

    page = """<html><body><div>首页 新闻 图片 视频 专题</div><h1>中法联合声明</h1><p>2024-05-07 10:00 来源：新华社</p>
<p>两国元首重申共同致力于深化合作，推动双边关系发展。</p><p>双方同意加强对话，共同应对全球挑战。</p>
<p>版权所有 © 新华网 转载请注明出处</p></body></html>"""
    clean = ingest_text(page, "zh")
    assert clean.summary.startswith("kept the title and 2 paragraph(s); left out 3 line(s):")
    assert "boilerplate" in clean.summary and "dateline" in clean.summary  # the menu reads as site furniture
