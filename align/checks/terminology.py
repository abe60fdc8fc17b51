"""Terminology: approved renderings, and one source term rendered two ways.

:class:`TermbaseCheck` — a termbase term found in the Chinese unit whose
approved French/English rendering (or its acronym: IA for *intelligence
artificielle*) is missing from that version's unit.  The words the version
uses instead, when the word links show them, go into the evidence.

:class:`TermConsistencyCheck` — needs no termbase.  Chinese terms (a word of
four or more characters, or two adjacent content words) that occur in several
units are followed through the word links into each translation; when one
version renders the term one way in some units and another way elsewhere,
while the other version keeps one rendering, the minority occurrences are
flagged (公共利益: *bien commun* in article 2, *intérêt général* in article 8).
"""
from __future__ import annotations

from typing import Iterable

from .base import Check, Flag
from ..lang.stopwords import STOPWORDS
from ..lang.names import initials
from ..lang.script import plain_key
from ..lang.words import quote_tokens, tokenize
from ..lang.wordlinks import cognate


def _forms(lang: str, text: str) -> list[frozenset[str]]:
    """Comparable forms of each word: the lemma, and the surface without a plural s/x
    (simplemma lemmatises données as donner but donnée as donnée)."""
    out = []
    for t in tokenize(lang, text):
        if t.text.endswith(("'", "’")):
            continue
        surface = plain_key(t.text)
        out.append(frozenset({t.key, surface, surface.rstrip("sx") or surface}))
    return out


def _acronym(lang: str, rendering: str) -> str | None:
    words = [t for t in tokenize(lang, rendering) if t.content]
    if len(words) < 2:
        return None
    return initials(t.text for t in words)


def renders(lang: str, rendering: str, text_forms: list[frozenset[str]]) -> bool:
    """Is ``rendering`` (word by word, inflection aside) or its acronym in the unit?"""
    want = _forms(lang, rendering)
    n = len(want)
    for i in range(len(text_forms) - n + 1):
        if all(want[k] & text_forms[i + k] for k in range(n)):
            return bool(want)
    acro = _acronym(lang, rendering)
    return bool(acro) and any(acro in forms for forms in text_forms)


class TermbaseCheck(Check):
    name = "terminology.termbase"
    needs = ("termbase",)

    def flags(self, ev) -> Iterable[Flag]:
        for u in range(len(ev.units)):
            langs = ev.present(u)
            if "zh" not in langs:
                continue
            zh = ev.text(u, "zh")
            keys = {lang: _forms(lang, ev.text(u, lang)) for lang in langs if lang != "zh"}
            for entry in ev.termbase:
                term = next((v for v in entry.renderings("zh") if v in zh), None)
                if term is None:
                    continue
                missing, kept = [], []
                for lang in keys:
                    approved = entry.renderings(lang)
                    if not approved:
                        continue
                    if any(renders(lang, r, keys[lang]) for r in approved):
                        kept.append(lang)
                    else:
                        missing.append(lang)
                for lang in missing:
                    yield self._flag(ev, u, term, entry, lang, kept)

    def _flag(self, ev, u, term, entry, lang, kept) -> Flag:
        instead = _linked_words(ev, u, term, lang)
        start = ev.text(u, "zh").find(term)
        highlights = {"zh": [(start, start + len(term))]}
        if instead:
            highlights[lang] = [(t.start, t.end) for t in instead]
        approved = " | ".join(entry.renderings(lang))
        said = f"; it says {quote_tokens(ev.text(u, lang), instead)}" if instead else ""
        return ev.flag(
            "terminology", "medium", (lang, "zh", *kept), u,
            f"{lang} lacks the approved rendering of {term}: “{approved}”{said}",
            {"term": term, "approved": list(entry.renderings(lang)),
             "found_instead": [t.text for t in instead],
             "approved_present_in": kept},
            lang, highlights,
        )


def _linked_words(ev, u, term, lang):
    """Words of ``lang`` linked to the Chinese token(s) that make up ``term``."""
    if not (ev.available("encoder") or ev.available("dictionary")):
        return []
    zh = ev.text(u, "zh")
    start = zh.find(term)
    end = start + len(term)
    links = ev.links(u, "zh", lang)
    out = []
    for i, tok in enumerate(links.a):
        if tok.start < end and tok.end > start:
            out.extend(links.b[j] for j in links.a_to_b.get(i, ()))
    return sorted(set(out), key=lambda t: t.start)


class TermConsistencyCheck(Check):
    name = "terminology.consistency"
    min_langs = 3
    min_chars = 4

    def missing(self, ev):
        reason = super().missing(ev)
        if reason:
            return reason
        if "zh" not in ev.langs:
            return "needs the Chinese version to follow a term"
        if not (ev.available("encoder") or ev.available("dictionary")):
            return "needs the encoder or the dictionary to link words"
        return None

    def flags(self, ev) -> Iterable[Flag]:
        targets = [lang for lang in ev.langs if lang != "zh"]
        if len(targets) < 2:
            return
        occurrences = self._term_occurrences(ev)
        for term, where in sorted(occurrences.items()):
            if len({u for u, _ in where}) < 2:
                continue
            renderings = {lang: [(u, idx, self._rendering(ev, u, idx, lang)) for u, idx in where]
                          for lang in targets}
            for lang in targets:
                other = next(x for x in targets if x != lang)
                mine = [(u, idx, r) for u, idx, r in renderings[lang] if r is not None]
                theirs = [r for _, _, r in renderings[other] if r is not None]
                _canonical([r for _, _, r in mine])
                _canonical(theirs)
                if len(mine) < 2 or len(theirs) < 2:
                    continue
                if any(_differs(x, y) for x in theirs for y in theirs):
                    continue
                groups: list[list] = []  # occurrences with the same rendering
                for occ in mine:
                    for group in groups:
                        if not _differs(group[0][2], occ[2]):
                            group.append(occ)
                            break
                    else:
                        groups.append([occ])
                if len(groups) < 2:
                    continue
                top = max(len(g) for g in groups)
                leaders = [g for g in groups if len(g) == top]
                for group in groups:
                    if len(leaders) == 1 and group is leaders[0]:
                        continue
                    for u, idx, r in group:
                        yield self._flag(ev, term, lang, other, u, r, mine, theirs[0])

    def _flag(self, ev, term, lang, other, u, r, mine, theirs) -> Flag:
        elsewhere = sorted({(x.text, v) for v, _, x in mine if _differs(x, r)})
        where = "; ".join(f"“{text}” in unit {v + 1}" for text, v in elsewhere)
        zh_start = ev.text(u, "zh").find(term)
        return ev.flag(
            "terminology", "medium", (lang, "zh", other), u,
            f"{term} is rendered “{r.text}” here but {where} ({other} keeps “{theirs.text}”)",
            {"term": term, "here": r.text,
             "elsewhere": [{"unit": v, "rendering": text} for text, v in elsewhere],
             f"{other}_rendering": theirs.text},
            lang,
            {"zh": [(zh_start, zh_start + len(term))], lang: [r.span]},
        )

    def _term_occurrences(self, ev) -> dict[str, list[tuple[int, tuple[int, ...]]]]:
        """Candidate terms → [(unit, indices of its content tokens in the zh unit)].

        A term is a common noun-like word of four or more characters, or two
        adjacent such words of two or more; proper names (ns, nr, nt) are left
        to the names check.
        """
        found: dict[str, list[tuple[int, tuple[int, ...]]]] = {}
        stop = STOPWORDS["zh"]

        def nounlike(tok) -> bool:
            return (tok.tag[:1] in ("n", "l", "j", "i") or tok.tag == "vn") \
                and tok.tag not in _NAME_TAGS and tok.text not in stop

        def headlike(tok) -> bool:  # 全球治理: a noun modifying a noun or a verb-noun
            return (nounlike(tok) or tok.tag == "v") and tok.text not in stop

        for u in range(len(ev.units)):
            if "zh" not in ev.present(u):
                continue
            toks = ev.content(u, "zh")
            here: dict[str, list[tuple[int, ...]]] = {}
            for i, tok in enumerate(toks):
                if not nounlike(tok):
                    continue
                if len(tok.text) >= self.min_chars:
                    here.setdefault(tok.text, []).append((i,))
                if i + 1 < len(toks):
                    nxt = toks[i + 1]
                    if nxt.start == tok.end and headlike(nxt) and len(tok.text) >= 2 \
                            and len(nxt.text) >= 2:
                        here.setdefault(tok.text + nxt.text, []).append((i, i + 1))
            for term, spots in here.items():
                if len(spots) == 1:  # twice in one unit: the links cannot tell the two apart
                    found.setdefault(term, []).append((u, spots[0]))
        return found

    def _rendering(self, ev, u, idx, lang):
        """The run of target words linked to the term, with unlinked words inside it."""
        links = ev.links(u, "zh", lang)
        images = {j for i in idx for j in links.a_to_b.get(i, ())}
        if not images:
            return None
        if max(float(links.sim[i, j]) for i in idx for j in links.a_to_b.get(i, ())) \
                < ev.settings.rendering_min_similarity:
            return None  # a weak link is as likely an alignment slip as a second rendering
        other = next(x for x in ev.present(u) if x not in ("zh", lang)) if len(ev.present(u)) >= 3 else None
        loose = set(range(len(links.b))) - set(links.b_to_a)
        if other is not None:
            loose -= set(ev.links(u, lang, other).a_to_b)
        best_run: list[int] = []
        best_score = (0, 0)
        for seed in sorted(images):
            run, gap, gaps = [seed], [], 0
            j = seed + 1
            while j < len(links.b) and len(gap) <= 2:
                if j in images:
                    run.extend(gap + [j])
                    gaps += len(gap)
                    gap = []
                else:
                    gap.append(j)
                j += 1
            score = (sum(1 for x in run if x in images), -gaps)
            if score > best_score:
                best_run, best_score = run, score
        # Inside the run, a word no other version accounts for belongs to the
        # rendering (gouvernance *des enjeux* mondiaux); one linked elsewhere is
        # interleaved (Global *AI* Governance) and left out.
        keep = [j for j in best_run if j in images or j in loose]
        words = [links.b[j] for j in keep]
        inserted = {links.b[j].key for j in keep if j not in images}
        rendering = _Rendering(lang, words, ev.text(u, lang), inserted)
        # For the reader, show a neighbour no Chinese word accounts for (*bien* commun,
        # intérêt *général*), even when the other translation has a word like it: the text
        # is quoted as it reads.
        free = set(range(len(links.b))) - set(links.b_to_a)
        text = ev.text(u, lang)

        def touching(i: int, j: int) -> bool:  # only a space between the two words
            return not text[links.b[i].end:links.b[j].start].strip()

        lo = keep[0] - 1 if keep[0] - 1 in free and touching(keep[0] - 1, keep[0]) else keep[0]
        hi = keep[-1] + 1 if keep[-1] + 1 in free and touching(keep[-1], keep[-1] + 1) else keep[-1]
        rendering.span = (links.b[lo].start, links.b[hi].end)
        rendering.text = ev.text(u, lang)[rendering.span[0]:rendering.span[1]]
        return rendering


_NAME_TAGS = ("ns", "nr", "nt", "nrt", "nrfg", "nz")


class _Rendering:
    def __init__(self, lang, words, text, inserted=frozenset()):
        self.words = words
        self.span = (words[0].start, words[-1].end)
        self.text = text[self.span[0]:self.span[1]]
        keys = [w.key for w in words]
        self.key = frozenset(keys)
        self.inserted = frozenset(inserted)  # words in the run that nothing else accounts for
        self.acronym = "".join(k[0] for k in keys) if len(keys) >= 2 else None


def _differs(x: "_Rendering", y: "_Rendering") -> bool:
    """Two renderings differ when they share no word, or when one adds words that
    nothing in the other versions accounts for (gouvernance *des enjeux* mondiaux);
    a mere subset is usually a link the aligner missed.  Words of one stem
    (renforcer/renforcement) and an acronym with its expansion count as one."""
    if _same_words(x.key, y.key):
        return False
    if _is_acronym_of(x, y) or _is_acronym_of(y, x):
        return False
    shared = {a for a in x.key for b in y.key if _same_word(a, b)}
    if not shared:
        return True
    extra = {a for a in x.key if not any(_same_word(a, b) for b in y.key)} | \
        {b for b in y.key if not any(_same_word(a, b) for a in x.key)}
    return bool(extra) and extra <= (x.inserted | y.inserted)


def _same_word(a: str, b: str) -> bool:
    return a == b or cognate(a, b)


def _same_words(xs, ys) -> bool:
    return all(any(_same_word(a, b) for b in ys) for a in xs) and \
        all(any(_same_word(a, b) for a in xs) for b in ys)


def _is_acronym_of(x: "_Rendering", y: "_Rendering") -> bool:
    """IA against intelligence (artificielle): the initials fit in the acronym."""
    if len(x.words) != 1 or not x.words[0].text.isupper() or len(x.words[0].text) < 2:
        return False
    letters = x.words[0].text.lower()
    return all(k[:1] in letters for k in y.key)


def _canonical(renderings: list["_Rendering"]) -> None:
    """Let an acronym stand for its expansion (IA = intelligence artificielle)."""
    expansions = {r.acronym: r.key for r in renderings if r.acronym}
    for r in renderings:
        if len(r.key) == 1:
            only = next(iter(r.key))
            if only in expansions:
                r.key = expansions[only]
