"""Scoring for `yuqing eval linking` / `yuqing eval organizing`: labelled rows in, the analyzer's
outcomes compared against them, one summary dict out (plus the misses and false hits for `--errors`).

Definitions (the README's "Measured on real text" table uses exactly these):

- **Linking.** A labelled entity is *watched and written* when it is a watchlist name or alias and
  occurs in the analyzed text; recall is the share of those (post, entity) pairs whose platform is
  linked. A link is *false* when its platform's name, the alias matched and the matched text are all
  missing from the post's labels, and the match does not lie inside a labelled company name written
  in the text (钱爸爸 in 深圳市钱爸爸电子商务有限公司). `false_link_posts` counts posts with at least one
  false link; on data without labels (everyday chatter) every link is false.
- **Organizing.** Precision and recall of `is_call` against the call label; `false_call_share` is
  the share of non-call rows called. A gathering is *found* when a row labelled with a gathering gets
  one, *invented* when a row labelled without one (or a non-call row, when there is no gathering
  label) gets one; `gatherings_right_day` counts found ones whose start day equals the label's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from nlp.platforms import fold

COMPANY_MARKS = ("公司", "集团", "合伙")


@dataclass(slots=True)
class LinkTally:
    """Running counts of one linking evaluation."""

    names: Mapping[str, str]  # folded name or alias → canonical name
    posts: int = 0
    labelled_posts: int = 0
    pairs: int = 0
    linked_pairs: int = 0
    false_posts: int = 0
    linked_posts: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, row_id: str, labels: Sequence[str], analysis: Mapping[str, Any]) -> None:
        text = analysis["text_norm"]
        low = fold(text)
        mentions = analysis["platforms"]
        self.posts += 1
        self.labelled_posts += bool(labels)
        self.linked_posts += bool(mentions)
        linked = {m["name"] for m in mentions}
        label_set = {fold(x) for x in labels}
        for label in sorted(label_set):
            name = self.names.get(label)
            if name is None or label not in low:
                continue
            self.pairs += 1
            if name in linked:
                self.linked_pairs += 1
            else:
                self.errors.append({"id": row_id, "kind": "missed", "entity": label, "platform": name,
                                    "text": _excerpt(text, low.find(label), len(label))})
        companies = [(i, i + len(x)) for x in label_set if any(c in x for c in COMPANY_MARKS)
                     for i in _occurrences(low, x)]
        false = [m for m in mentions if not _supported(m, low, label_set, companies)]
        if false:
            self.false_posts += 1
            for m in false:
                self.errors.append({"id": row_id, "kind": "false_link", "platform": m["name"], "alias": m["alias"],
                                    "labels": sorted(labels), "text": _excerpt(text, m["start"], m["end"] - m["start"])})

    def summary(self) -> dict[str, Any]:
        return {
            "n": self.posts,
            "labelled_posts": self.labelled_posts,
            "watched_mentions": self.pairs,
            "recall": _ratio(self.linked_pairs, self.pairs),
            "posts_with_false_link": self.false_posts,
            "false_link_share": _ratio(self.false_posts, self.posts),
            "posts_linked": self.linked_posts,
            "linked_share": _ratio(self.linked_posts, self.posts),
        }


def _supported(m: Mapping[str, Any], low: str, labels: set[str], companies: list[tuple[int, int]]) -> bool:
    if {fold(m["name"]), fold(m["alias"]), low[m["start"]:m["end"]]} & labels:
        return True
    return any(a <= m["start"] and m["end"] <= b for a, b in companies)


@dataclass(slots=True)
class CallTally:
    """Running counts of one organizing evaluation."""

    has_gathering_label: bool
    posts: int = 0
    calls: int = 0
    true_pos: int = 0
    false_pos: int = 0
    gatherings: int = 0
    found: int = 0
    right_day: int = 0
    invented: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, row_id: str, is_call: bool, gathering: Any, org: Mapping[str, Any], text: str) -> None:
        """`gathering`: the label — True/False, a dict with at least `start`, or None (no label)."""
        self.posts += 1
        self.calls += is_call
        said, got = bool(org["is_call"]), org["gathering"]
        if said and is_call:
            self.true_pos += 1
        elif said:
            self.false_pos += 1
            self.errors.append(_org_error(row_id, "false_call", org, text))
        elif is_call:
            self.errors.append(_org_error(row_id, "missed_call", org, text))
        wanted = bool(gathering) if self.has_gathering_label else False
        if wanted:
            self.gatherings += 1
            if got:
                self.found += 1
                start = gathering.get("start") if isinstance(gathering, Mapping) else None
                if not start or str(got["start"])[:10] == str(start)[:10]:
                    self.right_day += 1
                else:
                    self.errors.append(_org_error(row_id, "wrong_day", org, text, expected=start))
            else:
                self.errors.append(_org_error(row_id, "missed_gathering", org, text))
        elif got and (self.has_gathering_label or not is_call):
            self.invented += 1
            self.errors.append(_org_error(row_id, "invented_gathering", org, text))

    def summary(self) -> dict[str, Any]:
        predicted = self.true_pos + self.false_pos
        out: dict[str, Any] = {
            "n": self.posts,
            "calls": self.calls,
            "precision": _ratio(self.true_pos, predicted) if predicted else None,
            "recall": _ratio(self.true_pos, self.calls) if self.calls else None,
            "false_calls": self.false_pos,
            "false_call_share": _ratio(self.false_pos, self.posts - self.calls),
            "gatherings_invented": self.invented,
        }
        if self.has_gathering_label:
            out.update(gatherings=self.gatherings, gatherings_found=self.found,
                       gathering_found_share=_ratio(self.found, self.gatherings) if self.gatherings else None,
                       gatherings_right_day=self.right_day)
        return out


def _org_error(row_id: str, kind: str, org: Mapping[str, Any], text: str, **extra: Any) -> dict[str, Any]:
    return {"id": row_id, "kind": kind, "score": org["score"], "cues": [c["text"] for c in org["cues"]],
            "gathering": org["gathering"], **extra, "text": text[:400]}


def _occurrences(low: str, needle: str) -> list[int]:
    found, i = [], low.find(needle)
    while i >= 0 and needle:
        found.append(i)
        i = low.find(needle, i + 1)
    return found


def _excerpt(text: str, start: int, length: int, around: int = 40) -> str:
    start = max(start, 0)
    return text[max(0, start - around):start + length + around]


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0
