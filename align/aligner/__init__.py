"""triglot's sentence aligner.

Public entry points:

- :func:`align_pair` — two versions of a text → beads ``[src ids]:[tgt ids]``;
- :func:`align_three` — three versions → consistent trilingual units (and the
  three pairwise projections);
- :func:`evaluate` — strict/lax precision, recall, F1 pooled over documents,
  with a breakdown by bead type;
- :func:`aligner_signature` — the settings and engine versions behind a result;
- bead files: :func:`read_beads`, :func:`write_beads`, :func:`format_beads`,
  :func:`parse_beads`.
"""
from .beads_io import format_beads, parse_beads, read_beads, write_beads
from .core import (AlignedPair, AlignerEngines, AlignerSettings, align_pair, aligner_signature,
                   load_aligner_engines, validate_pair)
from .evaluate import EvalResult, TypeScore, evaluate
from .trilingual import TrilingualAlignment, align_three, units_from_pairs

__all__ = [
    "AlignedPair", "AlignerEngines", "AlignerSettings", "EvalResult", "TrilingualAlignment", "TypeScore",
    "align_pair", "align_three", "aligner_signature", "evaluate", "format_beads", "load_aligner_engines",
    "parse_beads", "read_beads", "units_from_pairs", "validate_pair", "write_beads",
]
