"""Glue between config and nlp: build the Analyzer once from Settings, and turn its outcomes into
schema-validated Analysis objects (used by `yuqing analyze`, the worker and the benchmarks)."""

from __future__ import annotations

from nlp.analyze import Analyzer
from nlp.sentiment import load_backend
from pipeline.config import Settings


def build_analyzer(settings: Settings, backend: str | None = None, model: str | None = None) -> Analyzer:
    """The configured analyzer; `backend` / `model` override the config (CLI flags)."""
    sent = settings.nlp.sentiment
    name = backend or sent.backend
    options: dict[str, object] = {}
    if name == "transformers":
        options = {"negative_label": sent.negative_label, "batch_size": sent.batch_size}
    return Analyzer(
        platforms=settings.watchlist.specs(),
        global_exclusions=settings.watchlist.exclusions,
        sentiment=load_backend(name, model or sent.model, **options),
        organizing_threshold=settings.nlp.organizing.threshold,
    )
