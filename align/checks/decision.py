"""The decision: from the checks' evidence to one calibrated probability per unit and version.

Every check is a producer of evidence (a number that differs, a modal that is missing, a
clause that brings a version closer to the others when it is taken out).  On their own they
cry wolf: translators convert units, spell names their own way and move a negation into a
word.  The divergence model weighs them together with continuous evidence from the encoder
and the word links, and gives for each unit and each version the probability that *this
version says something the others do not*.

- **Features** (:func:`version_features`) are absolute, not relative to the document: a
  document in which every sentence was tampered with gets every unit flagged.
- **The model** is one scorer per setting (``tri``: three versions, one of them judged
  against the other two; ``bi``: a pair): gradient-boosted trees as shipped (a logistic
  regression is read too), trained by ``bench/train_divergence.py`` on planted edits in
  TICO-19 and NTREX documents and on REFreSD's labels, and stored node by node in
  ``divergence_model.json`` (with the expected cosine and length ratio of each language pair,
  and the shipped thresholds).  Calibration is measured on held-out
  documents (the reliability table is in the model file and in the training script's output).
- **The vote** (:func:`judge`): with three versions the version with the highest
  probability is the odd one out when it passes the threshold; the other two outvote it.
  The checks' flags that point at it are kept, with its probability; when none does, the
  decision writes a flag of its own from the strongest evidence (words with no counterpart,
  words the others share that it lacks, a meaning that reads differently).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping

import numpy as np

from ..lang.words import quote_tokens
from .base import Flag
from .omissions import AddedClauseCheck, text_length

MODEL_PATH = Path(__file__).with_name("divergence_model.json")

# Continuous evidence, per unit and version.
CONTINUOUS = (
    "cos",          # lowest cosine to another version, less what the language pair usually has
    "cos_gap",      # how much closer the other two are to each other than to this version
    "add_share",    # share of this version's content words linked to no other version
    "add_n",        # log(1 + their number)
    "omit_share",   # share of the others' content words (shared by the others) with no link here
    "omit_n",       # log(1 + their number)
    "len_long",     # log length ratio to the others above what the pair usually has
    "len_short",    # ... below
    "clause_gain",  # cosine gained towards every other version when one clause is taken out
    "absent",       # no text here while the others have some
    "alone",        # text here only
    "add_names",    # names and figures of this version linked to no other version
    "omit_names",   # names and figures of the others (linked between them) with no link here
    "is_zh", "is_fr", "is_en",  # the version's language (the word links are not equally good)
)
# Checks' flags pointing at this version (1) or at a pair it is in (0.5).
FLAG_KINDS = ("number", "name", "polarity", "modality", "contrary", "quantity", "degree",
              "omission", "addition", "terminology", "length")
# Marker flags: a replacement (*may* where the others say *must*) is one feature, a marker
# added or left out another, and a future (将) or hedge left out in faithful translation
# is common enough to get its own.
_MARKER_KINDS = ("modality", "quantity", "degree")
_PRESENCE_FEATURE = {"prediction": "flag_prediction", "hearsay": "flag_hearsay"}
# A negation one version lacks while the others have one is a feature of its own; negations
# counted differently (two against one) are another, far commoner in faithful translation.
# A name in place of the others' name (Madrid where they say Paris / 巴黎) is a feature
# beside the name flag.
FEATURES = (CONTINUOUS + tuple(f"flag_{k}" for k in FLAG_KINDS)
            + tuple(f"flag_{k}_presence" for k in _MARKER_KINDS) + tuple(_PRESENCE_FEATURE.values())
            + ("flag_polarity_count", "flag_name_swap"))

# Flags the model weighs as evidence but does not judge; they are reported as the check wrote
# them: reference-MT scores (no MT model ships to train with) and terminology (a rendering
# that breaks the approved termbase is a rule the reviewer set; a term rendered two ways in
# one document is what a terminology QA tool lists, a different question from "does this
# version say something the others do not").
UNJUDGED = ("reference-mt", "terminology")

# What a reader takes away (issue 13): high = a different fact or commitment; medium =
# inconsistent terminology or a partial omission; low = style and length.
KIND_SEVERITY = {
    "number": "high", "name": "high", "polarity": "high", "modality": "high", "contrary": "high",
    "quantity": "high", "addition": "high", "omission": "high",
    "terminology": "medium", "degree": "medium", "meaning": "medium",
    "length": "low",
}
# Groups of continuous evidence, for a flag the decision writes itself.
_GROUPS = {
    "addition": ("add_share", "add_n", "clause_gain", "len_long", "alone", "add_names"),
    "omission": ("omit_share", "omit_n", "len_short", "absent", "omit_names"),
    "meaning": ("cos", "cos_gap"),
}


@dataclass(frozen=True)
class LogisticModel:
    coef: tuple[float, ...]
    intercept: float

    def raw(self, x: np.ndarray) -> float:
        return float(np.dot(self.coef, x) + self.intercept)

    def probability(self, x: np.ndarray) -> float:
        return _sigmoid(self.raw(x))


@dataclass(frozen=True)
class TreeEnsemble:
    """Gradient-boosted trees: each node is (feature, threshold, left, right, value, leaf);
    ``x[feature] <= threshold`` goes left.  The raw score is ``baseline`` plus one leaf value
    per tree (already scaled by the learning rate)."""

    baseline: float
    trees: tuple[tuple[tuple[int, float, int, int, float, bool], ...], ...]

    def raw(self, x: np.ndarray) -> float:
        total = self.baseline
        for nodes in self.trees:
            k = 0
            while not nodes[k][5]:
                feature, threshold, left, right, _, _ = nodes[k]
                k = left if x[feature] <= threshold else right
            total += nodes[k][4]
        return total

    def probability(self, x: np.ndarray) -> float:
        return _sigmoid(self.raw(x))


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


def scorer_from_dict(data: Mapping, n_features: int, name: str):
    if data.get("type", "logistic") == "trees":
        trees = tuple(tuple((int(f), float(t), int(a), int(b), float(v), bool(leaf))
                            for f, t, a, b, v, leaf in nodes) for nodes in data["trees"])
        if any(not leaf and not 0 <= f < n_features for nodes in trees for f, _, _, _, _, leaf in nodes):
            raise ValueError(f"divergence model: {name} splits on a feature it does not have")
        return TreeEnsemble(float(data["baseline"]), trees)
    if len(data["coef"]) != n_features:
        raise ValueError(f"divergence model: {name} has {len(data['coef'])} coefficients "
                         f"for {n_features} features")
    return LogisticModel(tuple(data["coef"]), float(data["intercept"]))


@dataclass(frozen=True)
class DivergenceModel:
    features: tuple[str, ...]
    tri: LogisticModel | TreeEnsemble
    bi: LogisticModel | TreeEnsemble
    threshold: float  # three versions: from this probability a version is reported as the odd one
    threshold_bi: float  # two versions
    cos_expected: Mapping[str, float]  # "fr-en" -> usual cosine of faithful units
    length_expected: Mapping[str, float]  # "zh-en" -> usual log(len en / len zh)
    version: str

    def vector(self, features: Mapping[str, float]) -> np.ndarray:
        return np.array([float(features.get(name, 0.0)) for name in self.features])

    def describe(self) -> str:
        return f"model:{self.version}|p>={self.threshold}|bi.p>={self.threshold_bi}"

    def expected_cos(self, a: str, b: str) -> float:
        return self.cos_expected.get(f"{a}-{b}", self.cos_expected.get(f"{b}-{a}", 0.0))

    def expected_log_ratio(self, a: str, b: str) -> float:
        """Usual log(len b / len a) for the pair."""
        if f"{a}-{b}" in self.length_expected:
            return self.length_expected[f"{a}-{b}"]
        return -self.length_expected.get(f"{b}-{a}", 0.0)


def model_from_dict(data: Mapping) -> DivergenceModel:
    features = tuple(data["features"])
    return DivergenceModel(
        features=features,
        tri=scorer_from_dict(data["tri"], len(features), "tri"),
        bi=scorer_from_dict(data["bi"], len(features), "bi"),
        threshold=float(data["threshold"]),
        threshold_bi=float(data.get("threshold_bi", data["threshold"])),
        cos_expected=dict(data["cos_expected"]),
        length_expected=dict(data["length_expected"]),
        version=str(data["version"]),
    )


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> DivergenceModel:
    """The shipped model (``divergence_model.json`` beside this module), or one at ``path``."""
    with open(path or MODEL_PATH, encoding="utf-8") as handle:
        return model_from_dict(json.load(handle))


# --------------------------------------------------------------------------- features

def version_features(ev, evidence: Iterable[Flag], model: DivergenceModel) -> dict[tuple[int, str], dict[str, float]]:
    """Features of every (unit, version) the decision can judge: units where at least two
    versions, or one of a multi-version document, have text."""
    by_unit: dict[int, list[Flag]] = {}
    for flag in evidence:
        by_unit.setdefault(flag.unit, []).append(flag)
    gains = _clause_gains(ev)
    encoder = ev.available("encoder")
    out: dict[tuple[int, str], dict[str, float]] = {}
    for u in range(len(ev.units)):
        present = ev.present(u)
        if not present or len(ev.langs) < 2:
            continue
        for v in ev.langs:
            others = [o for o in present if o != v]
            if v not in present:
                if len(others) >= min(2, len(ev.langs) - 1):
                    out[(u, v)] = {"absent": 1.0}
                continue
            if not others:
                out[(u, v)] = {"alone": 1.0}
                continue
            x = _links_features(ev, u, v, others)
            x[f"is_{v}"] = 1.0
            if encoder:
                x.update(_cos_features(ev, u, v, others, model))
            dev = float(np.mean([math.log(text_length(ev.text(u, v)) / text_length(ev.text(u, o)))
                                 + model.expected_log_ratio(v, o) for o in others]))
            x["len_long"], x["len_short"] = max(0.0, dev), max(0.0, -dev)
            x["clause_gain"] = max(0.0, gains.get((u, v), 0.0))
            for flag in by_unit.get(u, ()):
                if flag.kind not in FLAG_KINDS:
                    continue
                weight = 1.0 if flag.diverging == v else 0.5 if flag.diverging is None and v in flag.langs else 0.0
                key = f"flag_{flag.kind}"
                if flag.kind in _MARKER_KINDS and not flag.evidence.get("conflict"):
                    key = _PRESENCE_FEATURE.get(flag.evidence.get("category"), f"{key}_presence")
                elif flag.kind == "polarity" and flag.evidence.get("clear") is False:
                    key = "flag_polarity_count"
                x[key] = max(x.get(key, 0.0), weight)
                if flag.kind == "name" and flag.evidence.get("swap"):
                    x["flag_name_swap"] = max(x.get("flag_name_swap", 0.0), weight)
            out[(u, v)] = x
    return out


def _cos_features(ev, u, v, others, model) -> dict[str, float]:
    vec = ev.unit_vectors
    rel = [float(vec[v][u] @ vec[o][u]) - model.expected_cos(v, o) for o in others]
    x = {"cos": -min(rel)}  # higher = further from the others than usual
    if len(others) == 2:
        o1, o2 = others
        between = float(vec[o1][u] @ vec[o2][u]) - model.expected_cos(o1, o2)
        x["cos_gap"] = between - float(np.mean(rel))
    return x


def _links_features(ev, u, v, others) -> dict[str, float]:
    content = ev.content(u, v)
    linked: set[int] = set()
    for o in others:
        linked.update(ev.links(u, v, o).a_to_b)
    unlinked = [i for i in range(len(content)) if i not in linked]
    omitted, shares, names = [], [], []
    for o in others:
        mine = ev.links(u, o, v).a_to_b
        rest = [w for w in others if w != o]
        if rest:  # words the other two share
            shared = set(ev.links(u, o, rest[0]).a_to_b)
        else:
            shared = set(range(len(ev.content(u, o))))
        missing = shared - set(mine)
        omitted.append(len(missing))
        shares.append(len(missing) / max(1, len(ev.content(u, o))))
        names.append(sum(1 for i in missing if is_name_like(o, ev.content(u, o)[i], ev.text(u, o))))
    return {
        "add_share": len(unlinked) / max(1, len(content)),
        "add_n": math.log1p(len(unlinked)),
        "omit_share": float(np.mean(shares)),
        "omit_n": math.log1p(float(np.mean(omitted))),
        "add_names": float(sum(1 for i in unlinked if is_name_like(v, content[i], ev.text(u, v)))),
        "omit_names": float(min(names)),
    }


_ZH_NAME_TAGS = ("nr", "ns", "nt", "nrt", "nz", "nrfg", "eng")


def is_name_like(lang: str, token, text: str) -> bool:
    """A name or a figure: a proper noun (jieba's tags; a capital not at the start of a
    sentence), or a word with a digit."""
    if any(c.isdigit() for c in token.text):
        return True
    if lang == "zh":
        return token.tag in _ZH_NAME_TAGS
    before = text[:token.start].rstrip()
    # l'Europe, d'Oxford: a capital after an elided article is a name too
    return token.text[:1].isupper() and bool(before) and before[-1] not in ".!?:«“\"(—-"


def _clause_gains(ev) -> dict[tuple[int, str], float]:
    """Largest cosine gain towards every other version from removing one clause."""
    if not ev.available("encoder"):
        return {}
    out: dict[tuple[int, str], float] = {}
    for u, lang, _, gains in AddedClauseCheck().gains(ev):
        if gains:
            out[(u, lang)] = max(out.get((u, lang), -1.0), min(gains.values()))
    return out


# --------------------------------------------------------------------------- the vote

def joined_features(feats, u: int, langs: Iterable[str]) -> dict[str, float]:
    """A pair judged as one: the larger of the two versions' values of each feature (what
    one adds, the other omits), as the pair model was trained."""
    rows = [feats[(u, v)] for v in langs if (u, v) in feats]
    keys = {k for r in rows for k in r}
    return {k: max(r.get(k, 0.0) for r in rows) for k in sorted(keys)}


def probabilities(ev, evidence: Iterable[Flag], model: DivergenceModel, feats=None) -> dict[int, dict[str, float]]:
    """unit -> version -> probability that the version says something the others do not.
    With two versions both get the pair's probability."""
    if feats is None:
        feats = version_features(ev, evidence, model)
    trilingual = len(ev.langs) >= 3
    out: dict[int, dict[str, float]] = {}
    if trilingual:
        for (u, v), x in feats.items():
            out.setdefault(u, {})[v] = model.tri.probability(model.vector(x))
        return out
    versions: dict[int, list[str]] = {}
    for u, v in feats:
        versions.setdefault(u, []).append(v)
    for u, langs in versions.items():
        p = model.bi.probability(model.vector(joined_features(feats, u, langs)))
        out[u] = {v: p for v in langs}
    return out


def judge(ev, evidence: Iterable[Flag], model: DivergenceModel, min_probability: float) -> tuple[
        list[Flag], dict[int, dict[str, float]]]:
    """The flags a reviewer reads: the checks' flags on the version the model blames, each
    with its probability, and a flag of the decision's own where no check explains it.
    Returns the flags and the per-unit probabilities."""
    evidence = list(evidence)
    feats = version_features(ev, evidence, model)
    probs = probabilities(ev, evidence, model, feats)
    trilingual = len(ev.langs) >= 3
    by_unit: dict[int, list[Flag]] = {}
    for flag in evidence:
        by_unit.setdefault(flag.unit, []).append(flag)
    out: list[Flag] = []
    for u in sorted(set(probs) | set(by_unit)):
        p = probs.get(u, {})
        present = ev.present(u)
        if trilingual and len(present) == 1:
            # A sentence only one version has: the aligner's evidence, which the model was
            # never shown (no training unit has one version alone); reported as the check wrote it.
            out.extend(f for f in by_unit.get(u, ()) if f.kind == "addition" and f.kind not in UNJUDGED)
            continue
        pair_p = None
        if trilingual and len(present) == 2:
            # One version has no counterpart here: the two present are judged as a pair.
            pair_p = model.bi.probability(model.vector(joined_features(feats, u, present)))
        odd = max(p, key=lambda lang: (p[lang], -ev.langs.index(lang))) if p else None
        kept_for_odd = False
        for flag in by_unit.get(u, ()):
            if flag.kind not in FLAG_KINDS or flag.kind in UNJUDGED:
                continue  # the relative meaning score is superseded by the model
            if pair_p is not None and set(flag.langs) <= set(present):
                pair_cut = model.threshold_bi if min_probability == model.threshold else min_probability
                if pair_p >= pair_cut:
                    out.append(replace(flag, probability=round(pair_p, 3), severity=_severity(flag)))
                continue
            blamed = flag.diverging if flag.diverging in p else None
            if trilingual and odd is not None and odd in flag.langs and (blamed in (None, odd)):
                blamed = odd
            if blamed is None:
                prob = max((p.get(lang, 0.0) for lang in flag.langs), default=0.0)
            else:
                prob = p.get(blamed, 0.0)
            if prob < min_probability:
                continue
            diverging = blamed if trilingual else flag.diverging
            out.append(replace(flag, probability=round(prob, 3), diverging=diverging,
                               severity=_severity(flag)))
            if blamed == odd or not trilingual:
                kept_for_odd = True
        if odd is not None and p[odd] >= min_probability and not kept_for_odd:
            x = feats.get((u, odd), {}) if trilingual else joined_features(feats, u, p)
            own = _own_flag(ev, u, odd if trilingual else None, x, model, p[odd])
            if own is not None:
                out.append(own)
    return out, probs


def _severity(flag: Flag) -> str:
    if flag.kind in ("omission", "addition"):
        return flag.severity  # a dropped word is medium, a dropped clause high (the check knows)
    return KIND_SEVERITY.get(flag.kind, flag.severity)


def _own_flag(ev, u, odd, x, model, prob) -> Flag | None:
    """A flag written from the continuous evidence: what the odd version adds, lacks, or
    says differently."""
    scorer = model.tri if odd else model.bi
    full = scorer.raw(model.vector(x))
    # What each group of evidence adds to the score: the drop when it is taken away.
    contribution = {group: full - scorer.raw(model.vector({k: v for k, v in x.items() if k not in names}))
                    for group, names in _GROUPS.items()}
    kind = max(contribution, key=lambda g: (contribution[g], g))
    present = ev.present(u)
    langs = ((odd,) if odd else ()) + tuple(lang for lang in ev.langs if lang != odd)
    if odd and odd not in present:
        return replace(ev.flag("omission", "high", langs, u,
                               f"{odd} has no counterpart of this sentence ({', '.join(present)} have it)",
                               {"present_in": list(present)}, odd), probability=round(prob, 3))
    others = [lang for lang in present if lang != odd] if odd else []
    highlights: dict[str, list[tuple[int, int]]] = {}
    words: dict[str, list[str]] = {}
    if kind == "omission" and odd:
        quoted = []
        for o in others:
            rest = [w for w in others if w != o]
            shared = set(ev.links(u, o, rest[0]).a_to_b) if rest else set(range(len(ev.content(u, o))))
            toks = [ev.content(u, o)[i] for i in sorted(shared - set(ev.links(u, o, odd).a_to_b))]
            highlights[o] = [(t.start, t.end) for t in toks]
            words[o] = [t.text for t in toks]
            if toks:
                quoted.append(f"{o} {quote_tokens(ev.text(u, o), toks)}")
        message = f"{odd} leaves out what {' and '.join(others)} say" + (f": {'; '.join(quoted)}" if quoted else "")
        severity = "high" if sum(len(w) for w in words.values()) >= 3 else "medium"
    else:
        quoted = []
        for target in ([odd] if odd else list(present)):
            linked: set[int] = set()
            for o in (lang for lang in present if lang != target):
                linked.update(ev.links(u, target, o).a_to_b)
            toks = [t for i, t in enumerate(ev.content(u, target)) if i not in linked]
            highlights[target] = [(t.start, t.end) for t in toks]
            words[target] = [t.text for t in toks]
            if toks:
                quoted.append(f"{target} {quote_tokens(ev.text(u, target), toks)}")
        unmatched = f"; with no counterpart: {'; '.join(quoted)}" if quoted else ""
        if kind == "addition" and odd:
            message = f"{odd} says more than {' and '.join(others)}{unmatched}"
            severity = "high" if len(words[odd]) >= 3 else "medium"
        else:
            kind = "meaning"
            message = (f"{odd} reads differently from {' and '.join(others)}{unmatched}" if odd
                       else f"{' and '.join(present)} do not say the same thing{unmatched}")
            severity = "medium"
    return replace(
        ev.flag(kind, severity, langs, u, message,
                {"evidence": {k: round(v, 3) for k, v in sorted(x.items()) if v},
                 "words": words}, odd, highlights),
        probability=round(prob, 3))
