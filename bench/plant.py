"""Planted edits: one version of one unit changed the way a careless or tendentious translator would.

    from plant import plant, KINDS
    edited = plant(text, lang, kind, rng, family="train", donors=[...])  # None: no place for it

Two families of edits, so that what the divergence model learns can be measured on edits it
never saw made: ``train`` and ``eval`` use different word lists, different positions and
different ways of adding or dropping a clause (eval adds clauses joined otherwise, swaps
other words, changes numbers by other amounts).  Neither appends a stock phrase: an added
clause is a clause of another document of the same language (``donors``).

Kinds (issue 13): number, date, name (entity substitution), negation (added or removed),
modality, contrary, degree, quantifier, clause omission, clause addition, sentence addition
(another sentence merged into the unit), sentence omission (the version loses the unit's text),
unit (of measurement or currency).
"""
from __future__ import annotations

import random
import re

KINDS = ("number", "date", "name", "negation", "modality", "contrary", "degree", "quantifier",
         "omission", "addition", "sentence-addition", "sentence-omission", "unit")

_NUMBER = re.compile(r"(?<![\w.,-])(\d{1,4})(?![\d])")
_ZH_DIGITS = "一二三四五六七八九"


def _number(text, lang, rng, family):
    found = list(_NUMBER.finditer(text))
    if lang == "zh":
        found += [m for m in re.finditer(f"[{_ZH_DIGITS}](?=[个名项年月日天人次%％倍万亿千百十])", text)]
    if not found:
        return None
    m = rng.choice(found)
    old = m.group(0)
    if old in _ZH_DIGITS:
        k = _ZH_DIGITS.index(old)
        new = _ZH_DIGITS[(k + (1 if family == "train" else 2)) % 9]
    else:
        value = int(old)
        if family == "train":
            new = str(value + rng.choice((1, 2, 3)) if value < 1000 else value + 1)
        else:
            new = str(max(0, value - 1) if value > 1 and rng.random() < 0.5 else value * 10)
            if new == old:
                new = str(value + 5)
    return text[:m.start()] + new + text[m.end():]


_MONTHS = {
    "en": "January February March April May June July August September October November December".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
}
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


def _date(text, lang, rng, family):
    shift = 1 if family == "train" else -2
    if lang == "zh":
        months = list(re.finditer(r"(?<![\d一二三四五六七八九十])(\d{1,2}|[一二三四五六七八九十]{1,2})月", text))
        if months:
            m = rng.choice(months)
            old = m.group(1)
            if old.isdigit():
                new = str((int(old) - 1 + shift) % 12 + 1)
            else:
                names = "一 二 三 四 五 六 七 八 九 十 十一 十二".split()
                if old not in names:
                    return None
                new = names[(names.index(old) + shift) % 12]
            return text[:m.start(1)] + new + text[m.end(1):]
    else:
        names = [n for n in _MONTHS[lang] if re.search(rf"\b{n}\b", text, re.IGNORECASE)]
        if names:
            old = rng.choice(names)
            new = _MONTHS[lang][(_MONTHS[lang].index(old) + shift) % 12]
            return re.sub(rf"\b{old}\b", new, text, count=1, flags=re.IGNORECASE)
    years = list(_YEAR.finditer(text))
    if not years:
        return None
    m = rng.choice(years)
    delta = 1 if family == "train" else rng.choice((-3, 10))
    return text[:m.start()] + str(int(m.group()) + delta) + text[m.end():]


# Entities: (en, fr, zh) triples; each family swaps within its own half.
_ENTITIES = {
    "train": [("Italy", "Italie", "意大利"), ("Spain", "Espagne", "西班牙"), ("Germany", "Allemagne", "德国"),
              ("Japan", "Japon", "日本"), ("India", "Inde", "印度"), ("Brazil", "Brésil", "巴西"),
              ("London", "Londres", "伦敦"), ("Paris", "Paris", "巴黎"), ("Europe", "Europe", "欧洲"),
              ("Africa", "Afrique", "非洲"), ("Canada", "Canada", "加拿大"), ("Russia", "Russie", "俄罗斯")],
    "eval": [("China", "Chine", "中国"), ("France", "France", "法国"), ("Iran", "Iran", "伊朗"),
             ("Korea", "Corée", "韩国"), ("United States", "États-Unis", "美国"), ("Mexico", "Mexique", "墨西哥"),
             ("Beijing", "Pékin", "北京"), ("Asia", "Asie", "亚洲"), ("Australia", "Australie", "澳大利亚"),
             ("Egypt", "Égypte", "埃及"), ("Wuhan", "Wuhan", "武汉"), ("Singapore", "Singapour", "新加坡")],
}
_LANG_INDEX = {"en": 0, "fr": 1, "zh": 2}
_CAPITAL = re.compile(r"(?<=[a-zà-ÿ,;] )([A-Z][a-zà-ÿ]{3,})\b")


def _name(text, lang, rng, family, donors):
    own = _ENTITIES[family]
    here = [e[_LANG_INDEX[lang]] for e in own if _contains(text, e[_LANG_INDEX[lang]], lang)]
    if here:
        old = rng.choice(here)
        new = rng.choice([f for f in (e[_LANG_INDEX[lang]] for e in own) if f != old])
        return text.replace(old, new, 1)
    if family == "train":
        # an acronym, or (Chinese) a word jieba tags as a name, swapped for one of another document
        if lang == "zh":
            from align.lang.words import tokenize

            def names(t):
                return [(x.start, x.end, x.text) for x in tokenize("zh", t) if x.tag in ("nr", "ns", "nt", "nrt")]
        else:
            def names(t):
                return [(m.start(), m.end(), m.group()) for m in re.finditer(r"\b[A-Z]{2,6}\b", t)]
        mine = names(text)
        if mine:
            theirs = sorted({n for d in rng.sample(donors, min(40, len(donors))) for _, _, n in names(d)}
                            - {n for _, _, n in mine})
            if theirs:
                start, end, _ = rng.choice(mine)
                return text[:start] + rng.choice(theirs) + text[end:]
    if family == "eval" and lang != "zh":
        # a person's or place's name swapped for a capitalised name from another document
        mine = list(_CAPITAL.finditer(text))
        theirs = sorted({m.group(1) for d in donors for m in _CAPITAL.finditer(d)} - {m.group(1) for m in mine})
        if mine and theirs:
            m = rng.choice(mine)
            return text[:m.start(1)] + rng.choice(theirs) + text[m.end(1):]
    return None


def _contains(text, form, lang):
    if lang == "zh":
        return form in text
    return re.search(rf"\b{re.escape(form)}\b", text) is not None


# (pattern, replacement) per language and family; the first that applies at a random place.
_SWAPS = {
    "negation": {
        "train": {
            "en": [(r"\bis\b", "is not"), (r"\bcan\b", "cannot"), (r"\bare\b", "are not"), (r"\bnot ", "")],
            "fr": [(r"\best\b", "n'est pas"), (r"\bpeut\b", "ne peut pas"), (r"\bsont\b", "ne sont pas"),
                   (r"\bne (\w+) pas\b", r"\1"), (r"\bn'(\w+) pas\b", r"\1")],
            "zh": [("是", "不是"), ("可以", "不可以"), ("会", "不会"), ("不", "")],
        },
        "eval": {
            "en": [(r"\bhas\b", "has not"), (r"\bwill\b", "will not"), (r"\bwas\b", "was never"),
                   (r"\bdoes not\b", "does"), (r"\bno longer\b", "still"), (r"\bwere\b", "were not")],
            "fr": [(r"\ba\b", "n'a pas"), (r"\bétait\b", "n'était jamais"), (r"\bont\b", "n'ont pas"),
                   (r"\bne (\w+) plus\b", r"\1 toujours"), (r"\bsans\b", "avec")],
            "zh": [("有", "没有"), ("能", "不能"), ("已经", "从未"), ("没有", "有"), ("无法", "可以"),
                   ("应", "不应")],
        },
    },
    "modality": {
        "train": {
            "en": [(r"\bmust\b", "may"), (r"\bwill\b", "might"), (r"\bshould\b", "could"), (r"\bis\b", "may be"),
                   (r"\bcan\b", "must")],
            "fr": [(r"\bdoit\b", "peut"), (r"\bdoivent\b", "peuvent"), (r"\best\b", "pourrait être"),
                   (r"\bpeut\b", "doit")],
            "zh": [("必须", "可以"), ("应该", "可能"), ("将", "可能"), ("可以", "必须"), ("是", "可能是")],
        },
        "eval": {
            "en": [(r"\bmay\b", "must"), (r"\bmight\b", "will"), (r"\bcould\b", "should"), (r"\bare\b", "might be"),
                   (r"\bwas\b", "was probably"), (r"\bhas\b", "may have")],
            "fr": [(r"\bpeuvent\b", "doivent"), (r"\bsont\b", "seraient"), (r"\ba\b", "aurait"),
                   (r"\bdevrait\b", "pourrait"), (r"\bsera\b", "pourrait être")],
            "zh": [("可能", "必然"), ("应当", "不妨"), ("需要", "可以"), ("会", "或许会"), ("能", "必须")],
        },
    },
    "contrary": {
        "train": {
            "en": [(r"\bincrease\b", "decrease"), (r"\bhigh\b", "low"), (r"\bmore\b", "less"),
                   (r"\blarge\b", "small"), (r"\bbefore\b", "after"), (r"\bpositive\b", "negative")],
            "fr": [(r"\baugmentation\b", "diminution"), (r"\bélevé\b", "faible"), (r"\bplus\b", "moins"),
                   (r"\bgrand\b", "petit"), (r"\bavant\b", "après"), (r"\bpositif\b", "négatif")],
            "zh": [("增加", "减少"), ("高", "低"), ("更多", "更少"), ("大", "小"), ("之前", "之后"), ("积极", "消极")],
        },
        "eval": {
            "en": [(r"\brise\b", "fall"), (r"\bstrong\b", "weak"), (r"\bearly\b", "late"), (r"\bsafe\b", "dangerous"),
                   (r"\bsupport\b", "oppose"), (r"\bimproved?\b", "worsened"), (r"\bfirst\b", "last"),
                   (r"\bcommon\b", "rare"), (r"\bmild\b", "severe")],
            "fr": [(r"\bhausse\b", "baisse"), (r"\bfort\b", "faible"), (r"\btôt\b", "tard"), (r"\bsûr\b", "dangereux"),
                   (r"\bsoutenir\b", "combattre"), (r"\bpremier\b", "dernier"), (r"\bfréquent\b", "rare"),
                   (r"\bbénins?\b", "graves")],
            "zh": [("上升", "下降"), ("强", "弱"), ("早", "晚"), ("安全", "危险"), ("支持", "反对"), ("改善", "恶化"),
                   ("首次", "最后一次"), ("常见", "罕见"), ("轻", "重")],
        },
    },
    "degree": {
        "train": {
            "en": [(r"\bvery\b", "slightly"), (r"\bsignificantly\b", "somewhat"), (r"\bis\b", "is very"),
                   (r"\bslightly\b", "greatly")],
            "fr": [(r"\btrès\b", "légèrement"), (r"\bfortement\b", "un peu"), (r"\best\b", "est très")],
            "zh": [("非常", "略微"), ("大幅", "稍微"), ("很", "有点")],
        },
        "eval": {
            "en": [(r"\bhighly\b", "mildly"), (r"\bmajor\b", "minor"), (r"\bwas\b", "was extremely"),
                   (r"\bgreatly\b", "marginally"), (r"\bimportant\b", "somewhat important")],
            "fr": [(r"\bconsidérablement\b", "légèrement"), (r"\bmajeur\b", "mineur"),
                   (r"\bétait\b", "était extrêmement"), (r"\bimportant\b", "assez important")],
            "zh": [("显著", "略有"), ("重大", "轻微"), ("极", "稍"), ("重要", "比较重要"), ("严重", "略微")],
        },
    },
    "quantifier": {
        "train": {
            "en": [(r"\ball\b", "some"), (r"\bmost\b", "few"), (r"\bevery\b", "some"), (r"\bsome\b", "all")],
            "fr": [(r"\btous\b", "certains"), (r"\btoutes\b", "certaines"), (r"\bla plupart\b", "une minorité"),
                   (r"\bchaque\b", "quelques")],
            "zh": [("所有", "部分"), ("大多数", "少数"), ("每个", "一些"), ("一些", "所有")],
        },
        "eval": {
            "en": [(r"\bmany\b", "a few"), (r"\beach\b", "one"), (r"\bseveral\b", "all the"), (r"\bthe\b", "some of the"),
                   (r"\bmajority\b", "minority")],
            "fr": [(r"\bplusieurs\b", "tous les"), (r"\bnombreux\b", "rares"), (r"\bles\b", "certains des"),
                   (r"\bmajorité\b", "minorité")],
            "zh": [("许多", "个别"), ("各", "某些"), ("全部", "部分"), ("多数", "少数"), ("都", "有的")],
        },
    },
    "unit": {
        "train": {
            "en": [(r"\bkilometres?\b|\bkm\b", "miles"), (r"\bdollars?\b", "euros"), (r"\bpercent\b|%", " per thousand"),
                   (r"\bdays?\b", "weeks"), (r"\bhours?\b", "minutes")],
            "fr": [(r"\bkilomètres?\b|\bkm\b", "milles"), (r"\bdollars?\b", "euros"), (r"\bjours?\b", "semaines"),
                   (r"\bheures?\b", "minutes")],
            "zh": [("公里", "英里"), ("美元", "欧元"), ("天", "周"), ("小时", "分钟")],
        },
        "eval": {
            "en": [(r"\bmetres?\b|\bmeters?\b", "feet"), (r"\beuros?\b", "dollars"), (r"\bweeks?\b", "months"),
                   (r"\byears?\b", "decades"), (r"\bminutes?\b", "seconds"), (r"\bmillion\b", "billion")],
            "fr": [(r"\bmètres?\b", "pieds"), (r"\beuros?\b", "dollars"), (r"\bsemaines?\b", "mois"),
                   (r"\bans\b", "décennies"), (r"\bminutes?\b", "secondes"), (r"\bmillions?\b", "milliards")],
            "zh": [("米", "英尺"), ("欧元", "美元"), ("周", "个月"), ("分钟", "秒"), ("万", "亿"), ("公斤", "磅")],
        },
    },
}


def _zh_boundaries(text):
    from align.lang.words import tokenize

    cuts = set()
    for tok in tokenize("zh", text):
        cuts.update((tok.start, tok.end))
    return cuts


def _swap(text, lang, rng, table):
    options = []
    cuts = _zh_boundaries(text) if lang == "zh" else set()
    for pattern, repl in table:
        if lang == "zh":  # whole words only: 会 in 学会 is no modal
            options += [(m.start(), m.end(), repl) for m in re.finditer(re.escape(pattern), text)
                        if m.start() in cuts and m.end() in cuts]
        else:
            options += [(m.start(), m.end(), m.expand(repl)) for m in re.finditer(pattern, text)
                        if not text[m.end():].lstrip().lower().startswith(("not ", "pas "))]
    if not options:
        return None
    start, end, new = rng.choice(options)
    old = text[start:end]
    if old[:1].isupper() and new:
        new = new[0].upper() + new[1:]
    return text[:start] + new + text[end:]


_CLAUSE = {"zh": "，", "fr": ", ", "en": ", "}


def _clauses(text, lang):
    sep = _CLAUSE[lang]
    return text.split(sep), sep


def _omission(text, lang, rng, family):
    parts, sep = _clauses(text, lang)
    size = (lambda p: len(p)) if lang == "zh" else (lambda p: len(p.split()))
    least = 6 if lang == "zh" else 3
    if family == "train":
        places = [i for i in range(1, len(parts) - 1) if size(parts[i]) >= least]
        if not places:
            return None
        i = rng.choice(places)
        return sep.join(parts[:i] + parts[i + 1:])
    # eval: drop the last clause (keeping the final stop) or a list item "A, B and C"
    if len(parts) >= 2 and size(parts[-1]) >= least:
        end = "。" if lang == "zh" else "."
        return sep.join(parts[:-1]).rstrip("，,;；") + end
    items = re.search(r", ([^,]+?),? (and|et) ", text) if lang != "zh" else re.search(r"、([^、，。]+)和", text)
    if items:
        return text[:items.start()] + text[items.end(1):]
    return None


def _donor_clause(donors, lang, rng, least):
    for _ in range(20):
        donor = rng.choice(donors)
        parts, _ = _clauses(donor.rstrip("。.!?！？"), lang)
        good = [p.strip() for p in parts[1:] if (len(p) if lang == "zh" else len(p.split())) >= least]
        if good:
            return rng.choice(good)
    return None


def _addition(text, lang, rng, family, donors):
    least = 6 if lang == "zh" else 4
    clause = _donor_clause(donors, lang, rng, least)
    if not clause:
        return None
    parts, sep = _clauses(text, lang)
    if family == "train":
        if len(parts) < 2:
            body = text.rstrip("。.!?！？")
            end = text[len(body):] or ("。" if lang == "zh" else ".")
            return body + sep + clause + end
        i = rng.randrange(1, len(parts))
        return sep.join(parts[:i] + [clause] + parts[i:])
    body = text.rstrip("。.!?！？")
    end = text[len(body):] or ("。" if lang == "zh" else ".")
    joiner = {"zh": "，并且", "fr": rng.choice([" ; ", ", et ", " — "]), "en": rng.choice(["; ", ", and ", " — "])}[lang]
    return body + joiner + clause + end


def _sentence_addition(text, lang, rng, family, donors):
    donor = rng.choice(donors)
    if donor == text or len(donor) < 10:
        return None
    join = "" if lang == "zh" else " "
    return text + join + donor if family == "train" else donor + join + text


def plant(text: str, lang: str, kind: str, rng: random.Random, family: str = "train",
          donors: list[str] | None = None) -> str | None:
    """``text`` with one edit of ``kind``; None when the sentence offers no place for it.
    ``sentence-omission`` returns the empty string."""
    donors = donors or []
    if kind == "number":
        return _number(text, lang, rng, family)
    if kind == "date":
        return _date(text, lang, rng, family)
    if kind == "name":
        return _name(text, lang, rng, family, donors)
    if kind in _SWAPS:
        return _swap(text, lang, rng, _SWAPS[kind][family][lang])
    if kind == "omission":
        return _omission(text, lang, rng, family)
    if kind == "addition":
        return _addition(text, lang, rng, family, donors) if donors else None
    if kind == "sentence-addition":
        return _sentence_addition(text, lang, rng, family, donors) if donors else None
    if kind == "sentence-omission":
        return ""
    raise ValueError(kind)
