"""The cue scanner runs a cue's regex only when every literal part it needs occurs in the text; a
need it got wrong would silently drop hits, so the needs are checked against the regexes."""

from __future__ import annotations

from nlp.normalize import normalize
from nlp.organizing.cues import SCANNER
from nlp.organizing.decode import decode, mask_names
from tests.conftest import NLP_FIXTURES, read_jsonl


def test_every_cue_regex_that_matches_a_fixture_post_was_run() -> None:
    views = {decode(mask_names(normalize(rec["text"]))[0]).text
             for path in sorted(NLP_FIXTURES.glob("organizing_*.jsonl")) for rec in read_jsonl(path)}
    for view in views:
        triggered = {rx for found in SCANNER.scan(view)._triggered.values() for rx in found}
        for name, rx, _needs_met in SCANNER._anchored:
            if any(m.end() > m.start() for m in rx.finditer(view)):
                assert rx in triggered, (name, rx.pattern, view)
