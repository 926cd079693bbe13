"""Shared fixtures for the NLP tests: one organizing detector per session (building it loads the cue
automaton and the weights)."""

from __future__ import annotations

import pytest

from nlp.organizing import OrganizingDetector


@pytest.fixture(scope="session")
def detector() -> OrganizingDetector:
    return OrganizingDetector()
