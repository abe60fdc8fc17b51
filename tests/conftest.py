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
