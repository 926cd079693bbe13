"""Model directory of the ``linear`` sentiment backend: JSON + .npy files with SHA-256 checksums in meta.json.

Written by ``yuqing train sentiment``, read wherever the worker runs; never pickle, because a model
directory may come from elsewhere. meta.json is written last, so its presence means complete.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from nlp.errors import ModelError
from nlp.sentiment.linear import LinearBackend, LinearSettings
from nlp.sentiment.linear_blend import Blend

FORMAT_VERSION = 2  # 2: meta.json may hold a "blend"; version-1 models (no blend) still load
READABLE_VERSIONS = (1, 2)
ARRAYS = ("char_idf", "word_idf", "weights")
VOCABS = ("char_vocab", "word_vocab")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def save_model(model: LinearBackend, out: Path, s: LinearSettings, stats: Mapping[str, object]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "meta.json").unlink(missing_ok=True)  # meta.json is written last: its presence = complete
    files: dict[str, str] = {}
    for name, vocab in (("char_vocab", model._char.vocab), ("word_vocab", model._word.vocab)):
        (out / f"{name}.json").write_text(json.dumps(list(vocab), ensure_ascii=False), "utf-8")
        files[f"{name}.json"] = _sha256(out / f"{name}.json")
    for name, arr in (("char_idf", model._char_idf), ("word_idf", model._word_idf), ("weights", model._weights)):
        np.save(out / f"{name}.npy", arr, allow_pickle=False)
        files[f"{name}.npy"] = _sha256(out / f"{name}.npy")
    meta = {"format_version": FORMAT_VERSION, "backend": "linear",
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "labels": {"1": "negative", "0": "non-negative"}, "training": stats,
            "settings": asdict(s), "intercept": model._intercept,
            "blend": None if model.blend is None else model.blend.to_json(), "files": files}
    (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2), "utf-8")


def load_model(path: Path) -> LinearBackend:
    if not path.is_dir():
        raise ModelError(f"linear sentiment model {path}: not a directory")
    meta_path = path / "meta.json"
    try:
        meta = json.loads(meta_path.read_text("utf-8"))
        files, version = meta["files"], meta["format_version"]
        raw: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in meta["settings"].items()}
        settings = LinearSettings(**raw)
    except FileNotFoundError:
        raise ModelError(f"linear sentiment model {path}: meta.json is missing (incomplete model?)") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"linear sentiment model {path}: meta.json is unreadable ({exc})") from None
    if meta.get("backend") != "linear" or version not in READABLE_VERSIONS:
        raise ModelError(f"linear sentiment model {path}: backend {meta.get('backend')!r} format {version!r}, "
                         f"expected linear format {' or '.join(map(str, READABLE_VERSIONS))}")
    missing = [f for f in [*(f"{n}.json" for n in VOCABS), *(f"{n}.npy" for n in ARRAYS)] if not (path / f).is_file()]
    if missing:
        raise ModelError(f"linear sentiment model {path}: missing {', '.join(missing)}")
    bad = [f for f, digest in files.items() if _sha256(path / f) != digest]
    if bad:
        raise ModelError(f"linear sentiment model {path}: corrupted (checksum mismatch) {', '.join(bad)}")
    try:
        vocabs = [json.loads((path / f"{n}.json").read_text("utf-8")) for n in VOCABS]
        arrays = [np.load(path / f"{n}.npy", allow_pickle=False) for n in ARRAYS]
        char_vocab, word_vocab = vocabs
        char_idf, word_idf, weights = arrays
        blend = Blend.from_json(meta["blend"]) if meta.get("blend") is not None else None
        return LinearBackend(settings, char_vocab, word_vocab, char_idf, word_idf, weights,
                             float(meta["intercept"]), meta=meta, blend=blend)
    except (ValueError, TypeError, KeyError, AttributeError, OSError) as exc:
        raise ModelError(f"linear sentiment model {path}: unreadable ({exc})") from None
