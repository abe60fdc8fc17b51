"""Term candidates in one sentence: Chinese word n-grams, French and English noun phrases.

Chinese: jieba words with their part-of-speech tags, re-joined where the segmenter cut
a CC-CEDICT word (生物|多样性) or a transliterated name (卡瓦|诺, 伊丽莎白·沃伦; the name
syllables come from ``align.lang.names``); candidates are runs of 1–4 content words that do
not start with a verb or end with an adjective, a lone verb (咳嗽, marked ``verbal``: a term
only if the other versions render it as a noun), plus titles in 《》.  French and English: runs of content words, optionally linked
by ``de``/``des``/``en``/``of``/``for``…, that start and end with a content word
(no tagger model is needed, and none downloads).  Abbreviations defined in the
text (``intelligence artificielle (IA)``) are found too.

Function words come from the language layer's stop-lists (``align.lang.stopwords``);
the words that may link two content words inside a term (``de``, ``of``) are listed
here, since that is a fact about terms, not about the language.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from align.lang.names import CLOSED_NAME_TAG, NAME_DOTS, glued_name_syllable, initials, joined_name_tag, transliterated
from align.lang.script import HAN_CLASS
from align.lang.stopwords import NOT_TERMS_ZH
from align.lang.words import Token, dictionary_pieces, jieba_frequencies, jieba_posseg, lemma
from align.lang.words import tokenize as word_tokens

MAX_CONTENT_WORDS = 4
MAX_ZH_WORDS = 4
MAX_ZH_CHARS = 14


@dataclass(frozen=True)
class Candidate:
    lang: str
    key: str  # what occurrences are pooled by: zh text, or lower-cased lemmas for fr/en
    surface: str  # the words as written in the sentence
    start: int  # character offsets in the sentence
    end: int
    words: int  # content words (fr/en) or jieba words (zh)
    is_title: bool = False  # quoted as a title (《》)
    verbal: bool = False  # one Chinese word jieba tags as a verb (咳嗽): a term only where the
    #                       other versions render it as a noun (toux / cough), checked on alignment
    is_name: bool = False  # a person, place or organisation name (jieba nr/ns/nt, 伊丽莎白·沃伦)
    embedded: bool = False  # glued to more of the same phrase: a content word right before or after
    #                         (*Desert Island* [Discs], *tropical* [moisture]), or in Chinese a
    #                         stray character of a word the segmenter broke (伯纳斯|顿, 科|利尔)
    continues: bool = False  # a capitalised phrase the next word carries on: Nations [unies],
    #                          New York [City] (in English the next word is capitalised too)


# --------------------------------------------------------------------------- Chinese

# jieba tags that end a candidate: punctuation, numbers, prepositions,
# conjunctions, particles, pronouns, adverbs, localisers, measure words…
_ZH_BREAK_TAGS = ("x", "m", "mq", "p", "c", "u", "r", "d", "f", "e", "y", "o", "q", "w", "zg", "h", "k")
_TITLE_RE = re.compile(r"《([^《》]{2,40})》")


def _opens_with_modifier(word: str, lexicon=None) -> bool:
    """A multi-character word whose first dictionary piece is an adverb, adjective or verb
    (采取有效措施, 充分利用); one-character prefixes (互, 可, 高, 新) are part of terms, and so
    is a word of the dictionary whatever its first piece (免疫系统, 联合声明)."""
    if len(word) < 3 or (lexicon is not None and word in lexicon):
        return False
    first = dictionary_pieces(word)[0]
    tag = jieba_posseg().dt.word_tag_tab.get(first, "")
    return len(first) > 1 and first != word and tag.startswith(("v", "d", "a")) and tag not in ("vn", "an")


MAX_REJOINED_CHARS = 6


def _join_name_pieces(pairs, lexicon=None) -> list[tuple[str, str]]:
    """Undo jieba's over-splitting before candidates are formed: neighbours that together
    are a word of jieba's dictionary or of ``lexicon`` (CC-CEDICT: 可|持续|发展 → 可持续发展),
    and transliterated names cut into pieces (埃马/ns 纽埃/ns 尔/nr), so no candidate
    starts or ends inside a word or name.  The joined word keeps the last piece's tag."""
    frequencies = jieba_frequencies()
    joined: list[tuple[str, str]] = []
    words = _lexicon_words([(p.word, p.flag) for p in pairs], lexicon)
    for k, (word, flag) in enumerate(words):
        if joined and joined[-1][1] == CLOSED_NAME_TAG:
            joined.append((word, flag))  # a name that took a function word's character is whole
            continue
        following = words[k + 1][1] if k + 1 < len(words) else ""
        merged = joined[-1][0] + word if joined else ""
        in_lexicon = (lexicon is not None and len(merged) <= MAX_REJOINED_CHARS
                      and re.fullmatch(f"[{HAN_CLASS}]+", merged) and merged in lexicon)
        if joined and (in_lexicon or ((len(word) == 1 or len(joined[-1][0]) == 1) and frequencies.get(merged))):
            joined[-1] = (merged, jieba_posseg().dt.word_tag_tab.get(merged, flag))
        elif (joined and flag.startswith(_ZH_NAME_TAGS) and joined[-1][1].startswith(_ZH_NAME_TAGS)
                and (len(word) == 1 or len(joined[-1][0]) <= 2
                     or (transliterated(word) and transliterated(joined[-1][0])))):
            # 埃马|纽埃|尔, 哈特尔|普尔: pieces of one name
            joined[-1] = (joined[-1][0] + word, "nr")
        elif joined and glued_name_syllable(joined[-1], (word, flag), following):
            # 卡瓦|诺, 威洛|比, 布|莱西: a transliterated name the segmenter cut; the stray
            # syllables beside it are name syllables (align.lang.names.transliterated).  A name
            # that took in a function word's character (比 "than") takes no further name.
            joined[-1] = (joined[-1][0] + word, joined_name_tag(flag))
        elif (len(joined) >= 2 and joined[-1][0] in NAME_DOTS and joined[-2][1].startswith(_ZH_NAME_TAGS)
                and re.fullmatch(f"[{HAN_CLASS}]+", word) and (flag.startswith(_ZH_NAME_TAGS) or transliterated(word))
                and (transliterated(word) or transliterated(joined[-2][0]))):
            # 伊丽莎白·沃伦: a transliterated name written with the interpunct is one name.
            dot = joined.pop()[0]
            joined[-1] = (joined[-1][0] + dot + word, "nr")
        else:
            joined.append((word, flag))
    return joined


MAX_LEXICON_PIECES = 4


def lexicon_runs(words: list[str], lexicon) -> list[tuple[int, int]]:
    """[start, end) index runs of segmenter words to read as one: 2–4 neighbours that together
    are one word of ``lexicon`` (CC-CEDICT), longest first (个人|防护|装备 → 个人防护装备,
    生物|多样性 → 生物多样性); every other word alone."""
    runs, i = [], 0
    while i < len(words):
        end = i + 1
        for size in range(min(MAX_LEXICON_PIECES, len(words) - i), 1, -1) if lexicon is not None else ():
            merged = "".join(words[i:i + size])
            if len(merged) <= 2 * MAX_LEXICON_PIECES and re.fullmatch(f"[{HAN_CLASS}]+", merged) \
                    and merged in lexicon:
                end = i + size
                break
        runs.append((i, end))
        i = end
    return runs


def _lexicon_words(pairs: list[tuple[str, str]], lexicon) -> list[tuple[str, str]]:
    """The (word, tag) pairs with the runs of :func:`lexicon_runs` joined; a joined word keeps
    the last piece's tag."""
    return [(pairs[i][0], pairs[i][1]) if end == i + 1 else ("".join(w for w, _ in pairs[i:end]), pairs[end - 1][1])
            for i, end in lexicon_runs([w for w, _ in pairs], lexicon)]


def _zh_tag_class(word: str, flag: str) -> str:
    """'break', 'noun', 'verb' or 'adj' for a jieba (word, flag)."""
    if word in NOT_TERMS_ZH or not re.search(f"[{HAN_CLASS}A-Za-z]", word):
        return "break"
    if flag == "ad" or (flag.startswith(_ZH_BREAK_TAGS) and not flag.startswith(("vn", "an"))):
        return "break"
    if flag.startswith("a") and flag != "an":
        return "adj"
    if flag.startswith("v") and flag != "vn":
        return "verb"
    return "noun"


_ZH_NAME_TAGS = ("nr", "ns")
_ZH_PROPER_TAGS = ("nr", "ns", "nt", "nz")


def zh_candidates(sentence: str, lexicon=None) -> list[Candidate]:
    posseg = jieba_posseg()
    tokens: list[tuple[str, str, int]] = []  # (word, class, start)
    names: set[int] = set()  # starts of words tagged as proper names
    offset = 0
    for pair in _join_name_pieces(list(posseg.cut(sentence)), lexicon):
        start = sentence.find(pair[0], offset)
        start = offset if start < 0 else start
        tokens.append((pair[0], _zh_tag_class(*pair), start))
        if pair[1].startswith(_ZH_PROPER_TAGS) and len(pair[0]) > 1:
            names.add(start)
        offset = start + len(pair[0])
    found: dict[tuple[int, int], Candidate] = {}
    for i in range(len(tokens)):
        word, kind, start = tokens[i]
        if kind == "verb" and len(word) >= 2 and not _opens_with_modifier(word, lexicon):
            # 咳嗽 (to cough; a cough), 隔离: kept as a verbal candidate; the alignment decides.
            found[(start, start + len(word))] = Candidate("zh", word, word, start, start + len(word), 1,
                                                         verbal=True, embedded=_broken(tokens, i, i))
        if kind in ("break", "verb", "adj") or _opens_with_modifier(word, lexicon):
            continue  # evaluative openers (深刻影响, 有效措施) make phrases, not terms
        for j in range(i, min(i + MAX_ZH_WORDS, len(tokens))):
            if tokens[j][1] == "break" or (j > i and _opens_with_modifier(tokens[j][0], lexicon)):
                break  # 致力于|采取有效…: a verb phrase glued into one jieba word ends the term
            if tokens[j][1] == "adj":
                continue  # a term does not end on an adjective
            start, end = tokens[i][2], tokens[j][2] + len(tokens[j][0])
            text = sentence[start:end]
            # A one-character first word is usually cut from a larger word (两|国元首, 中|法联合声明).
            first_ok = j == i or len(tokens[i][0]) > 1
            if (j > i or tokens[i][1] == "noun") and first_ok and 2 <= len(text) <= MAX_ZH_CHARS:
                found[(start, end)] = Candidate("zh", text, text, start, end, j - i + 1,
                                                is_name=j == i and start in names,
                                                embedded=_broken(tokens, i, j))
            if tokens[j][1] == "verb":
                break  # a verb may head a term but not sit inside one
    for m in _TITLE_RE.finditer(sentence):
        start, end = m.span(1)
        found[(start, end)] = Candidate("zh", m.group(1), m.group(1), start, end, 1, is_title=True)
    return sorted(found.values(), key=lambda c: (c.start, c.end))


def _broken(tokens: list[tuple[str, str, int]], i: int, j: int) -> bool:
    """Is a lone Han character that is not a function word right beside tokens i..j?  The
    segmenter cut a longer word there (科|利尔 for 科利尔).  Beside a transliterated name a
    measure word counts too (伯纳斯|顿), elsewhere it is one (该名|男子)."""
    name = transliterated("".join(t[0] for t in tokens[i:j + 1]))
    for k in (i - 1, j + 1):
        if 0 <= k < len(tokens):
            word, _, start = tokens[k]
            glued = start == tokens[i][2] - 1 if k < i else start == tokens[j][2] + len(tokens[j][0])
            tag = jieba_posseg().dt.word_tag_tab.get(word, "n")
            if glued and len(word) == 1 and re.fullmatch(f"[{HAN_CLASS}]", word) \
                    and (tag.startswith(_ZH_STRAY_TAGS) or (name and tag.startswith("q"))):
                return True
    return False


_ZH_STRAY_TAGS = ("n", "g", "j")  # what a stray piece of a broken word is tagged


# --------------------------------------------------------------------------- French and English

# Words that may link two content words inside one term.
_LINKERS = {
    "fr": frozenset({"de", "des", "du", "d", "en", "à", "au", "aux", "pour", "la", "l", "les"}),
    "en": frozenset({"of", "for", "the", "on", "in"}),
}
# Determiners allowed only right after a linker ("Charte des Nations", "Charter of the United Nations").
_LINK_ARTICLES = {"fr": frozenset({"la", "l", "les"}), "en": frozenset({"the"})}
_MAX_LINKERS = 2

_JOINERS = ("", "'", "’")  # what may stand between two words of one phrase


def term_words(lang: str, sentence: str) -> list[Token]:
    """The words of a French or English sentence as term candidates see them: the shared
    tokens (elisions split off, hyphenated words whole), English possessives dropped
    (Secretary-General's → Secretary-General), and each content word's lemma replaced by
    its :func:`term_key` (function words keep their lower-cased form)."""
    tokens: list[Token] = []
    for token in word_tokens(lang, sentence):
        text = token.text.rstrip("'’")
        if lang == "en" and re.search(r"['’]s$", text):
            text = text[:-2]
        if not text:
            continue
        base = term_key(lang, text) if token.content else text.lower()
        tokens.append(Token(text, token.start, token.start + len(text), base, token.content))
    return tokens


def term_key(lang: str, word: str) -> str:
    """What occurrences of a word are pooled by: the lemma; acronyms and names that are not
    plain capitalised words (IA, AI, OpenAI) are kept as written."""
    if word.isupper() or (word[:1].isupper() and not word.istitle()):
        return word
    return lemma(lang, word.lower())


def latin_candidates(sentence: str, lang: str) -> list[Candidate]:
    tokens = term_words(lang, sentence)
    linkers = _LINKERS.get(lang, frozenset())
    articles = _LINK_ARTICLES.get(lang, frozenset())
    found: list[Candidate] = []
    for i, first in enumerate(tokens):
        if not first.content or len(first.text) < 2:
            continue
        content, links = 0, 0
        for j in range(i, len(tokens)):
            token = tokens[j]
            if not token.content:
                lower = token.text.lower()
                after_linker = j > i and tokens[j - 1].text.lower() in linkers and lower in articles
                if lower not in linkers and not after_linker:
                    break
                if sentence[tokens[j - 1].end:token.start].strip() not in _JOINERS:
                    break  # punctuation between words ends a phrase
                links += 1
                if links > _MAX_LINKERS:
                    break
                continue
            if j > i and sentence[tokens[j - 1].end:token.start].strip() not in _JOINERS:
                break
            content += 1
            if content > MAX_CONTENT_WORDS:
                break
            span = tokens[i:j + 1]
            key = " ".join(t.lemma for t in span)
            found.append(Candidate(lang, key, sentence[first.start:token.end], first.start,
                                   token.end, content, embedded=_embedded(sentence, tokens, i, j, lang),
                                   continues=_continues(sentence, tokens, i, j, lang)))
    return found + _name_candidates(sentence, tokens, lang, {(c.start, c.end) for c in found})


def _continues(sentence: str, tokens: list[Token], i: int, j: int, lang: str) -> bool:
    """Is tokens i..j a capitalised phrase that the next word carries on (a name cut short)?
    In English that word is capitalised too (*New York* [City], not *Covid-19 vaccines* [work])."""
    return tokens[i].text[:1].isupper() and _carried_on(sentence, tokens, j, lang) \
        and (lang == "fr" or tokens[j + 1].text[:1].isupper())


def _embedded(sentence: str, tokens: list[Token], i: int, j: int, lang: str) -> bool:
    """Does tokens i..j continue into a content word glued to it (no punctuation between)?
    Then this occurrence may be part of a longer phrase: *Desert Island* [Discs], *New York*
    [City], *tropical* [moisture], *humidité* [tropicale].  Without a tagger this is evidence,
    not a verdict: in English a capital tells a name going on (*Desert Island Discs*) from the
    verb after it (*Kavanaugh said*), but a lower-case noun before its verb (*the cough
    persists*) counts too, and in French any glued content word does (*Nations unies*, but
    also *le virus circule*)."""
    before = i > 0 and _glued(sentence, tokens, i - 1, i) and \
        tokens[i - 1].text[:1].isupper() == tokens[i].text[:1].isupper()
    return bool(before or _carried_on(sentence, tokens, j, lang))


def _carried_on(sentence: str, tokens: list[Token], j: int, lang: str) -> bool:
    """Is the content word after token j glued to it (in English, with the same case)?"""
    return j + 1 < len(tokens) and _glued(sentence, tokens, j, j + 1) and \
        (lang == "fr" or tokens[j + 1].text[:1].isupper() == tokens[j].text[:1].isupper())


def _glued(sentence: str, tokens: list[Token], a: int, b: int) -> bool:
    return tokens[a].content and tokens[b].content and \
        sentence[tokens[a].end:tokens[b].start].strip() in _NAME_JOINERS


# Inside names, more function words may link content words (Pacte de Paris pour les
# peuples et la planète; Summit for a New Global Financing Pact).
_NAME_LINKERS = {
    "fr": frozenset({"de", "des", "du", "d", "en", "à", "au", "aux", "pour", "la", "l", "les", "et",
                     "sur", "un", "une"}),
    "en": frozenset({"of", "for", "the", "on", "in", "and", "a", "an"}),
}
MAX_NAME_WORDS = 8
_NAME_JOINERS = _JOINERS + ("'s", "’s")  # People's Republic of China, Women's Day


def _name_candidates(sentence: str, tokens: list[Token], lang: str,
                     seen: set[tuple[int, int]]) -> list[Candidate]:
    """Longer spans that start with a capitalised word: names of bodies, summits, texts."""
    linkers = _NAME_LINKERS.get(lang, frozenset())
    found = []
    for i, first in enumerate(tokens):
        if not first.content or not first.text[:1].isupper():
            continue
        content = 0
        for j in range(i, len(tokens)):
            token = tokens[j]
            if j > i and sentence[tokens[j - 1].end:token.start].strip() not in _NAME_JOINERS:
                break
            if not token.content:
                if token.text.lower() not in linkers:
                    break
                continue
            content += 1
            if content > MAX_NAME_WORDS:
                break
            if content > 1 and (first.start, token.end) not in seen:
                span = tokens[i:j + 1]
                found.append(Candidate(lang, " ".join(t.lemma for t in span),
                                       sentence[first.start:token.end], first.start, token.end, content,
                                       embedded=_embedded(sentence, tokens, i, j, lang),
                                       continues=_continues(sentence, tokens, i, j, lang)))
    return found


# --------------------------------------------------------------------------- abbreviations

_ACRONYM_RE = re.compile(r"\(([A-Z][A-Za-z0-9]{1,9})\)")


def abbreviation_definitions(sentence: str, lang: str) -> dict[str, str]:
    """``long form (ABBR)`` → {ABBR: key of the long form}, Schwartz–Hearst style.

    The long form is the shortest run of words right before the parenthesis
    whose initials spell the abbreviation in order (``intelligence artificielle
    (IA)``, ``artificial intelligence (AI)``).
    """
    definitions: dict[str, str] = {}
    tokens = term_words(lang, sentence)
    for m in _ACRONYM_RE.finditer(sentence):
        abbr = m.group(1)
        before = [t for t in tokens if t.end <= m.start()]
        letters = [c.lower() for c in abbr if c.isalpha()]
        for size in range(len(letters), min(len(letters) * 2 + 2, len(before)) + 1):
            span = before[-size:]
            content = [t for t in span if t.content]
            if not span[0].content or len(content) != len(letters):
                continue
            if initials(t.text for t in content) == "".join(letters):
                definitions[abbr] = " ".join(t.lemma for t in span)
                break
    return definitions
