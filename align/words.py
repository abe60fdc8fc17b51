"""Words of a segment: tokens with offsets, lemmas and a content-word mark.

French and English are tokenised with a regular expression and lemmatised
with simplemma; Chinese is cut with jieba's part-of-speech tagger (content =
nouns, verbs, adjectives, idioms, Latin words).  Function words are closed
classes, so short hand lists are enough for them.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# A word: letters (with inner apostrophes or hyphens) or digits.  French
# elisions (l', d', qu') are split off so that « l'IA » yields « IA ».
_LATIN_WORD = re.compile(
    r"(?:[A-Za-zÀ-ÖØ-öø-ÿŒœ]['’](?=[A-Za-zÀ-ÖØ-öø-ÿŒœ]))"  # elided article/pronoun
    r"|[A-Za-zÀ-ÖØ-öø-ÿŒœ0-9]+(?:[-'’][A-Za-zÀ-ÖØ-öø-ÿŒœ0-9]+)*"
)

STOPWORDS = {
    "en": frozenset("""
a about above after again against all also am an and any are as at be been before being
below between both but by can could did do does doing down during each either few for from
further had has have having he her here hers him his how i if in into is it its itself just
may might more most much must my neither no nor not now of off on once only or other our ours
out over own per same shall she should so some such than that the their theirs them then
there these they this those through thus to too under until up upon us very was we were what
when where whether which while who whom whose why will with within would you your yours
s t d ll m re ve via among amongst well whereby wherein thereby towards toward across along
one ones another every etc e g ie eg
including include includes especially particularly notably furthermore moreover however
therefore hence else others ourselves themselves yourself herself himself myself
""".split()),
    "fr": frozenset("""
a à afin ai aie aient ainsi alors as au aucun aucune aupres auprès aussi autre autres aux
avaient avais avait avant avec avoir ayant c ça car ce ceci cela celle celles celui cependant
ces cet cette ceux chacun chacune chaque ci comme comment d dans de des desquels desquelles
dont du duquel elle elles en encore entre es est et étaient étais était étant été être eu eux
fait faire font hors il ils j je jusqu jusque l la laquelle le lequel les lesquels lesquelles
leur leurs lors lorsque lui m ma mais me même mêmes mes moi mon n ne ni non nos notre nous on
ont ou où par parce parmi pas pendant peu peut peuvent plus pour pourquoi qu quand que quel
quelle quelles quels qui quoi s sa sans se selon ses si sien soi soit son sont sous suis sur
ta te tes toi ton tous tout toute toutes tu un une unes uns vers via vos votre vous y
sera seront serait seraient doit doivent devrait devraient sein afin tant dès puis
également notamment cependant toutefois contre depuis durant chez plusieurs moins très tel
telle telles tels déjà avons ayant ai pourra pourront pourrait pourraient devront auxquels
auxquelles duquel quelque quelques
""".split()),
    "zh": frozenset("""
是 有 将 可 应 做 到 作为 使得 变得 例如 进行 还 都 等 其 该 这 这些 那 之 所 以 于 为 与 和 及
以及 并 或 既 同时 对 对于 关于 在 被 给 通过 至 中 上 下 之间 之际 以下 以期 内 期间 也 又 而
各 各类 任 为此 能 会 要 使 让 把 由 从 向 就 即 则 但 即使 如 如果 们
""".split()),
}

# jieba part-of-speech tags that mark content words (nouns, verbs, adjectives,
# idioms and fixed expressions, abbreviations, Latin words, time nouns).
_ZH_CONTENT_TAGS = ("n", "v", "a", "i", "l", "j", "eng", "t", "b", "z", "s")


@dataclass(frozen=True)
class Token:
    text: str
    start: int  # character offsets in the unit text
    end: int
    lemma: str  # lower-cased lemma (the word itself for Chinese)
    content: bool
    tag: str = ""  # jieba part of speech (Chinese only)

    @property
    def key(self) -> str:
        """Accent-free lemma: the form compared across French and English."""
        return strip_accents(self.lemma)


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def tokenize(lang: str, text: str) -> tuple[Token, ...]:
    if lang == "zh":
        return _tokenize_zh(text)
    return _tokenize_latin(lang, text)


def _tokenize_latin(lang: str, text: str) -> tuple[Token, ...]:
    stop = STOPWORDS.get(lang, frozenset())
    out = []
    for match in _LATIN_WORD.finditer(text):
        word = match.group()
        if word[-1] in "'’":  # elided article: never content
            out.append(Token(word, match.start(), match.end(), word.lower(), False))
            continue
        lower = word.lower()
        lemma = _lemma(lang, lower) if not word.isupper() or len(word) > 5 else lower
        content = (
            lower not in stop
            and lemma not in stop
            and not lower.isdigit()
            and len(lower) > 1
            and not _ROMAN.fullmatch(word)
        )
        out.append(Token(word, match.start(), match.end(), lemma, content))
    return tuple(out)


_ROMAN = re.compile(r"[IVXLC]{1,5}")


@lru_cache(maxsize=50_000)
def _lemma(lang: str, word: str) -> str:
    import simplemma

    if lang not in ("en", "fr"):
        return word
    return simplemma.lemmatize(word, lang=lang).lower()


@lru_cache(maxsize=1)
def load_jieba():
    """jieba, quiet: it logs its dictionary loading to stderr at DEBUG level by default."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def _tokenize_zh(text: str) -> tuple[Token, ...]:
    load_jieba()
    import jieba.posseg as pseg

    stop = STOPWORDS["zh"]
    out, pos = [], 0
    for pair in pseg.cut(text):
        word, flag = pair.word, pair.flag
        start = text.find(word, pos)
        if start < 0:  # jieba normalises nothing, but stay safe
            start = pos
        end = start + len(word)
        pos = end
        if not word.strip() or _is_punct(word):
            continue
        content = flag.startswith(_ZH_CONTENT_TAGS) and word not in stop
        if flag == "eng":
            lemma = word.lower()
        else:
            lemma = word
        out.append(Token(word, start, end, lemma, content, flag))
    return tuple(out)


def _is_punct(word: str) -> bool:
    return all(unicodedata.category(c)[0] in "PZS" for c in word)


@lru_cache(maxsize=1)
def jieba_frequencies() -> dict[str, int]:
    """jieba's dictionary counts: how common a Chinese word is in general language."""
    jieba = load_jieba()
    jieba.initialize()
    return jieba.dt.FREQ


def dictionary_pieces(word: str) -> tuple[str, ...]:
    """Fewest dictionary words of two or more characters covering ``word``
    (国事访问 → 国事 访问), or the word itself when it does not split cleanly."""
    frequencies = jieba_frequencies()
    n = len(word)
    best: list[tuple[int, tuple[str, ...]] | None] = [None] * (n + 1)
    best[0] = (0, ())
    for end in range(1, n + 1):
        for start in range(max(0, end - 4), end):
            piece = word[start:end]
            if best[start] is None or piece == word or (end - start > 1 and not frequencies.get(piece)):
                continue
            cost = best[start][0] + (1 if end - start > 1 else 3)
            if best[end] is None or cost < best[end][0]:
                best[end] = (cost, best[start][1] + (piece,))
    pieces = best[n][1] if best[n] else (word,)
    # A one-character piece (互, 性, 中) is a prefix, suffix or particle: keep the word whole.
    return pieces if all(len(p) > 1 for p in pieces) else (word,)
