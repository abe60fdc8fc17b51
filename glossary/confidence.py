"""How sure the extractor is of a term entry: one logistic model over its evidence.

The evidence of an entry (:class:`TermEvidence`) is what extraction measured: how well the
three renderings translate each other (``agreement``, ``cover``, ``leak``), how consistently
the document renders the Chinese term (``consistency``, ``units``), whether it is a name, a
title or a multiword term, its nestedness (C-value), how common its words are in general
language (``generality``, Zipf scale, see :mod:`align.lang.frequency`) and how much more the
document uses them (``keyness``).

The weights are fitted by ``bench/train_terms.py`` on entries judged by hand
(``bench/terms-judged.tsv``: correct = the three forms are equivalents a translator would
enter in a termbase) and stored in ``term_model.json`` beside this module, with the export
threshold: the lowest probability (from .30 by .01) at which the judged entries above it were
at least 92 % correct in cross-validation by document (a margin over the 90 % aimed at).  So ``confidence`` reads as "probability that a
reviewer accepts the entry"; the reliability table the script prints is the evidence.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

MODEL_PATH = Path(__file__).with_name("term_model.json")


@dataclass(frozen=True)
class TermEvidence:
    agreement: float  # mean triple score of the units that chose the rendering
    cover: float  # best share of the renderings' words linked to each other
    leak: float  # mean share of rendering words that translate something outside the term
    consistency: float  # share of the term's voting units that chose this rendering
    units: float  # log2(1 + units that chose it, at most 15)
    generality: float  # mean Zipf frequency of the three forms in general language
    keyness: float  # how much more the document uses the fr and en forms than general language
    name: float  # 1 for a person, place or organisation name
    title: float  # 1 for a title (《》) or a term with an abbreviation defined in the text
    multiword: float  # 1 when the French or English rendering has several content words
    verbal: float  # 1 for a lone Chinese verb rendered as a noun (咳嗽 / toux / cough)
    nested: float  # log(1 + C-value) of the Chinese term among the document's candidates
    gap: float  # difference in content words between the French and English renderings
    embedded: float  # share of the fr or en rendering's occurrences glued to more content words
    broken: float  # share of the Chinese term's occurrences beside a stray piece of a word
    sounds_alike: float  # for a name: how close its pinyin is to the fr or en spelling
    in_dictionary: float  # 1 when CC-CEDICT gives the English rendering for the whole term
    verb_form: float  # 1 when the French rendering opens on a verb (évaluer, recommande, rétablis)

    def vector(self) -> tuple[float, ...]:
        return tuple(float(getattr(self, f.name)) for f in fields(self))



FEATURES = tuple(f.name for f in fields(TermEvidence))


@dataclass(frozen=True)
class TermModel:
    version: str
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    intercept: float
    export_threshold: float  # entries at or above it go into the run's TBX and TSV

    def probability(self, evidence: TermEvidence) -> float:
        z = self.intercept + sum(w * (x - m) / s for w, x, m, s in
                                 zip(self.weights, evidence.vector(), self.mean, self.scale))
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


def model_from_dict(data: dict) -> TermModel:
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"term model features {data['features']} differ from {FEATURES}")
    if not len(data["mean"]) == len(data["scale"]) == len(data["weights"]) == len(FEATURES) \
            or min(data["scale"]) <= 0:
        raise ValueError("term model: one mean, positive scale and weight a feature")
    return TermModel(str(data["version"]), tuple(data["mean"]), tuple(data["scale"]),
                     tuple(data["weights"]), float(data["intercept"]), float(data["export_threshold"]))


@lru_cache(maxsize=4)
def load_term_model(path: Path = MODEL_PATH) -> TermModel:
    """The shipped model (``term_model.json`` beside this module), or one at ``path``."""
    with open(path, encoding="utf-8") as handle:
        return model_from_dict(json.load(handle))


def export_threshold() -> float:
    return load_term_model().export_threshold
