"""Reference-translation scores: the official version scored against machine translation.

When an argostranslate model is installed for a pair (``triglot models
install FILE.argosmodel``), each unit of the source version is translated and
the official target is scored against that translation with sacrebleu (chrF
and BLEU, sentence level per unit and corpus level with the sacrebleu
signature).  A unit whose chrF is far below the document's usual (robust z)
is flagged: the official text strays from what a literal translation says.
MT quality varies, so these flags are low severity hints.
"""
from __future__ import annotations

from typing import Iterable

import numpy as np

from .base import Check, Flag
from .evidence import robust_z


class ReferenceMTCheck(Check):
    name = "reference-mt"
    needs = ("translator",)
    min_units = 5

    def _pairs(self, ev):
        return [(s, t) for (s, t) in sorted(ev.engines.translators) if s in ev.langs and t in ev.langs]

    def missing(self, ev):
        reason = super().missing(ev)
        if reason:
            return reason
        if not self._pairs(ev):
            have = ", ".join(f"{s}-{t}" for s, t in sorted(ev.engines.translators))
            return f"no installed model translates between the versions present (installed: {have})"
        return None

    def _scores(self, ev):
        return ev.memo(("reference-mt",), lambda: self._compute(ev))

    def _compute(self, ev):
        import sacrebleu

        out = {}
        for src, tgt in self._pairs(ev):
            units = [u for u in range(len(ev.units)) if ev.text(u, src) and ev.text(u, tgt)]
            if not units:
                continue
            translator = ev.engines.translators[(src, tgt)]
            mt = list(translator.translate([ev.text(u, src) for u in units]))
            official = [ev.text(u, tgt) for u in units]
            chrf = sacrebleu.metrics.CHRF()
            bleu = sacrebleu.metrics.BLEU(effective_order=True)
            sent_chrf = np.array([chrf.sentence_score(h, [r]).score for h, r in zip(official, mt)])
            sent_bleu = np.array([bleu.sentence_score(h, [r]).score for h, r in zip(official, mt)])
            corpus_bleu = sacrebleu.metrics.BLEU()
            doc = {
                "chrF": round(chrf.corpus_score(official, [mt]).score, 2),
                "chrF_signature": str(chrf.get_signature()),
                "BLEU": round(corpus_bleu.corpus_score(official, [mt]).score, 2),
                "BLEU_signature": str(corpus_bleu.get_signature()),
                "translator": getattr(translator, "name", "?"),
            }
            out[(src, tgt)] = (units, mt, sent_chrf, sent_bleu, doc)
        return out

    def document_scores(self, ev):
        return {f"{s}-{t}": doc for (s, t), (*_, doc) in self._scores(ev).items()}

    def unit_scores(self, ev):
        rows: dict[int, dict[str, float]] = {}
        for (s, t), (units, _, chrf, bleu, _) in self._scores(ev).items():
            for u, c, b in zip(units, chrf, bleu):
                rows.setdefault(u, {})[f"mt.chrF.{s}-{t}"] = round(float(c), 2)
                rows[u][f"mt.BLEU.{s}-{t}"] = round(float(b), 2)
        return rows

    def flags(self, ev) -> Iterable[Flag]:
        for (s, t), (units, mt, chrf, _, doc) in self._scores(ev).items():
            if len(units) < self.min_units:
                continue
            z = robust_z(chrf)
            for u, text, c, zz in zip(units, mt, chrf, z):
                if zz > -ev.settings.mt_z:
                    continue
                yield ev.flag(
                    "reference-mt", "low", (t, s), u,
                    f"{t} is far from a machine translation of {s}: chrF {c:.1f} (z {zz:+.1f})",
                    {"chrF": round(float(c), 2), "z": round(float(zz), 2), "mt": text,
                     "signature": doc["chrF_signature"]},
                    t,
                )
