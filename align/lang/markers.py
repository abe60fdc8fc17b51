"""Closed-class meaning markers: modality, quantifiers, degree, and the direction of scale words.

A translator may reword a sentence freely, but a reader takes away a different commitment
when *must* becomes *may*, *all* becomes *some*, *sharply* becomes *slightly* or *increase*
becomes *decrease*.  These words are closed (or nearly closed) classes in each language, so
each category is a short list of lemmas (French and English, compared through simplemma's
lemma) or jieba words (Chinese), plus a few phrases.  Nothing here decides that two versions
diverge: :func:`marker_profile` says which categories a text expresses, and the checks compare
profiles across versions (a category present in two versions and absent from the third is
evidence, weighed by the divergence model).

French verb mood is read from the form: a conditional (*pourrait*, *serait*) or a future
(*sera*, *devra*) of a verb whose lemma simplemma knows.  The journalistic conditional
(*le suspect aurait fui*: reportedly) is the ``hearsay`` category, with *reportedly*,
*allegedly*, 据报道, 据称.

Lists, not a wordnet: no wordnet with Chinese and French ships its data inside a PyPI wheel
(``wn`` and NLTK download theirs at run time), and these classes are small.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from .words import Token

# category -> language -> lemmas (zh: jieba words).  Lemmas, so "must" covers nothing else
# and "pouvoir" covers peut / peuvent / pourra (the mood of a French verb is read apart).
_WORDS: Mapping[str, Mapping[str, frozenset[str]]] = {
    "obligation": {
        "en": frozenset("must shall should ought obliged obligatory mandatory required compulsory "
                        "imperative".split()),
        "fr": frozenset("devoir falloir obligatoire obligé impératif impérativement "
                        "nécessairement".split()),
        "zh": frozenset("必须 应 应当 应该 须 务必 必需 理应 需 需要 有义务 强制".split()),
    },
    "possibility": {
        "en": frozenset("may might could can possibly perhaps maybe possible potentially likely "
                        "unlikely probably".split()),
        "fr": frozenset("pouvoir peut-être possible possiblement éventuellement susceptible "
                        "probablement vraisemblablement probable".split()),
        "zh": frozenset("可能 可以 能 能够 也许 或许 或可 有望 可望 大概 恐怕 兴许 可".split()),
    },
    "certainty": {
        "en": frozenset("certainly surely definitely undoubtedly inevitably necessarily "
                        "certain sure".split()),
        "fr": frozenset("certainement sûrement assurément indubitablement inévitablement "
                        "forcément certain".split()),
        "zh": frozenset("一定 肯定 必然 必将 必定 势必 无疑 注定 确定".split()),
    },
    "prediction": {
        "en": frozenset("will shall".split()),
        "fr": frozenset(),  # the future tense, read from the verb form
        "zh": frozenset("将 将会 会 将要 即将".split()),
    },
    "hearsay": {
        "en": frozenset("reportedly allegedly supposedly purportedly apparently".split()),
        "fr": frozenset("prétendument apparemment".split()),  # and the conditional of a verb
        "zh": frozenset("据报道 据称 据悉 据说 据传 传闻 疑似 据信".split()),
    },
    "universal": {
        "en": frozenset("all every each entire whole always everyone everything everybody "
                        "everywhere".split()),
        "fr": frozenset("tout tous toute toutes chaque entier entière ensemble toujours "
                        "chacun chacune".split()),
        "zh": frozenset("所有 一切 全部 全体 每 每个 每一 各 各个 各国 全 凡是 总是 始终 一律 均 都".split()),
    },
    "partial": {
        "en": frozenset("some several certain various partly partially sometimes "
                        "occasionally".split()),  # "few" alone is paucal, "a few" partial; "take part" none
        "fr": frozenset("quelque quelques certains certaines plusieurs divers diverses "
                        "partiellement parfois".split()),
        "zh": frozenset("一些 部分 某些 若干 有些 一部分 少数 有时 个别 几".split()),
    },
    "majority": {
        "en": frozenset("most majority mostly largely mainly".split()),
        "fr": frozenset("plupart majorité majoritairement essentiellement principalement".split()),
        "zh": frozenset("大多数 多数 大部分 大多 主要 绝大多数".split()),
    },
    "multal": {
        "en": frozenset("many numerous multiple countless lots plenty".split()),
        "fr": frozenset("nombreux nombreuses beaucoup multiples maints innombrables".split()),
        "zh": frozenset("许多 很多 众多 大量 诸多 不少 多个 无数".split()),
    },
    "paucal": {
        "en": frozenset("few rarely seldom hardly scarcely".split()),
        "fr": frozenset("rares rarement guère".split()),
        "zh": frozenset("很少 极少 少有 鲜有 寥寥 极个别".split()),
    },
    "intensifier": {
        "en": frozenset("very highly greatly strongly significantly considerably substantially "
                        "sharply deeply extremely dramatically vastly major crucial vital "
                        "fundamental sharp steep dramatic drastic massive huge profound "
                        "tremendous enormous".split()),
        "fr": frozenset("très fortement considérablement largement profondément extrêmement "
                        "nettement sensiblement significativement majeur crucial vital "
                        "fondamental fort brutal brusque spectaculaire énorme considérable "
                        "profond".split()),
        "zh": frozenset("非常 很 极 极其 极为 大幅 显著 大大 深刻 深入 高度 十分 尤其 重大 "
                        "至关重要 根本 大力 全力 强烈 急剧 剧烈 大幅度 迅猛 猛烈 巨大 极大 "
                        "急速".split()),
    },
    "diminisher": {
        "en": frozenset("slightly somewhat marginally little modestly mildly minor slight "
                        "modest marginal moderately".split()),
        "fr": frozenset("légèrement peu quelque modestement faiblement mineur marginalement "
                        "modeste modéré modérément relativement".split()),
        "zh": frozenset("略微 稍 稍微 略 有所 些许 轻微 一定程度 适度 微 小幅 小幅度 略有 "
                        "稍有 较为".split()),
    },
}

# Phrases (token sequences, lower-cased lemmas or words) counted as one marker.
_PHRASES: Mapping[str, Mapping[str, tuple[tuple[str, ...], ...]]] = {
    "obligation": {"en": (("have", "to"), ("need", "to"), ("has", "to")),
                   "fr": (("il", "faut"),)},
    "possibility": {"en": (("be", "able", "to"),), "fr": (("se", "peut"),)},
    "prediction": {"en": (("going", "to"), ("be", "go", "to"))},
    "hearsay": {"en": (("be", "say", "to"), ("according", "to")),
                "fr": (("selon",), ("d'après",), ("d’après",)),
                "zh": (("据", "报道"), ("据", "说"), ("据", "传"), ("据", "媒体"))},
    "partial": {"en": (("a", "few"), ("in", "part")), "fr": (("en", "partie"),)},
    "diminisher": {"en": (("a", "little"), ("a", "bit"), ("to", "some", "extent")),
                   "fr": (("un", "peu"), ("quelque", "peu"), ("dans", "une", "certaine", "mesure"))},
}

# Scale words: (scale, direction).  A version that says "decrease" where the others say
# "increase" has turned the fact around; a scale word with no opposite in the others is no
# evidence (the others may say it with a verb the list lacks).
_SCALES: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "change": {
        "en+": ("increase", "rise", "grow", "growth", "expand", "raise", "boost", "gain", "climb", "surge"),
        "en-": ("decrease", "decline", "fall", "drop", "reduce", "reduction", "shrink", "cut", "lower", "lose"),
        "fr+": ("augmenter", "augmentation", "hausse", "croissance", "croître", "accroître", "accroissement",
                "progresser", "élargir", "gagner"),
        "fr-": ("diminuer", "diminution", "baisse", "baisser", "réduire", "réduction", "décroître", "chute",
                "chuter", "perdre", "recul", "reculer"),
        "zh+": ("增加", "增长", "上升", "提高", "扩大", "增强", "提升", "上涨", "增多", "扩张", "加重",
                "加剧", "升高", "增大", "飙升", "激增", "攀升"),
        "zh-": ("减少", "下降", "降低", "缩小", "减弱", "下跌", "削减", "减", "缩减", "下滑", "回落",
                "减轻", "缓解", "退", "消退"),
    },
    "strength": {
        "en+": ("strengthen", "reinforce", "improve", "enhance", "support", "promote", "encourage", "accept",
                "agree", "welcome"),
        "en-": ("weaken", "undermine", "worsen", "impair", "oppose", "hinder", "discourage", "refuse",
                "disagree", "condemn"),
        "fr+": ("renforcer", "améliorer", "soutenir", "soutien", "promouvoir", "encourager", "favoriser",
                "accepter", "approuver", "saluer"),
        "fr-": ("affaiblir", "fragiliser", "saper", "aggraver", "détériorer", "dégrader", "opposer",
                "entraver", "décourager", "condamner", "désapprouver"),
        "zh+": ("加强", "强化", "增进", "改善", "支持", "促进", "鼓励", "推动", "赞成", "同意", "欢迎"),
        "zh-": ("削弱", "减弱", "破坏", "恶化", "损害", "反对", "阻碍", "妨碍", "阻止", "谴责"),
    },
    "size": {
        "en+": ("large", "big", "high", "more", "many", "much", "major", "long", "wide", "maximum"),
        "en-": ("small", "little", "low", "less", "fewer", "few", "minor", "short", "narrow", "minimum"),
        "fr+": ("grand", "gros", "élevé", "haut", "plus", "beaucoup", "nombreux", "long", "large", "maximum"),
        "fr-": ("petit", "faible", "bas", "moins", "peu", "court", "étroit", "minimum"),
        "zh+": ("大", "高", "多", "更多", "长", "宽", "最大", "最高", "众多"),
        "zh-": ("小", "低", "少", "更少", "短", "窄", "最小", "最低"),
    },
    "time": {
        "en+": ("after", "later", "last", "late", "next", "future", "afterwards"),
        "en-": ("before", "earlier", "first", "early", "previous", "past", "formerly"),
        "fr+": ("après", "ultérieurement", "dernier", "tard", "prochain", "futur", "ensuite"),
        "fr-": ("avant", "auparavant", "premier", "tôt", "précédent", "passé", "antérieurement"),
        "zh+": ("之后", "以后", "后", "最后", "晚", "未来", "下一"),
        "zh-": ("之前", "以前", "前", "首先", "最初", "早", "过去", "此前"),
    },
    "value": {
        "en+": ("good", "positive", "benefit", "beneficial", "safe", "success", "successful", "advantage",
                "effective", "legal"),
        "en-": ("bad", "negative", "harm", "harmful", "dangerous", "failure", "unsuccessful",
                "disadvantage", "ineffective", "illegal"),
        "fr+": ("bon", "positif", "bénéfice", "bénéfique", "sûr", "succès", "réussi", "avantage", "efficace",
                "légal"),
        "fr-": ("mauvais", "négatif", "préjudice", "nuisible", "dangereux", "échec", "raté",
                "inconvénient", "inefficace", "illégal"),
        "zh+": ("好", "积极", "有益", "有利", "安全", "成功", "优势", "有效", "合法", "正面"),
        "zh-": ("坏", "消极", "有害", "不利", "危险", "失败", "劣势", "无效", "非法", "负面"),
    },
}

MODALITY = ("obligation", "possibility", "certainty", "prediction", "hearsay")
QUANTITY = ("universal", "partial", "majority", "multal", "paucal")
DEGREE = ("intensifier", "diminisher")
CATEGORIES = MODALITY + QUANTITY + DEGREE
SCALES = tuple(_SCALES)

# Categories whose exchange changes what a reader takes away: *must* ↔ *may*, *certainly* ↔
# *perhaps*, *all* ↔ *some*, *most* or *few*, *most* or *many* ↔ *few*, *sharply* ↔ *slightly*.
# Neighbours are not contrasts: translators move between *many* and *several*, *will* and
# *can*, a French future and a modal, every day.
_CONTRASTS = frozenset(frozenset(pair) for pair in (
    ("obligation", "possibility"), ("certainty", "possibility"),
    ("universal", "partial"), ("universal", "paucal"), ("universal", "majority"), ("majority", "paucal"),
    ("multal", "paucal"),
    ("intensifier", "diminisher"),
))
# Words too ambiguous to stand for their category in a contrast (they still mark it):
# 都 is "all" and "both" and "even" and "already"; 各 is "each" and "various"; 会 is "will"
# and "can"; 可 is "may" and "but"; "certain" is "sure" and "some"; "tout" is "all" and
# "quite" (tout à fait, avant tout).
_WEAK = {
    "zh": frozenset("都 各 各个 会 可 主要 全 均 微".split()),
    "en": frozenset("certain each whole little".split()),
    "fr": frozenset("tout ensemble peu quelque certain".split()),
}


def contrasting(a: str, b: str) -> bool:
    """Whether saying category ``a`` where the others say ``b`` changes the commitment."""
    return frozenset((a, b)) in _CONTRASTS

_SCALE_INDEX: dict[str, dict[str, tuple[str, int]]] = {}
for _scale, _table in _SCALES.items():
    for _key, _words in _table.items():
        _lang, _sign = _key[:-1], 1 if _key[-1] == "+" else -1
        for _w in _words:
            _SCALE_INDEX.setdefault(_lang, {}).setdefault(_w, (_scale, _sign))

_FR_VERB_ENDINGS = ("er", "ir", "re", "oir")
# French verbs whose conditional is a modal of its own, not hearsay.
_FR_MODAL_VERBS = {"pouvoir": "possibility", "devoir": "obligation", "falloir": "obligation"}


@dataclass(frozen=True)
class Marker:
    category: str  # one of CATEGORIES, or "scale:<name>+" / "scale:<name>-"
    start: int
    end: int
    text: str
    weak: bool = False  # an ambiguous word or a verb ending: marks, but never contrasts


# Irregular future and conditional stems (sera, aura, fera, ira, pourra, devra, viendra…).
_FR_STEMS = {"être": "ser", "avoir": "aur", "faire": "fer", "aller": "ir", "pouvoir": "pourr",
             "devoir": "devr", "venir": "viendr", "voir": "verr", "savoir": "saur", "vouloir": "voudr",
             "falloir": "faudr", "tenir": "tiendr", "valoir": "vaudr", "envoyer": "enverr", "mourir": "mourr",
             "courir": "courr", "recevoir": "recevr"}


def _fr_future_stem(lemma_: str) -> str:
    """The stem the future and the conditional are built on: the infinitive (parler-, finir-,
    prendr-), or an irregular one."""
    if lemma_ in _FR_STEMS:
        return _FR_STEMS[lemma_]
    return lemma_[:-1] if lemma_.endswith("re") else lemma_


def _fr_mood(tok: Token) -> str | None:
    """A conditional or future form: the stem followed by -ais/-ait/-aient/-ions/-iez
    (conditional) or -ai/-as/-a/-ons/-ez/-ont (future), so that the imperfect (déclarait) and
    the present (considérons) are not read as either."""
    word, lemma_ = tok.text.lower(), tok.lemma
    if word == lemma_ or not lemma_.endswith(_FR_VERB_ENDINGS) or len(word) < 4:
        return None
    stem = _fr_future_stem(lemma_)
    if not word.startswith(stem):
        return None
    ending = word[len(stem):]
    if ending in ("ais", "ait", "aient", "ions", "iez"):
        return _FR_MODAL_VERBS.get(lemma_, "hearsay")
    if ending in ("ai", "as", "a", "ons", "ez", "ont"):
        return "prediction"
    return None


def _word_of(lang: str, tok: Token) -> tuple[str, str]:
    return tok.text.lower(), (tok.lemma if lang != "zh" else tok.text)


def markers(lang: str, tokens: Iterable[Token]) -> tuple[Marker, ...]:
    """Every meaning marker in a segment's tokens, in text order."""
    tokens = tuple(tokens)
    out: list[Marker] = []
    covered: set[int] = set()
    for category, table in _PHRASES.items():
        for phrase in table.get(lang, ()):
            n = len(phrase)
            for k in range(len(tokens) - n + 1):
                words = tuple(_word_of(lang, t) for t in tokens[k:k + n])
                if all(p in w for p, w in zip(phrase, words)):
                    out.append(Marker(category, tokens[k].start, tokens[k + n - 1].end,
                                      " ".join(t.text for t in tokens[k:k + n])))
                    covered.update(range(k, k + n))
    scales = _SCALE_INDEX.get(lang, {})
    for k, tok in enumerate(tokens):
        if k in covered:
            continue
        word, lemma_ = _word_of(lang, tok)
        if lang == "en" and tok.text[:1].isupper() and word == "may" and tok.start > 0:
            continue  # Theresa May, May 2024: a name or a month, not the modal
        weak = word in _WEAK.get(lang, ()) or lemma_ in _WEAK.get(lang, ())
        for category in CATEGORIES:
            words = _WORDS[category].get(lang, frozenset())
            if word in words or lemma_ in words:
                out.append(Marker(category, tok.start, tok.end, tok.text, weak))
                break
        else:
            if lang == "fr" and (mood := _fr_mood(tok)):
                out.append(Marker(mood, tok.start, tok.end, tok.text, True))
        hit = scales.get(lemma_) or scales.get(word)
        if hit:
            scale, sign = hit
            out.append(Marker(f"scale:{scale}{'+' if sign > 0 else '-'}", tok.start, tok.end, tok.text))
    return tuple(sorted(out, key=lambda m: (m.start, m.category)))


def marker_profile(found: Iterable[Marker]) -> frozenset[str]:
    """The categories a segment expresses (scale words as ``scale:<name>+/-``)."""
    return frozenset(m.category for m in found)


def opposite(category: str) -> str | None:
    """``scale:change+`` ↔ ``scale:change-``; None for the other categories."""
    if category.startswith("scale:"):
        return category[:-1] + ("-" if category.endswith("+") else "+")
    return None
