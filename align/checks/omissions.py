"""Omissions and additions.

Four pieces of evidence, from coarse to fine:

1. **Missing counterpart**: a unit where some versions have text and another
   has none (the aligner left a sentence unpaired).
2. **Length ratio** of each pair, judged against the document's own ratios
   (robust z): a version much shorter than usual for this document has lost
   something, much longer has gained something.
3. **Content words with no counterpart**: a word of the source (zh) that the
   other translation renders (a confirmed concept: 稳定 ↔ stabilité) but that
   has no link in this version, and no leftover word of this version sits
   where it should be (so it was dropped, not paraphrased).
4. **Added clauses**: a clause whose removal makes this version *closer* to
   every other version (cosine of the unit embeddings), by more than
   ``addition_min_gain`` (the z-score among the document's clauses is reported).
"""
from __future__ import annotations

import re
from typing import Iterable

import numpy as np

from ..lang.script import join
from .base import Check, Flag, Skipped
from .evidence import robust_z
from .verdict import pairwise_verdict

# A concept counts as confirmed when source and witness words match at least this well.
CONCEPT_MIN_SIMILARITY = 0.6


class MissingCounterpartCheck(Check):
    name = "omissions.unpaired"

    def flags(self, ev) -> Iterable[Flag]:
        for u, unit in enumerate(ev.units):
            having = ev.present(u)
            lacking = [lang for lang in ev.langs if lang not in having]
            if not having or not lacking:
                continue
            ids = {lang: unit.ids.get(lang, ()) for lang in having}
            where = ", ".join(f"{lang} sentence {'+'.join(str(i) for i in ids[lang])}" for lang in having)
            src = ev.settings.source_lang
            if len(having) == 1 and (len(ev.langs) >= 3 or src in lacking):
                # the only version with the sentence, or a translation with a sentence its
                # original lacks: an addition
                odd = having[0]
                yield ev.flag("addition", "high", tuple(ev.langs), u,
                              f"{odd} has a sentence with no counterpart in {', '.join(lacking)} ({where})",
                              {"present_in": list(having), "missing_in": lacking}, odd)
            else:
                odd = lacking[0] if len(lacking) == 1 and (len(ev.langs) >= 3 or src in having) else None
                yield ev.flag("omission", "high", tuple(ev.langs), u,
                              f"no {', '.join(lacking)} counterpart for {where}",
                              {"present_in": list(having), "missing_in": lacking}, odd)


def length_ratios(ev, min_units: int = 5) -> dict:
    """Per pair (a, b): the units with both, log(len b / len a) and its robust z in the document."""
    def compute():
        out = {}
        for a, b in ev.all_pairs:
            units = [u for u in range(len(ev.units)) if ev.text(u, a) and ev.text(u, b)]
            if len(units) < min_units:
                continue
            la = np.array([text_length(ev.text(u, a)) for u in units], dtype=float)
            lb = np.array([text_length(ev.text(u, b)) for u in units], dtype=float)
            ratio = np.log(lb / la)
            out[(a, b)] = (units, ratio, robust_z(ratio))
        return out

    return ev.memo(("length-ratios", min_units), compute)


def length_deviations(ev, min_units: int = 5) -> dict:
    """Per pair (a, b): {unit: its log length ratio minus the document's median}."""
    def compute():
        out = {}
        for pair, (units, ratio, _) in length_ratios(ev, min_units).items():
            med = float(np.median(ratio))
            out[pair] = {u: float(r) - med for u, r in zip(units, ratio)}
        return out

    return ev.memo(("length-deviations", min_units), compute)


def shorter_than_usual(ev, u: int, than: str, lang: str) -> bool | None:
    """Is ``lang`` shorter against ``than`` in unit u than is usual in the document?"""
    for (a, b), deviation in length_deviations(ev).items():
        if {a, b} == {than, lang} and u in deviation:
            return (deviation[u] < 0) if b == lang else (deviation[u] > 0)
    return None


class LengthRatioCheck(Check):
    """Length ratio of each pair against the document's own distribution."""

    name = "omissions.length"
    min_units = 5

    def partial_skips(self, ev):
        done = self._cache_ratios(ev)
        for pair in ev.all_pairs:
            if pair not in done:
                yield Skipped(self.name, f"{pair[0]}-{pair[1]}: fewer than {self.min_units} units "
                                         "with both versions; no distribution to judge against")

    def _cache_ratios(self, ev):
        return length_ratios(ev, self.min_units)

    def unit_scores(self, ev):
        scores: dict[int, dict[str, float]] = {}
        for (a, b), (units, ratio, z) in self._cache_ratios(ev).items():
            for u, r, zz in zip(units, ratio, z):
                scores.setdefault(u, {})[f"length.logratio.{a}-{b}"] = round(float(r), 4)
                scores[u][f"length.z.{a}-{b}"] = round(float(zz), 3)
        return scores

    def flags(self, ev) -> Iterable[Flag]:
        limit = ev.settings.length_z
        per_unit: dict[int, dict[tuple[str, str], float]] = {}
        for pair, (units, _, z) in self._cache_ratios(ev).items():
            for u, zz in zip(units, z):
                per_unit.setdefault(u, {})[pair] = float(zz)
        devs = length_deviations(ev, self.min_units)
        floor = ev.settings.length_min_logratio
        for u, zs in sorted(per_unit.items()):
            if min(text_length(ev.text(u, lang)) for lang in ev.present(u)) < 15:
                continue  # titles and headings: too short for a ratio to mean anything
            # Unusual for this document *and* large: translations breathe by ±30 %.
            agree = {pair: abs(z) < limit or abs(devs[pair][u]) < floor for pair, z in zs.items()}
            for verdict in pairwise_verdict(list(ev.present(u)), agree):
                parts = [f"{a}-{b} z={zs[(a, b)]:+.1f}" for a, b in verdict.pairs]
                shorter = ""
                if verdict.diverging:
                    sign = [zs[p] if p[1] == verdict.diverging else -zs[p] for p in verdict.pairs]
                    shorter = " shorter" if np.mean(sign) < 0 else " longer"
                who = f"{verdict.diverging} is{shorter} than usual for this document: " \
                    if verdict.diverging else "unusual length ratio: "
                yield ev.flag("length", "low", verdict.langs, u, who + ", ".join(parts),
                              {"z": {f"{a}-{b}": round(zs[(a, b)], 2) for a, b in verdict.pairs},
                               "threshold": limit}, verdict.diverging)


def text_length(text: str) -> int:
    """Characters without spaces (at least 1): comparable across scripts once the usual
    ratio of the language pair (or the document's own) is known."""
    return max(1, len(re.sub(r"\s+", "", text)))


class ContentOmissionCheck(Check):
    """Source words that the other translation renders and this version drops."""

    name = "omissions.words"
    min_langs = 3

    def missing(self, ev):
        reason = super().missing(ev)
        if reason:
            return reason
        if ev.settings.source_lang not in ev.langs:
            return f"the source version ({ev.settings.source_lang}) is missing"
        if not (ev.available("encoder") or ev.available("dictionary")):
            return "needs the encoder or the dictionary to link words"
        return None

    def flags(self, ev) -> Iterable[Flag]:
        src = ev.settings.source_lang
        for u, langs in ev.shared_units(min_langs=3):
            if src not in langs:
                continue
            for target in langs:
                if target == src:
                    continue
                witness = next(lang for lang in langs if lang not in (src, target))
                missing = list(self._missing(ev, u, src, witness, target))
                # One word is often a paraphrase; a dropped word leaves the version shorter.
                if len(missing) == 1 and shorter_than_usual(ev, u, witness, target) is False:
                    continue
                if missing:
                    yield self._flag(ev, u, src, witness, target, missing)

    def _missing(self, ev, u, src, witness, target):
        sw = ev.links(u, src, witness)
        st = ev.links(u, src, target)
        wt = ev.links(u, witness, target)
        limit = ev.settings.omission_max_similarity
        # Words of this version the source does not account for: where one sits
        # in the gap, the concept was paraphrased (moteur for 推动力), not dropped.
        leftovers = _unlinked(ev, u, target, (src,))
        for i, ks in sorted(sw.a_to_b.items()):
            for k in ks:
                if sw.sim[i, k] < CONCEPT_MIN_SIMILARITY:
                    continue
                if i in st.a_to_b or k in wt.a_to_b:
                    continue
                w_tok = sw.b[k]
                if _is_name_or_number(w_tok):
                    continue  # the names and numbers checks own these
                best = max(st.best_b(i), wt.best_b(k))
                if best >= limit:
                    continue
                if _leftover_in_gap(wt, k, leftovers):
                    continue  # this version says it with other words
                yield (i, k, best)

    def _flag(self, ev, u, src, witness, target, missing) -> Flag:
        sw = ev.links(u, src, witness)
        items = [f"{sw.a[i].text} / {sw.b[k].text}" for i, k, _ in missing]
        severity = "high" if len(missing) >= 2 else "medium"
        highlights = {src: [(sw.a[i].start, sw.a[i].end) for i, _, _ in missing],
                      witness: [(sw.b[k].start, sw.b[k].end) for _, k, _ in missing]}
        return ev.flag(
            "omission", severity, (target, src, witness), u,
            f"{target} has no counterpart for {', '.join(items)} ({src} / {witness})",
            {"missing": [{src: sw.a[i].text, witness: sw.b[k].text,
                          "best_similarity_in_" + target: round(best, 3)} for i, k, best in missing]},
            target, highlights,
        )


def _unlinked(ev, u, lang, others) -> set[int]:
    """Content words of ``lang`` linked to no other version."""
    tokens = ev.content(u, lang)
    linked = set()
    for other in others:
        linked.update(ev.links(u, lang, other).a_to_b)
    return {j for j in range(len(tokens)) if j not in linked}


def _leftover_in_gap(links, k: int, leftovers: set[int], reach: int = 2) -> bool:
    """Is an unaccounted word of the target where word ``k`` of the witness should be?

    The place is bounded by the target images of ``k``'s nearest linked
    neighbours, ``reach`` on each side (two, so that an adjective moving past
    its noun, as French does, stays inside).
    """
    left = sorted((i for i in links.a_to_b if i < k), reverse=True)[:reach]
    right = sorted(i for i in links.a_to_b if i > k)[:reach]
    images = [j for i in left + right for j in links.a_to_b[i]]
    lo = min(images) if left else -1
    hi = max(images) if right else len(links.b)
    if left and not right:
        lo = min(j for i in left for j in links.a_to_b[i])
    if right and not left:
        hi = max(j for i in right for j in links.a_to_b[i])
    lo, hi = min(lo, hi), max(lo, hi)
    return any(lo < j < hi for j in leftovers)


def _is_name_or_number(token) -> bool:
    text = token.text
    return text[:1].isupper() or any(c.isdigit() for c in text)


_CLAUSE_END = {
    "zh": re.compile(r"(?<=[，；：。、！？])"),
    "fr": re.compile(r"(?<=[,;:.!?])\s+"),
    "en": re.compile(r"(?<=[,;:.!?])\s+"),
}


def clauses(lang: str, text: str) -> list[tuple[int, int]]:
    """Spans of the clauses of ``text`` (split after commas, semicolons, stops)."""
    splitter = _CLAUSE_END.get(lang, _CLAUSE_END["en"])
    spans, start = [], 0
    for m in splitter.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


_MAX_ABLATED_CLAUSES = 16


class AddedClauseCheck(Check):
    """A clause whose removal brings this version closer to every other one."""

    name = "omissions.added-clause"
    needs = ("encoder",)
    min_clause_words = 2

    def gains(self, ev):
        """(unit, version, clause span, cosine gain towards each other version) for every
        clause of every version that has two or more."""
        return ev.memo(("clause-gains",), lambda: self._compute_gains(ev))

    def _compute_gains(self, ev):
        # Each clause taken out is one more encoding of the rest of the unit: a unit of k
        # clauses costs k times its length.  Beyond _MAX_ABLATED_CLAUSES (a unit that long is
        # a merged passage, not a sentence) the check does not ablate.
        rows = []  # (u, lang, clause span, gain per witness)
        texts, owners = [], []
        for u, langs in ev.shared_units():
            for lang in langs:
                text = ev.text(u, lang)
                spans = clauses(lang, text)
                if not 2 <= len(spans) <= _MAX_ABLATED_CLAUSES:
                    continue
                for a, b in spans:
                    words = [t for t in ev.content(u, lang) if a <= t.start < b]
                    if len(words) < self.min_clause_words:
                        continue
                    rest = join(lang, (text[x:y].strip() for x, y in spans if (x, y) != (a, b)))
                    texts.append(rest)
                    owners.append((u, lang, (a, b)))
        if texts:
            ablated = ev.encode(texts)
            for (u, lang, span), vec in zip(owners, ablated):
                full = ev.unit_vectors[lang][u]
                gains = {}
                for other in ev.present(u):
                    if other == lang:
                        continue
                    target = ev.unit_vectors[other][u]
                    gains[other] = float(vec @ target - full @ target)
                rows.append((u, lang, span, gains))
        return rows

    def flags(self, ev) -> Iterable[Flag]:
        rows = self.gains(ev)
        by_lang: dict[str, list[int]] = {}
        for n, (_, lang, _, _) in enumerate(rows):
            by_lang.setdefault(lang, []).append(n)
        for lang, idx in by_lang.items():
            gains = np.array([min(rows[n][3].values()) for n in idx])
            z = robust_z(gains)
            for n, g, zz in zip(idx, gains, z):
                # Removing a faithful clause moves a version away from the others;
                # only an added one brings it closer to all of them at once.
                if g < ev.settings.addition_min_gain:
                    continue
                u, _, (a, b), per_witness = rows[n]
                clause = ev.text(u, lang)[a:b]
                witnesses = sorted(per_witness)
                yield ev.flag(
                    "addition", "high", (lang, *witnesses), u,
                    f"{lang} clause with no counterpart in {', '.join(witnesses)}: “{clause.strip()}”",
                    {"clause": clause.strip(),
                     "cosine_gain_without_it": {w: round(per_witness[w], 4) for w in witnesses},
                     "z": round(float(zz), 2), "min_gain": ev.settings.addition_min_gain},
                    lang if len(ev.present(u)) >= 3 or len(ev.langs) == 2 else None,
                    {lang: [(a, b)]},
                )
