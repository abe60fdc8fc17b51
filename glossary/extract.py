"""Extract a trilingual termbase from an aligned document.

1. Candidates: in every aligned unit, Chinese word n-grams and French/English
   noun phrases and names (``candidates.py``); an abbreviation defined in the
   text (``intelligence artificielle (IA)``) counts as its long form.  Chinese
   words the segmenter cut are joined again where they make a dictionary word
   (生物|多样性) or a transliterated name (卡瓦|诺, 霍莉·威洛比); a lone Chinese verb
   (咳嗽) is a candidate only where French and English render it as a noun (*toux*,
   *cough*).  Phrases that are predicates rather than terms (verb heads, finite verbs,
   adverbs) are left out (``plausible_term``).
2. Word links in each unit (``align.lang.wordlinks``: CC-CEDICT for zh–en, cognates
   for fr–en, embeddings and co-occurrence for all pairs, and a transliterated name
   for the capitalised word that sounds like it: 卡瓦诺 ↔ *Kavanaugh*); zh–fr also gets
   the links that meet through English (*triangulation*: the third language repairs
   the pair without a dictionary).
3. For each Chinese candidate, the French and English renderings considered are
   the phrases around what its words link to (phrase extraction as in
   phrase-based MT) and the phrases closest by embedding.  A triple scores
   ``½·mean(cos) + ½·mean(cover) − λ·|words(fr) − words(en)| − μ·leak``, where
   ``cos`` compares phrase embeddings, ``cover`` is the F1 of the words of two
   phrases linked to each other (what tells *fracture numérique* from
   *numérique* for *digital divide*), and ``leak`` the share of a rendering's
   words that translate something outside the term, or of the term's
   translations left outside the rendering.  The term's head word must be
   translated in the rendering.
4. Each Chinese candidate votes, in each unit it occurs in, for its best triple;
   the triple with the most score across units wins; other French renderings chosen
   for the same English become variants (公共利益 → *intérêt général*, *bien commun*),
   and so do English renderings chosen in two units or more (流感 → *influenza*, *flu*).
5. Overlaps: one entry per rendering (a title in 《》, else the Chinese form with
   most evidence, wins), and a term nested in a longer, at least as confident one is
   kept only if it also stands alone (人工智能 outside 人工智能治理).
6. Confidence: the probability that a reviewer accepts the entry, from the term model
   (``confidence.py``) over its evidence (``TermEvidence``: agreement, cover, leak,
   consistency, agreeing units, general-language frequency and keyness, name, title, C-value,
   fragments, transliteration, the dictionary), fitted on hand-judged entries.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence

import numpy as np

from align.models import AlignedUnit, Alignment

from align.lang.wordlinks import WordLinks, dice_association, link_words, encoder_form
from align.lang.words import Token, dictionary_pieces, jieba_posseg, lemma, load_jieba
from align.lang.words import tokenize as content_tokens_of

from align.lang.frequency import zipf
from align.lang.names import CLOSED_NAME_TAG, glued_name_syllable, joined_name_tag, sounds_alike, transliterated

from .candidates import Candidate, abbreviation_definitions, latin_candidates, lexicon_runs, term_words, zh_candidates
from .confidence import TermEvidence, TermModel, load_term_model
from .models import Context, TermEntry

EXTRACTOR_VERSION = "terms-2"  # candidates, links and the term model of issue 16


@dataclass(frozen=True)
class ExtractionSettings:
    languages: tuple[str, str, str] = ("zh", "fr", "en")
    max_entries: int = 300
    min_confidence: float = 0.05  # candidates kept for review (recall matters); the TBX exports fewer
    min_agreement: float = 0.5  # a kept triple's mean pair similarity
    min_cover: float = 0.5  # share of words linked between zh–en and fr–en renderings
    length_penalty: float = 0.05  # λ: per word of difference between fr and en
    max_extension: int = 2  # words a rendering may add around what the term's words link to
    shortlist: int = 12  # (fr, en) pairs per Chinese candidate taken by phrase embeddings alone
    leak_penalty: float = 0.3  # μ: for renderings whose words translate something outside the term
    cut_penalty: float = 0.1  # for a name rendering that stops inside a longer name of its sentence
    min_variant_units: int = 2  # units that must choose another rendering for it to be a variant
    min_frequency: int | None = None  # None: 1 for a document, 2 above 500 units


@dataclass
class _Stats:
    """Occurrences of one candidate key in one language."""

    units: set[int] = field(default_factory=set)
    surfaces: Counter = field(default_factory=Counter)
    spans: dict[int, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    words: int = 1
    abbreviations: list[str] = field(default_factory=list)  # ["IA"] for intelligence artificielle
    is_title: bool = False  # the text quotes it as a title: 《联合国宪章》
    nominal: bool = False  # some occurrence is not a lone verb (see Candidate.verbal)
    is_name: bool = False  # jieba tags some occurrence as a proper name
    embedded: int = 0  # occurrences inside a longer phrase (Candidate.embedded)
    cut_spans: set[tuple[int, int, int]] = field(default_factory=set)  # (unit, start, end) of names cut

    @property
    def occurrences(self) -> int:
        return sum(self.surfaces.values())


# --------------------------------------------------------------------------- candidates


def _unit_texts(alignment: Alignment, languages: Sequence[str]) -> list[dict[str, str]]:
    return [{lang: alignment.unit_text(unit, lang) for lang in languages} for unit in alignment.units]


def _collect(texts: list[dict[str, str]], lang: str, lexicon=None) -> tuple[dict[str, _Stats], list[list[str]]]:
    """Candidate statistics for one language and the candidate keys of each unit."""
    abbreviations: dict[str, str] = {}
    per_unit: list[list[Candidate]] = []
    for unit in texts:
        text = unit[lang]
        if lang == "zh":
            per_unit.append(zh_candidates(text, lexicon) if text else [])
        else:
            per_unit.append(latin_candidates(text, lang) if text else [])
            abbreviations.update(abbreviation_definitions(text, lang))
    stats: dict[str, _Stats] = defaultdict(_Stats)
    keys_per_unit: list[list[str]] = []
    for index, candidates in enumerate(per_unit):
        keys = []
        for cand in candidates:
            key = abbreviations.get(cand.key, cand.key)
            entry = stats[key]
            entry.units.add(index)
            entry.surfaces[cand.surface] += 1
            entry.spans[index].append((cand.start, cand.end))
            if cand.key == key:
                entry.words = cand.words
            entry.is_title = entry.is_title or cand.is_title
            entry.nominal = entry.nominal or not cand.verbal
            entry.is_name = entry.is_name or cand.is_name
            entry.embedded += cand.embedded
            if cand.continues:  # a name cut short: Nations [unies] (a first name before is not:
                entry.cut_spans.add((index, cand.start, cand.end))  # 范斯坦 is [Dianne] Feinstein)
            keys.append(key)
        keys_per_unit.append(sorted(set(keys)))
    for key, entry in stats.items():
        entry.abbreviations = sorted(a for a, long_form in abbreviations.items() if long_form == key)
    return dict(stats), keys_per_unit


def preferred_surface(stats: _Stats) -> str:
    """The form a translator expects: spelled out, lower case where the text ever uses it so."""
    forms = Counter({s: n for s, n in stats.surfaces.items() if s not in stats.abbreviations})
    forms = forms or stats.surfaces
    lower = {s for s in forms if s == s.lower()}
    # A common noun capitalised only in titles and names keeps its lower-case use.
    if lower:
        merged: Counter = Counter()
        for surface, count in forms.items():
            merged[surface.lower() if surface.lower() in lower else surface] += count
        forms = merged
    return max(forms.items(), key=lambda kv: (kv[1], kv[0] == kv[0].lower(), -len(kv[0]), kv[0]))[0]


# --------------------------------------------------------------------------- term shape

_FRENCH_FINITE_ENDINGS = ("ent", "ons", "ez", "ait", "aient", "ra", "ront", "rait", "raient", "ais")


@lru_cache(maxsize=16384)
def is_french_verb_lemma(base: str) -> bool:
    """Does simplemma's lexicon conjugate ``base`` (saisir ← saisissons)?  Nouns in -er/-ir/-re
    (avenir, cadre, dossier) have no such forms.  Irregular verbs are missed: a heuristic."""
    stem = base[:-2]
    endings = {"er": ("ons", "ez", "ent", "ait"), "ir": ("issons", "issent", "it", "ons"),
               "re": ("ons", "ent", "ait")}.get(base[-2:], ())
    return any(lemma("fr", stem + e) == base for e in endings)


def is_french_finite_verb(word: str) -> bool:
    """saluent, engagent, accueillera: conjugated forms of a verb lemma (simplemma)."""
    lower = word.lower()
    base = lemma("fr", lower)
    return (base != lower and base.endswith(("er", "ir", "re", "oir"))
            and lower.endswith(_FRENCH_FINITE_ENDINGS))


def _french_phrase_ok(surface: str) -> bool:
    words = [t for t in term_words("fr", surface) if t.content]
    if any(is_french_finite_verb(t.text) for t in words):
        return False
    # A phrase opening on an infinitive (saisir pleinement, tirer parti) is a predicate.
    return not (len(words) > 1 and words[0].text.lower() == words[0].lemma
                and is_french_verb_lemma(words[0].lemma))


def _english_phrase_ok(surface: str, verbs: frozenset[str]) -> bool:
    words = [t for t in term_words("en", surface) if t.content]
    if not words:
        return True
    lowers = [w.text.lower() for w in words]
    if any(w.endswith("ly") and len(w) > 5 for w in lowers):
        return False  # adverbs: critically, actively
    if any(w.endswith("s") and t.lemma != w and t.lemma in verbs for w, t in zip(lowers, words)):
        return False  # finite verbs: China invites
    # "welcome the efforts"; participles (developing countries) may be adjectives.
    return not (len(words) > 1 and not lowers[0].endswith(("ing", "ed")) and words[0].lemma in verbs)


def plausible_term(lang: str, surface: str, dictionary=None, is_title: bool = False,
                   verbal: bool = False, is_name: bool = False) -> bool:
    """Terms are noun phrases: no Chinese verb phrase (致力于采取…), no French finite verb,
    no English phrase opening with a verb (*taking effective measures*).

    Verb-ness comes from the dictionary's glosses ("to devote oneself to"), so
    without a dictionary only the French rule applies.  A lone Chinese verb (``verbal``:
    咳嗽 "to cough") is judged later by its renderings (:func:`nominal_rendering`).
    """
    if is_title or verbal or is_name:
        return True
    if lang == "fr":
        return _french_phrase_ok(surface)
    if dictionary is None or not hasattr(dictionary, "glosses"):
        return True
    if lang == "zh":
        words = [w for w in load_jieba().cut(surface, HMM=False) if w.strip()]
        if len(words) == 1:  # 助力 "to help; to aid"; 致力于: its head 致力 "to devote oneself"
            return not _mostly_verbal(dictionary.glosses(words[0]) or _head_glosses(words[0], dictionary))
        if len(words[-1]) == 1 and words[-1] not in _ZH_NOUN_SUFFIXES:
            return False  # 用途应, 框架内: a modal or a localiser, not a head noun
        # A verb may head a term only as a verbal noun (网络威胁, 农业生产: jieba's "vn").
        head_is_verb = _only_verbal(dictionary.glosses(words[-1])) and jieba_tag(words[-1]) == "v"
        first = dictionary.glosses(words[0]) or _head_glosses(words[0], dictionary)
        return not (_only_verbal(first) or head_is_verb)
    if lang == "en" and hasattr(dictionary, "target_verbs"):
        return _english_phrase_ok(surface, dictionary.target_verbs())
    return True


@lru_cache(maxsize=65536)
def nominal_rendering(lang: str, surface: str) -> bool:
    """Is a rendering a noun phrase (*toux*, *cough*, *quarantaine*) rather than a verb
    (*tousser*, *recommande*, *to cough*)?  What lets a lone Chinese verb (咳嗽, 隔离) be a term.
    French is judged on the first word's lemma (a verb lemma: not a noun; simplemma's lemma of
    *mise* is *miser*, so *mise en quarantaine* is missed); English only refuses *to …*, so
    French decides for a Chinese verb."""
    words = [t for t in term_words(lang, surface) if t.content]
    if not words:
        return False
    first = words[0]
    if lang == "fr":  # neither tousser nor a participle (déclaré): the lemma is no verb
        return not is_french_verb_lemma(first.lemma) and _french_phrase_ok(surface)
    return surface.split()[0].lower() != "to"


def jieba_tag(word: str) -> str:
    """The part of speech jieba's dictionary gives ``word`` ("" if unknown)."""
    return jieba_posseg().dt.word_tag_tab.get(word, "")


# One-character words that do head nouns: 性 (-ity), 国 (country), 法 (law)…
_ZH_NOUN_SUFFIXES = frozenset("性 化 者 率 度 权 法 国 界 业 力 制 型 感 论 学 家 员 类 式 品 物 体 区 网")


def _head_glosses(word: str, dictionary) -> tuple[str, ...]:
    """Glosses of the longest leading part of ``word`` the dictionary knows."""
    for end in range(len(word) - 1, 1, -1):
        glosses = dictionary.glosses(word[:end])
        if glosses:
            return glosses
    return ()


def _only_verbal(glosses: tuple[str, ...]) -> bool:
    return bool(glosses) and all(g.strip().startswith("to ") for g in glosses)


def _mostly_verbal(glosses: tuple[str, ...]) -> bool:
    meaningful = [g for g in glosses if not g.startswith("CL:")]
    return bool(meaningful) and sum(g.strip().startswith("to ") for g in meaningful) * 2 > len(meaningful)


# --------------------------------------------------------------------------- evidence


UNITS_CAP = 15  # agreeing units beyond this add no evidence: the model was fitted on documents of
#               10 to 200 units and would otherwise extrapolate (every frequent word of a
#               3,000-unit corpus at 1.00)


def c_value(frequencies: dict[str, int]) -> dict[str, float]:
    """C-value (Frantzi, Ananiadou and Mima 2000) of each Chinese candidate: its frequency,
    less the mean frequency of the longer candidates it is nested in, times log2 of its
    length.  人工智能 written mostly inside 人工智能治理 scores low; a term that also stands
    on its own keeps its count.  Lengths are in characters (Chinese has no word spaces)."""
    containers: dict[str, list[int]] = defaultdict(list)
    for longer, count in frequencies.items():
        n = len(longer)
        nested = {longer[i:j] for i in range(n) for j in range(i + 1, n + 1) if (i, j) != (0, n)}
        for shorter in nested & frequencies.keys():
            containers[shorter].append(count)
    values = {}
    for term, count in frequencies.items():
        outer = containers.get(term)
        values[term] = math.log2(max(2, len(term))) * (count - (sum(outer) / len(outer) if outer else 0))
    return values


_WORD_RE = re.compile(r"\w+")
KEYNESS_FLOOR = 3.0  # general Zipf of a rare form: the small word lists stop at 3 (0 below)


def keyness(stats: _Stats, words: int, general: float) -> float:
    """How much more often the document uses a form than general language does: its Zipf in
    the document (occurrences per billion words, a per-word rate) less its general Zipf,
    rare forms counted at the lists' floor.  *measures* in a COVID corpus ≈ 1.8, *lymphocytes*
    ≈ 3.5: the contrast that tells a document's terms from its everyday words."""
    return math.log10(max(1, stats.occurrences) / words * 1e9) - max(general, KEYNESS_FLOOR)


def _overlapping(a: str, b: str) -> bool:
    """Is one key the other, or a run of its words (*fracture* in *fracture numérique*; but
    *flu* is not in *influenza*)?"""
    return f" {a} " in f" {b} " or f" {b} " in f" {a} "


def _dictionary_rendering(dictionary, zh: str, en: str) -> bool:
    """Does the dictionary give ``en`` (lemma-equal, glosses' notes in brackets aside) as a
    translation of the whole Chinese term?  (症状 → symptom; 家居服 → not *interior*.)"""
    if dictionary is None or not hasattr(dictionary, "glosses"):
        return False
    wanted = _lemma_key(en)
    return any(_lemma_key(re.sub(r"\([^)]*\)", " ", gloss)) == wanted for gloss in dictionary.glosses(zh))


def _lemma_key(text: str) -> str:
    return " ".join(t.lemma for t in term_words("en", text[3:] if text.startswith("to ") else text)
                    if t.content).lower()


def _embedded_share(stats: _Stats) -> float:
    """Share of the occurrences that sit inside a longer phrase (see Candidate.embedded)."""
    return stats.embedded / max(1, stats.occurrences)


def _capitalised(surface: str, lang: str) -> bool:
    """Every content word starts with a capital letter (*Boston Globe*, *Nations unies* is not)."""
    words = [t.text for t in term_words(lang, surface) if t.content]
    return bool(words) and all(w[:1].isupper() for w in words)


# --------------------------------------------------------------------------- the stage


@dataclass(frozen=True)
class _Vote:
    unit: int
    fr: str
    en: str
    score: float
    cover: float  # the weakest word coverage of the triangle (zh–en or fr–en)
    cover_zf: float  # how much of the French rendering the Chinese term's words explain
    leak: float  # words translating something outside the term, or the term's left outside


@dataclass(frozen=True)
class _Draft:
    zh: str
    fr: str
    en: str
    agreement: float
    confidence: float
    units: tuple[int, ...]  # units the zh term occurs in
    chosen_units: tuple[int, ...]  # units that voted for this rendering
    fr_variants: tuple[str, ...]
    evidence: TermEvidence
    en_variants: tuple[str, ...] = ()


def extract_terms(alignment: Alignment, *, encoder, dictionary=None,
                  settings: ExtractionSettings = ExtractionSettings()) -> tuple[TermEntry, ...]:
    """Trilingual term entries of one aligned document, most confident first."""
    return tuple(entry for entry, _ in extract_scored(alignment, encoder=encoder, dictionary=dictionary,
                                                      settings=settings))


def extract_scored(alignment: Alignment, *, encoder, dictionary=None,
                   settings: ExtractionSettings = ExtractionSettings(),
                   model: TermModel | None = None) -> tuple[tuple[TermEntry, TermEvidence], ...]:
    """:func:`extract_terms` with the evidence each entry's confidence was computed from
    (what ``bench/train_terms.py`` fits the model on)."""
    model = model or load_term_model()
    zh_lang, fr_lang, en_lang = settings.languages
    if not all(lang in alignment.texts for lang in settings.languages):
        return ()
    texts = _unit_texts(alignment, settings.languages)
    min_frequency = settings.min_frequency or (2 if len(texts) > 500 else 1)

    lexicon = dictionary if dictionary is not None and hasattr(dictionary, "__contains__") else None
    stats = {lang: _collect(texts, lang, lexicon) for lang in settings.languages}
    frequent = {lang: [k for k, s in stats[lang][0].items() if len(s.units) >= min_frequency]
                for lang in settings.languages}
    surface = {lang: {k: preferred_surface(stats[lang][0][k]) for k in frequent[lang]}
               for lang in settings.languages}
    kept = {lang: {k for k in frequent[lang] if plausible_term(
                lang, surface[lang][k], dictionary, stats[lang][0][k].is_title,
                verbal=not stats[lang][0][k].nominal, is_name=stats[lang][0][k].is_name)}
            for lang in settings.languages}
    verbal = {k for k in kept[zh_lang] if not stats[zh_lang][0][k].nominal}
    phrase_vectors = {}
    for lang in settings.languages:
        keys = sorted(kept[lang])
        vectors = encoder.encode([surface[lang][k] for k in keys]) if keys else []
        phrase_vectors[lang] = dict(zip(keys, vectors))
    linker = _UnitLinker(texts, settings.languages, encoder, dictionary)

    votes: dict[str, list[_Vote]] = defaultdict(list)
    for unit_id, unit in enumerate(texts):
        if not all(unit[lang] for lang in settings.languages):
            continue
        spans = {lang: _spans_in_unit(stats[lang][0], kept[lang], unit_id) for lang in settings.languages}
        if not all(spans.values()):
            continue
        ze = linker.links(unit_id, zh_lang, en_lang)
        fe = linker.links(unit_id, fr_lang, en_lang)
        zf = triangulated(linker.links(unit_id, zh_lang, fr_lang), ze, fe)
        pairs = _shortlist(phrase_vectors, spans, settings)
        unit_best: dict[str, tuple] = {}  # a term written twice in a unit votes once
        for (z_start, z_end), zh in spans[zh_lang].items():
            frs = _projected(zf, z_start, z_end, spans[fr_lang], settings.max_extension)
            ens = _projected(ze, z_start, z_end, spans[en_lang], settings.max_extension)
            options = set(pairs.get(zh, ())) | {(f, e) for f in frs for e in ens}
            best = None
            for (f_span, fr), (e_span, en) in sorted(options):
                z_span = (z_start, z_end)
                if zh in verbal and not (nominal_rendering(fr_lang, surface[fr_lang][fr])
                                         and nominal_rendering(en_lang, surface[en_lang][en])):
                    continue  # 咳嗽 → tousser: the verb, not a term
                if not (_head_linked(zf, z_span, f_span) and _head_linked(ze, z_span, e_span)):
                    continue  # the term's head word is not translated: a partial rendering
                covers = (_cover(zf, z_span, f_span, zh_lang), _cover(ze, z_span, e_span, zh_lang),
                          _cover(fe, f_span, e_span, fr_lang))
                leak = (_leak(zf, z_span, f_span) + _leak(ze, z_span, e_span)
                        + _spill(zf, z_span, f_span) + _spill(ze, z_span, e_span)) / 2
                sizes = (len(zf.a_within(*z_span)), len(zf.b_within(*f_span)), len(ze.b_within(*e_span)))
                score = _triple_score(phrase_vectors, (zh, fr, en), settings, covers, sizes, leak)
                # A rendering that stops inside a longer phrase here (*Secrétaire général des
                # Nations* [unies]) loses to the whole phrase.
                score -= settings.cut_penalty * ((unit_id, *f_span) in stats[fr_lang][0][fr].cut_spans) \
                    + settings.cut_penalty * ((unit_id, *e_span) in stats[en_lang][0][en].cut_spans)
                candidate = (round(score, 6), -len(fr) - len(en), fr, en, min(covers[1], covers[2]), covers[0],
                             leak)
                if best is None or candidate > best:
                    best = candidate
            if best is not None:
                unit_best[zh] = max(unit_best.get(zh, best), best)
        for zh, best in unit_best.items():
            votes[zh].append(_Vote(unit_id, best[2], best[3], best[0], best[4], best[5], best[6]))

    words = {lang: max(1, sum(len(_WORD_RE.findall(unit[lang])) for unit in texts)) for lang in (fr_lang, en_lang)}
    drafts = []
    c_values = c_value({k: stats[zh_lang][0][k].occurrences for k in kept[zh_lang]})
    for zh, unit_votes in votes.items():
        tally: dict[tuple[str, str], list[_Vote]] = defaultdict(list)
        for vote in unit_votes:
            tally[(vote.fr, vote.en)].append(vote)
        (fr, en), chosen = max(tally.items(), key=lambda kv: (sum(v.score for v in kv[1]), kv[0]))
        agreement = float(np.mean([v.score for v in chosen]))
        cover = max(v.cover for v in chosen)  # one unit where the words plainly translate suffices
        if agreement < settings.min_agreement or cover < settings.min_cover:
            continue  # renderings whose words do not translate each other: a phrase, not a term
        zh_stats = stats[zh_lang][0][zh]
        fr_stats, en_stats = stats[fr_lang][0][fr], stats[en_lang][0][en]
        fr_form, en_form = surface[fr_lang][fr], surface[en_lang][en]
        fr_zipf, en_zipf = zipf(fr_lang, fr_form), zipf(en_lang, en_form)
        evidence = TermEvidence(
            agreement=agreement, cover=cover,
            leak=float(np.mean([v.leak for v in chosen])),
            consistency=len(chosen) / len(unit_votes),
            units=math.log2(1 + min(len(chosen), UNITS_CAP)),
            generality=(zipf(zh_lang, zh) + fr_zipf + en_zipf) / 3,
            keyness=(keyness(fr_stats, words[fr_lang], fr_zipf) + keyness(en_stats, words[en_lang], en_zipf)) / 2,
            name=float(zh_stats.is_name or (_capitalised(fr_form, fr_lang) and _capitalised(en_form, en_lang))),
            title=float(zh_stats.is_title or bool(fr_stats.abbreviations or en_stats.abbreviations)),
            multiword=float(max(fr_stats.words, en_stats.words) > 1),
            verbal=float(zh in verbal),
            nested=math.log1p(max(0.0, c_values.get(zh, 0.0))),
            gap=abs(fr_stats.words - en_stats.words),
            embedded=max(_embedded_share(fr_stats), _embedded_share(en_stats)),
            broken=_embedded_share(zh_stats),
            sounds_alike=(max(sounds_alike(zh, fr_form), sounds_alike(zh, en_form)) if zh_stats.is_name else 0.0),
            in_dictionary=float(_dictionary_rendering(dictionary, zh, en_form)),
            verb_form=float(not nominal_rendering(fr_lang, fr_form)))
        confidence = model.probability(evidence)
        # Another French rendering chosen elsewhere for the same English: a variant
        # (and an inconsistency the divergence check reports).
        fr_variants = {v.fr for v in unit_votes if v.en == en and not _overlapping(v.fr, fr)
                       and v.score >= settings.min_agreement and v.cover_zf >= settings.min_cover}
        # Another English rendering the document gives the term again and again (流感:
        # *influenza* here, *flu* there): its forms are variants of the entry.
        en_variants = set()
        by_en: dict[str, list[_Vote]] = defaultdict(list)
        for vote in unit_votes:
            by_en[vote.en].append(vote)
        for other_en, others in sorted(by_en.items()):
            good = [v for v in others if v.score >= settings.min_agreement]
            if not _overlapping(other_en, en) and len({v.unit for v in good}) >= settings.min_variant_units \
                    and max(v.cover for v in good) >= settings.min_cover:
                en_variants.add(other_en)
                fr_variants.update(v.fr for v in good if not _overlapping(v.fr, fr))
        drafts.append(_Draft(zh, fr, en, agreement, confidence, tuple(sorted(zh_stats.units)),
                             tuple(v.unit for v in chosen), tuple(sorted(fr_variants)), evidence,
                             tuple(sorted(en_variants))))
    drafts = _resolve_overlaps(drafts, stats[zh_lang][0])
    drafts.sort(key=lambda d: (-d.confidence, d.zh))
    return tuple((_to_entry(d, alignment, stats, surface, settings), d.evidence)
                 for d in drafts[: settings.max_entries] if d.confidence >= settings.min_confidence)


def _spans_in_unit(stats: dict[str, _Stats], kept: set[str], unit_id: int) -> dict[tuple[int, int], str]:
    return {span: key for key in kept for span in stats[key].spans.get(unit_id, ())}


_SHORTLIST_SIDE = 64  # candidates a side when a unit has too many for every (fr, en) pair
_EXACT_SHORTLIST = 1 << 20  # zh × fr × en candidates scored at once (8 MB)


def _shortlist(vectors, spans, settings: ExtractionSettings) -> dict[str, list]:
    """For each Chinese candidate of a unit, the (fr, en) pairs closest by phrase embeddings.

    Every (zh, fr, en) triple is scored when there are at most a million of them; beyond,
    only the 64 French and the 64 English candidates closest to each Chinese one are paired,
    so a unit of thousands of candidates costs 64 × 64 a Chinese candidate, not zh × fr × en
    (a version ten times too long made that tensor 8 GiB)."""
    zh_lang, fr_lang, en_lang = settings.languages
    zs, fs, es = (list(spans[lang].items()) for lang in settings.languages)
    vz = np.array([vectors[zh_lang][k] for _, k in zs])
    vf = np.array([vectors[fr_lang][k] for _, k in fs])
    ve = np.array([vectors[en_lang][k] for _, k in es])
    result: dict[str, list] = {}
    if len(zs) * len(fs) * len(es) <= _EXACT_SHORTLIST:
        coarse = (vz @ vf.T)[:, :, None] + (vz @ ve.T)[:, None, :] + (vf @ ve.T)[None, :, :]
        for zi, (_, zh) in enumerate(zs):
            flat = np.argsort(-coarse[zi], axis=None, kind="stable")[: settings.shortlist]
            result.setdefault(zh, []).extend(
                (fs[fi], es[ei]) for fi, ei in zip(*np.unravel_index(flat, coarse[zi].shape)))
        return result
    for zi, (_, zh) in enumerate(zs):
        zf, ze = vf @ vz[zi], ve @ vz[zi]
        f_idx = np.argsort(-zf, kind="stable")[:_SHORTLIST_SIDE]
        e_idx = np.argsort(-ze, kind="stable")[:_SHORTLIST_SIDE]
        coarse = zf[f_idx][:, None] + ze[e_idx][None, :] + vf[f_idx] @ ve[e_idx].T
        flat = np.argsort(-coarse, axis=None, kind="stable")[: settings.shortlist]
        result.setdefault(zh, []).extend(
            (fs[f_idx[fi]], es[e_idx[ei]]) for fi, ei in zip(*np.unravel_index(flat, coarse.shape)))
    return result


class _UnitLinker:
    """Content words of every unit, their embeddings and links, computed once per document."""

    def __init__(self, texts: list[dict[str, str]], languages: Sequence[str], encoder, dictionary):
        self.dictionary = dictionary
        self.tokens = {lang: [_link_tokens(lang, unit[lang], dictionary) for unit in texts] for lang in languages}
        self.vectors: dict[str, dict[str, np.ndarray]] = {}
        for lang in languages:
            vocab = sorted({encoder_form(t) for unit in self.tokens[lang] for t in unit})
            self.vectors[lang] = dict(zip(vocab, encoder.encode(vocab))) if vocab else {}
        self._association: dict[tuple[str, str], dict] = {}

    def links(self, unit_id: int, a: str, b: str) -> WordLinks:
        if (a, b) not in self._association:
            association = dice_association(self.tokens[a], self.tokens[b])
            if a == "zh":
                association = {**association, **self._transliterations(b)}
            self._association[(a, b)] = association
        return link_words(a, self.tokens[a][unit_id], b, self.tokens[b][unit_id],
                          vectors_a=self.vectors[a], vectors_b=self.vectors[b],
                          dictionary=self.dictionary, association=self._association[(a, b)],
                          dictionary_min_chars=2)

    def _transliterations(self, lang: str) -> dict[tuple[str, str], float]:
        """Links between a transliterated Chinese name and the capitalised word of the other
        version that sounds like it (卡瓦诺 ↔ Kavanaugh, 伯纳斯顿 ↔ Burnaston): names are
        rarely in the dictionary and embeddings know few of them."""
        pairs: dict[tuple[str, str], float] = {}
        for zh_tokens, other in zip(self.tokens["zh"], self.tokens[lang]):
            names = [t for t in zh_tokens if len(t.text) >= 2 and transliterated(t.text)]
            capitals = [t for t in other if t.text[:1].isupper()]
            for x in names:
                for y in capitals:
                    score = sounds_alike(x.text, y.text)
                    if score >= TRANSLITERATION_MATCH:
                        pairs[(x.key, y.key)] = max(pairs.get((x.key, y.key), 0.0), 0.5 + 0.4 * score)
        return pairs


TRANSLITERATION_MATCH = 0.75  # sounds_alike from which a name and a spelling are linked


def _link_tokens(lang: str, text: str, dictionary=None) -> tuple[Token, ...]:
    """Content words; Chinese compounds the dictionary does not know are split into
    dictionary pieces (国事访问 → 国事 访问), so a one-word rendering (*visite*) does not
    look as complete as *visite d'État*; known ones (联合国教科文组织 → UNESCO) stay whole."""
    if lang != "zh":
        return tuple(part for t in content_tokens_of(lang, text) if t.content for part in _hyphen_parts(t))
    tokens = _rejoined_names(_rejoined_words(content_tokens_of(lang, text), dictionary))
    pieces: list[Token] = []
    for token in tokens:
        start = token.start
        known = dictionary is not None and dictionary.translations(token.text)
        whole = known or transliterated(token.text)  # 卡瓦诺 stays one name
        for piece in (dictionary_pieces(token.text) if len(token.text) >= 3 and not whole else (token.text,)):
            pieces.append(Token(piece, start, start + len(piece), piece, True, token.tag))
            start += len(piece)
    return tuple(pieces)


def _rejoined_words(tokens: Sequence[Token], dictionary) -> list[Token]:
    """Neighbouring words that are one word of the dictionary, joined as the candidates join
    them (生物|多样性 → 生物多样性), so the term's head is one linked word."""
    lexicon = dictionary if dictionary is not None and hasattr(dictionary, "__contains__") else None
    out = []
    for i, end in lexicon_runs([t.text for t in tokens], lexicon):
        run = tokens[i:end]
        if len(run) > 1 and all(a.end == b.start for a, b in zip(run, run[1:])):
            text = "".join(t.text for t in run)
            out.append(Token(text, run[0].start, run[-1].end, text, any(t.content for t in run), run[-1].tag))
        else:
            out.extend(run)
    return out


def _rejoined_names(tokens: Sequence[Token]) -> tuple[Token, ...]:
    """Content words, with the name syllables the segmenter cut glued back (卡瓦|诺 → 卡瓦诺),
    as the candidates have them (``glossary.candidates``)."""
    out: list[Token] = []
    for k, token in enumerate(tokens):
        last = out[-1] if out else None
        if last is not None and last.end == token.start and last.tag != CLOSED_NAME_TAG and \
                glued_name_syllable((last.text, last.tag), (token.text, token.tag),
                                    tokens[k + 1].tag if k + 1 < len(tokens) else ""):
            text = last.text + token.text
            out[-1] = Token(text, last.start, token.end, text, True, joined_name_tag(token.tag))
        else:
            out.append(token)
    return tuple(t for t in out if t.content)


def _hyphen_parts(token: Token) -> tuple[Token, ...]:
    """High-level → High, level: word counts and links then match *de haut niveau*."""
    if "-" not in token.text.strip("-"):
        return (token,)
    parts, start = [], token.start
    for piece in token.text.split("-"):
        if piece:
            parts.append(Token(piece, start, start + len(piece), piece.lower(), True, token.tag))
        start += len(piece) + 1
    return tuple(parts)


def triangulated(direct: WordLinks, via_first: WordLinks, via_second: WordLinks) -> WordLinks:
    """Add the links a→c→b to the direct a→b links (zh→en→fr): the third language repairs
    a pair without a dictionary, as cognates and CC-CEDICT meet in English.

    ``via_first`` links a→c and ``via_second`` links b→c.
    """
    a_to_b = {i: set(js) for i, js in direct.a_to_b.items()}
    for i, js in via_first.a_to_b.items():
        for j in js:
            for k in via_second.b_to_a.get(j, ()):
                a_to_b.setdefault(i, set()).add(k)
    b_to_a: dict[int, set[int]] = {}
    for i, ks in a_to_b.items():
        for k in ks:
            b_to_a.setdefault(k, set()).add(i)
    return WordLinks(direct.a, direct.b, direct.sim, {i: tuple(sorted(v)) for i, v in a_to_b.items()},
                     {k: tuple(sorted(v)) for k, v in b_to_a.items()})


def _projected(links: WordLinks, start: int, end: int, candidates: dict[tuple[int, int], str],
               max_extension: int) -> list[tuple[tuple[int, int], str]]:
    """Target candidates around the words that [start, end) links to: phrase extraction
    as in phrase-based MT, the linked core plus a few unlinked words around it."""
    inside = links.a_within(start, end)
    targets = sorted({j for i in inside for j in links.a_to_b.get(i, ())})
    if not targets:
        return []
    first, last = targets[0], targets[-1]
    result = []
    for (c_start, c_end), key in candidates.items():
        tokens = links.b_within(c_start, c_end)
        if tokens and tokens[0] <= first and last <= tokens[-1] \
                and (first - tokens[0]) + (tokens[-1] - last) <= max_extension:
            result.append(((c_start, c_end), key))
    return result


def _head_linked(links: WordLinks, a_span: tuple[int, int], b_span: tuple[int, int]) -> bool:
    """Is the last (head) word of the Chinese term linked to a word of the rendering?
    (措施应对 → *mesures*: 应对 untranslated; 全球治理 → *gouvernance mondiale*: 治理 ✓.)"""
    inside = links.a_within(*a_span)
    targets = links.b_within(*b_span)
    if not inside or not targets:
        return False
    if set(targets) & set(links.a_to_b.get(inside[-1], ())):
        return True
    # As in _cover: one word left on each side (数字鸿沟: 鸿沟 ↔ divide) may be each other's translation.
    left_a = [i for i in inside if not set(links.a_to_b.get(i, ())) & set(targets)]
    left_b = [j for j in targets if not set(links.b_to_a.get(j, ())) & set(inside)]
    return left_a == [inside[-1]] and len(left_b) == 1 and links.sim[inside[-1], left_b[0]] >= RESIDUAL_FLOOR


def _inside_or_copy(links: WordLinks, a_span: tuple[int, int]) -> set[int]:
    """a-side tokens in the span, and elsewhere in the unit the same words again: a word
    repeated in a sentence may be linked to either copy (人工智能 … 人工智能 ↔ IA … IA)."""
    inside = set(links.a_within(*a_span))
    words = {links.a[i].text for i in inside}
    return {i for i, t in enumerate(links.a) if i in inside or t.text in words}


def _spill(links: WordLinks, a_span: tuple[int, int], b_span: tuple[int, int]) -> float:
    """Share of the words the term links to that lie outside the rendering
    (联合国 → United, Nations: the rendering *Nations* alone is incomplete)."""
    targets = {j for i in links.a_within(*a_span) for j in links.a_to_b.get(i, ())}
    if not targets:
        return 0.0
    inside = set(links.b_within(*b_span))
    return len(targets - inside) / len(targets)


def _leak(links: WordLinks, a_span: tuple[int, int], b_span: tuple[int, int]) -> float:
    """Share of the rendering's linked words whose links all lead outside the term."""
    a = _inside_or_copy(links, a_span)
    linked = [j for j in links.b_within(*b_span) if j in links.b_to_a]
    if not linked:
        return 0.0
    return sum(1 for j in linked if not a & set(links.b_to_a[j])) / len(linked)


RESIDUAL_FLOOR = 0.25  # a pair of leftover words this dissimilar is not a translation


def _cover(links: WordLinks, a_span: tuple[int, int], b_span: tuple[int, int], a_lang: str) -> float:
    """F1 of the shares of both phrases' words linked to each other."""
    a, b = links.a_within(*a_span), links.b_within(*b_span)
    if not a or not b:
        return 0.0
    linked = {(i, j) for i in a for j in links.a_to_b.get(i, ()) if j in b}
    linked_a, linked_b = {i for i, _ in linked}, {j for _, j in linked}
    # Chinese words differ in size: weigh them by characters.
    weight_a = [len(links.a[i].text) if a_lang == "zh" else 1 for i in a]
    total_a = sum(weight_a)
    p = sum(w for i, w in zip(a, weight_a) if i in linked_a) / total_a
    r = len(linked_b) / len(b)
    left_a, left_b = [i for i in a if i not in linked_a], [j for j in b if j not in linked_b]
    if len(left_a) == 1 and len(left_b) == 1 and links.sim[left_a[0], left_b[0]] >= RESIDUAL_FLOOR:
        # The last word left on each side of a compositional translation most likely
        # translate each other (数字鸿沟 / digital divide: 鸿沟 ↔ divide).
        p += weight_a[a.index(left_a[0])] / total_a
        r += 1 / len(b)
    return 2 * p * r / (p + r) if p + r else 0.0


def _triple_score(vectors, keys: tuple[str, str, str], settings: ExtractionSettings,
                  covers: tuple[float, float, float], sizes: tuple[int, int, int], leak: float) -> float:
    zh, fr, en = keys
    zh_lang, fr_lang, en_lang = settings.languages
    vz, vf, ve = vectors[zh_lang][zh], vectors[fr_lang][fr], vectors[en_lang][en]
    cosine = (float(vz @ vf) + float(vz @ ve) + float(vf @ ve)) / 3
    _n_zh, n_fr, n_en = sizes
    gap = abs(n_fr - n_en)  # Chinese word counts depend on the segmenter: not comparable
    return (0.5 * cosine + 0.5 * sum(covers) / 3 - settings.length_penalty * gap
            - settings.leak_penalty * leak)


def _resolve_overlaps(drafts: list[_Draft], zh_stats: dict[str, _Stats]) -> list[_Draft]:
    """One entry per rendering; a nested term only where it also stands alone.

    A rendering goes to the Chinese candidate with the most evidence for it
    (agreement summed over the units that chose it); a title in 《》 is a whole
    name and wins over pieces of it.
    """
    by_rendering: dict[tuple[str, str], _Draft] = {}
    claimants = [d.zh for d in drafts]
    for draft in sorted(drafts, key=lambda d: (not zh_stats[d.zh].is_title,
                                                 not _stands_alone(d.zh, [c for c in claimants if d.zh in c and c != d.zh
                                                                          and _same_rendering(drafts, c, d)], zh_stats),
                                                 -round(_support(d), 2),
                                                 -d.agreement, len(d.zh), d.zh)):
        by_rendering.setdefault((draft.fr, draft.en), draft)
    kept = list(by_rendering.values())
    # A longer entry with less evidence does not hide a nested one (生物多样性保护 /
    # protection, a poor pairing, does not hide 生物多样性 / biodiversité).  Evidence, not
    # the model's confidence: which entries exist must not depend on the model fitted on them.
    return [d for d in kept
            if _stands_alone(d.zh, [o.zh for o in kept if o is not d and d.zh in o.zh
                                    and _support(o) >= _support(d)], zh_stats)]


def _support(draft: _Draft) -> float:
    return round(draft.agreement * len(draft.chosen_units), 6)


def _same_rendering(drafts: list[_Draft], zh: str, other: _Draft) -> bool:
    """Does the longer candidate ``zh`` claim ``other``'s rendering, with its extra words no
    more left untranslated than ``other``'s?  (生物多样性保护 for *biodiversité*: 保护 is
    *protection*, outside the rendering, so 生物多样性 keeps it.)"""
    return any(d.zh == zh and (d.fr, d.en) == (other.fr, other.en)
               and d.evidence.leak <= other.evidence.leak + LEAK_TOLERANCE for d in drafts)


LEAK_TOLERANCE = 0.1


def _stands_alone(short: str, longer: list[str], zh_stats: dict[str, _Stats]) -> bool:
    """Does ``short`` occur somewhere not inside one of the ``longer`` terms?"""
    if not longer:
        return True
    for unit, spans in zh_stats[short].spans.items():
        covering = [span for term in longer for span in zh_stats[term].spans.get(unit, [])]
        if any(not any(s <= start and end <= e for s, e in covering) for start, end in spans):
            return True
    return False


def _to_entry(draft: _Draft, alignment: Alignment, stats, surface, settings) -> TermEntry:
    zh_lang, fr_lang, en_lang = settings.languages
    terms = {zh_lang: draft.zh, fr_lang: surface[fr_lang][draft.fr], en_lang: surface[en_lang][draft.en]}
    variants: dict[str, tuple[str, ...]] = {}
    extra = {fr_lang: [surface[fr_lang][f] for f in draft.fr_variants],
             en_lang: [surface[en_lang][e] for e in draft.en_variants]}
    for lang, key in ((fr_lang, draft.fr), (en_lang, draft.en)):
        forms = tuple(dict.fromkeys(extra[lang] + stats[lang][0][key].abbreviations))
        if forms:
            variants[lang] = forms
    contexts = []
    for unit_id in draft.chosen_units[:3]:
        unit: AlignedUnit = alignment.units[unit_id]
        contexts.append(Context(
            texts={lang: alignment.unit_text(unit, lang) for lang in settings.languages},
            segment_ids={lang: tuple(unit.ids.get(lang, ())) for lang in settings.languages}))
    return TermEntry(terms=terms, variants=variants, confidence=round(draft.confidence, 4),
                     frequency=len(draft.units), contexts=tuple(contexts), source=alignment.doc_id)
