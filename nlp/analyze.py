"""The one NLP entry point: `Analyzer.analyze(records)` → one outcome per record, in order.

normalize → link platforms → segment (jieba) → sentiment (batched) → risk terms → organizing
detector → simhash. A record that cannot be analyzed (wrong types, missing text) yields an
error outcome with a reason; it never fails the batch. The text analyzed is the title (when
present and not already the text's opening) plus the text; all spans refer to `text_norm`.
Empty text has a defined result: no tokens, no platforms, sentiment 0.0 labelled "neutral".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from nlp import NLP_VERSION
from nlp.dedup import simhashes, to_hex
from nlp.errors import InvalidDocument
from nlp.normalize import normalize
from nlp.organizing import OrganizingDetector
from nlp.platforms import PlatformLinker, PlatformSpec
from nlp.risk import find_risk
from nlp.segment import Segmenter
from nlp.sentiment import SentimentBackend, SentimentInput, label_for, load_backend


@dataclass(frozen=True, slots=True)
class Outcome:
    """Either `analysis` (a dict shaped like schema v1 Analysis) or `error` (why not)."""

    analysis: dict[str, Any] | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class _Doc:
    text_norm: str
    published: datetime


class Analyzer:
    """Built once per process from the watchlist and config; `analyze` is then pure."""

    def __init__(
        self,
        platforms: Sequence[PlatformSpec] = (),
        global_exclusions: Iterable[str] = (),
        sentiment: SentimentBackend | None = None,
        organizing_threshold: float = 0.5,
    ) -> None:
        specs = list(platforms)
        self.segmenter = Segmenter(w for s in specs for w in (s.name, *s.aliases))
        self.linker = PlatformLinker(specs, global_exclusions, word_freq=self.segmenter.word_freq)
        self.sentiment = sentiment or load_backend("default")
        self.organizing = OrganizingDetector(organizing_threshold)

    def warm_up(self) -> None:
        """Load the lazily loaded resources (time parser, place table) now, not in the first batch."""
        self.analyze([{"id": "warm-up", "published_at": "2026-01-05T20:00:00+08:00",
                       "text": "大家明天上午九点在杭州市人民政府门口集合维权，人越多越好"}])

    def analyze(self, records: Sequence[Mapping[str, Any]], now: datetime | None = None) -> list[Outcome]:
        now = now or datetime.now(UTC)
        docs: list[_Doc | str] = []
        for rec in records:
            try:
                docs.append(_prepare(rec, now))
            except InvalidDocument as exc:
                docs.append(str(exc))
        ok = [d for d in docs if isinstance(d, _Doc)]
        tokens = [self.segmenter.cut(d.text_norm) for d in ok]
        negs = self.sentiment.negative([SentimentInput(d.text_norm, t) for d, t in zip(ok, tokens, strict=True)])
        fingerprints = simhashes(tokens)
        analyzed_at = now.isoformat()
        out: list[Outcome] = []
        it = iter(zip(ok, tokens, negs, fingerprints, strict=True))
        for d in docs:
            if isinstance(d, str):
                out.append(Outcome(error=d))
                continue
            doc, toks, neg, fingerprint = next(it)
            out.append(Outcome(analysis=self._one(doc, toks, neg, fingerprint, analyzed_at)))
        return out

    def _one(self, doc: _Doc, toks: list[str], neg: float, fingerprint: int, analyzed_at: str) -> dict[str, Any]:
        text = doc.text_norm
        if text:
            sentiment = {"negative": round(float(neg), 4), "label": label_for(neg), "model": self.sentiment.name}
        else:
            sentiment = {"negative": 0.0, "label": "neutral", "model": self.sentiment.name}
        mentions = self.linker.link(text)
        org = self.organizing.detect(text, doc.published, names_platform=bool(mentions))
        return {
            "text_norm": text,
            "tokens": toks,
            "platforms": [{"name": m.name, "alias": m.alias, "start": m.start, "end": m.end} for m in mentions],
            "sentiment": sentiment,
            "risk": find_risk(text),
            "organizing": org.to_dict(),
            "simhash": to_hex(fingerprint),
            "analyzed_at": analyzed_at,
            "nlp_version": NLP_VERSION,
        }


def _prepare(rec: Mapping[str, Any], now: datetime) -> _Doc:
    if not isinstance(rec, Mapping):
        raise InvalidDocument(f"expected a JSON object, got {type(rec).__name__}")
    text = rec.get("text")
    if text is None:
        raise InvalidDocument("missing field 'text'")
    if not isinstance(text, str):
        raise InvalidDocument(f"field 'text' must be a string, got {type(text).__name__}")
    title = rec.get("title")
    if title is not None and not isinstance(title, str):
        raise InvalidDocument(f"field 'title' must be a string, got {type(title).__name__}")
    body = normalize(text)
    if title and title.strip():
        head = normalize(title)
        if head and not body.startswith(head[:20]):  # compared normalized: 團貸網 vs 团贷网, <p> tags
            body = f"{head}\n{body}"
    return _Doc(body, _published(rec.get("published_at"), now))


def _published(value: Any, now: datetime) -> datetime:
    """The post's time (anchors 明天 / 周五); without one, the analysis time."""
    if value is None or value == "":
        return now
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if not isinstance(value, str):
        raise InvalidDocument(f"field 'published_at' must be an ISO 8601 string, got {type(value).__name__}")
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidDocument(f"field 'published_at' is not ISO 8601: {value[:40]!r}") from None
    if dt.tzinfo is None:
        raise InvalidDocument(f"field 'published_at' has no UTC offset: {value[:40]!r}")
    return dt
