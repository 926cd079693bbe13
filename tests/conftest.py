"""Shared fixtures. Building an Analyzer costs ~2 s (jieba's dictionary and the automatons), so
tests share one per watchlist for the whole session."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
NLP_FIXTURES = FIXTURES / "nlp"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def small_watchlist():
    from pipeline.watchlist import load_watchlist

    return load_watchlist(NLP_FIXTURES / "watchlist_small.yaml")


@pytest.fixture(scope="session")
def analyzer(small_watchlist):
    """The default analyzer (SnowNLP + finance layer) over the 60-platform test watchlist."""
    from nlp.analyze import Analyzer

    return Analyzer(small_watchlist.specs(), small_watchlist.exclusions)
