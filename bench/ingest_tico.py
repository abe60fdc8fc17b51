#!/usr/bin/env python3
"""Ingest on pages it has never seen: TICO-19's Chinese documents dressed as scraped news pages.

    python bench/ingest_tico.py [--shared ../shared] [--spam 0.1] [--seed 7] [--show]

The seed page pins ingest exactly, but it is one page.  Here every TICO-19 zh document
(CC0; medical papers, Wikipedia, news) becomes a page the way the seed's site makes them,
with a seeded RNG: a menu and a breadcrumb, the title twice around a dateline, paragraphs of
three units indented and prefixed with the lost full-width spaces ``??``, Traditional script
from OpenCC, pinyin notes after 30 % of the characters that the conversion changed
(``聯(lián)``), a footer (copyright, QR code, editor, app) and, with probability ``--spam``
after each paragraph, a line of injected spam.  ``ingest_text`` must give back the title
and every paragraph (compared after the same Simplified → Traditional → Simplified round
trip, so OpenCC's own ambiguities do not count) and nothing else.

Some units are themselves headings or transcript lines without a full stop; a paragraph
ending in one is not a sentence and may legitimately be taken for furniture, so recall
below 1.0 is expected.
"""
from __future__ import annotations

import argparse
import random


from data import shared_dir, tico_documents  # noqa: E402  (sets up the path)

MENUS = ("首页 新闻 国际 财经 体育 科技 娱乐 视频 图片 专题", "首页 要闻 社会 健康 教育 汽车 房产 旅游")
FOOTER = ("版权所有 © 2020 某某网 未经授权禁止转载", "扫一扫关注官方微信公众号", "责任编辑：王小明",
          "点击下载客户端，看更多新闻", "上一篇：疫情最新通报 下一篇：专家解读")
SPAM = ("澳门博彩 在线观看 一区二区", "加微信领取彩票福利", "国产 精品 在线,中文字幕一区二区,社区在线观看,无码视频")


def make_page(units: list[str], rng: random.Random, spam: float, s2t) -> tuple[str, list[str]]:
    """The page, and the paragraphs (title first) that ingest should return, in Simplified."""
    from pypinyin import Style, pinyin

    title = units[0].rstrip("。.")
    paragraphs = ["".join(units[i:i + 3]) for i in range(1, len(units), 3)]
    lines = [rng.choice(MENUS), "    您当前的位置：首页 > 新闻中心 > 正文", "", "    " + title, "",
             f"    2020-03-{rng.randint(10, 28)} 08:{rng.randint(10, 59)}:22  来源：新华网", "",
             "    " + title, ""]
    for paragraph in paragraphs:
        lines += ["    ??" + paragraph, ""]
        if rng.random() < spam:
            lines += ["    " + rng.choice(SPAM), ""]
    lines += ["    " + line for line in rng.sample(FOOTER, 3)]

    def convert(line: str) -> str:
        traditional = s2t.convert(line)  # whole lines: OpenCC converts phrases, not characters
        if len(traditional) != len(line):
            return traditional
        out = []
        for simplified, ch in zip(line, traditional):
            out.append(ch)
            if ch != simplified and rng.random() < 0.3:
                out.append(f"({pinyin(ch, style=Style.TONE)[0][0]})")
        return "".join(out)

    return "\n".join(convert(line) for line in lines), [title] + paragraphs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared")
    parser.add_argument("--spam", type=float, default=0.1, help="chance of a spam line after each paragraph")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show", action="store_true", help="list what was lost or leaked")
    args = parser.parse_args()
    import opencc

    from align.errors import BadInputError
    from align.ingest import fullwidth_punctuation, ingest_text

    s2t, t2s = opencc.OpenCC("s2t"), opencc.OpenCC("t2s")
    documents = {name: [unit["zh"].strip() for unit in units]
                 for name, units in tico_documents(shared_dir(args.shared), complete=False).items()}
    rng = random.Random(args.seed)
    expected_total = found_total = leaked_total = refused = 0
    for name, units in sorted(documents.items()):
        page, expected = make_page(units, rng, args.spam, s2t)
        expected = [fullwidth_punctuation(t2s.convert(s2t.convert(p))) for p in expected]
        try:
            got = [p.strip() for p in ingest_text(page, "zh", name=name).text.split("\n\n") if p.strip()]
        except BadInputError as exc:
            got, refused = [], refused + 1
            print(f"{name}: refused: {exc}")
        found = [p for p in expected if p in set(got)]
        leaked = [p for p in got if p not in set(expected)]
        expected_total += len(expected)
        found_total += len(found)
        leaked_total += len(leaked)
        if args.show and (len(found) < len(expected) or leaked):
            print(f"{name}: {len(found)}/{len(expected)} paragraphs")
            for p in expected:
                if p not in found:
                    print(f"    lost   {p[:70]}")
            for p in leaked:
                print(f"    leaked {p[:70]}")
    print(f"TICO-19 as scraped pages: {len(documents)} pages, spam {args.spam}, seed {args.seed}")
    print(f"paragraphs recovered verbatim {found_total}/{expected_total} = {found_total / expected_total:.3f}; "
          f"furniture or damaged text kept: {leaked_total}; pages refused: {refused}")


if __name__ == "__main__":
    main()
