"""Ingest and segment never crash on arbitrary Unicode: they answer or refuse cleanly."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from align.errors import TriglotError
from align.ingest import ingest_text
from align.lang.script import CONTROL_RE, remove_controls
from align.segment import segment_text

# Weighted towards what pages contain: Han, Latin, digits, punctuation, spaces, newlines.
text = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from("中法两国人工智能。，“”《》()（）?？!！…\n\n  ．.:;«»\u3000\ue27e\ufffdé"),
    ),
    max_size=400,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text, st.sampled_from(["zh", "fr", "en"]))
def test_ingest_never_crashes(page, lang):
    try:
        clean = ingest_text(page, lang)
    except TriglotError:
        return
    assert clean.text.endswith("\n") and not CONTROL_RE.search(clean.text)


@settings(max_examples=300, deadline=None)
@given(text, st.sampled_from(["zh", "fr", "en"]))
def test_segment_never_crashes_and_loses_no_text(page, lang):
    segmented = segment_text(page, lang)
    joined = "".join(s.text for s in segmented.sentences)
    # nothing is lost but control characters, which no sentence holds
    assert "".join(joined.split()) == "".join(remove_controls(page).split())
    assert not any(CONTROL_RE.search(s.text) for s in segmented.sentences)
