"""`load_settings`: the built-in example, a YAML file with its watchlist, environment overrides, and
ConfigErrors that name the file, the dotted key and what is wrong (never echoing a secret)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import BUILTIN, load_settings
from pipeline.errors import ConfigError

WATCHLIST = """\
platforms:
  - name: 团贷网
    aliases: [团贷, tuandai]
    region: 广东省东莞市
    exclusions: [集团贷款]
  - name: 小牛在线
    aliases: [小牛]
  - 善林金融
exclusions: [小牛电动]
"""


@pytest.fixture(autouse=True)
def _hermetic(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("YUQING_CONFIG", raising=False)
    monkeypatch.delenv("YUQING_BUS", raising=False)
    monkeypatch.delenv("YUQING_STORE", raising=False)
    monkeypatch.chdir(tmp_path)  # no stray ./yuqing.yaml


def _config(tmp_path: Path, text: str, name: str = "yuqing.yaml", watchlist: str | None = WATCHLIST) -> Path:
    """Write a config (and, by default, the watchlist.yaml next to it); return the config's path."""
    cfg_dir = tmp_path / "etc"
    cfg_dir.mkdir(exist_ok=True)
    if watchlist is not None:
        (cfg_dir / "watchlist.yaml").write_text(watchlist, encoding="utf-8")
    path = cfg_dir / name
    path.write_text(text, encoding="utf-8")
    return path


def _error(path: Path, env: dict[str, str] | None = None) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        load_settings(path, env=env or {})
    return info.value


# --- what loads -------------------------------------------------------------------------------


def test_builtin_example_loads_without_any_file() -> None:
    settings = load_settings(None, env={})
    assert settings.source == BUILTIN
    assert len(settings.watchlist.platforms) > 0
    assert "团贷网" in settings.watchlist.names()
    assert settings.nlp.sentiment.backend == "default"


def test_watchlist_file_is_found_relative_to_the_config_directory(tmp_path: Path) -> None:
    cfg = _config(tmp_path, "watchlist: watchlist.yaml\nnlp:\n  sentiment:\n    batch_size: 32\n")
    settings = load_settings(cfg, env={})  # the working directory (tmp_path) has no watchlist.yaml
    assert settings.watchlist.names() == ["团贷网", "小牛在线", "善林金融"]
    tuandai = settings.watchlist.platforms[0]
    assert tuandai.aliases == ("团贷", "tuandai") and tuandai.exclusions == ("集团贷款",)
    assert settings.watchlist.exclusions == ("小牛电动",)
    assert settings.nlp.sentiment.batch_size == 32
    assert settings.source == str(cfg)


def test_inline_watchlist_is_accepted(tmp_path: Path) -> None:
    cfg = _config(tmp_path, "watchlist:\n  - name: 钱宝网\n    aliases: [钱宝]\n  - 红岭创投\n", watchlist=None)
    assert load_settings(cfg, env={}).watchlist.names() == ["钱宝网", "红岭创投"]


def test_environment_overrides_bus_and_store_from_yaml(tmp_path: Path) -> None:
    cfg = _config(tmp_path, "watchlist: watchlist.yaml\nbus: sqlite:///yaml-bus.db\nstore: sqlite:///yaml-store.db\n")
    plain = load_settings(cfg, env={})
    assert (plain.bus, plain.store) == ("sqlite:///yaml-bus.db", "sqlite:///yaml-store.db")
    env = {"YUQING_BUS": "kafka://k1:9092,k2:9092", "YUQING_STORE": "http://es:9200"}
    overridden = load_settings(cfg, env=env)
    assert (overridden.bus, overridden.store) == ("kafka://k1:9092,k2:9092", "http://es:9200")


def test_yuqing_config_env_is_used_when_no_path_is_given(tmp_path: Path) -> None:
    cfg = _config(tmp_path, "watchlist: watchlist.yaml\n", name="desk.yaml")
    settings = load_settings(None, env={"YUQING_CONFIG": str(cfg)})
    assert settings.source == str(cfg)
    assert settings.watchlist.names() == ["团贷网", "小牛在线", "善林金融"]


def test_explicit_path_wins_over_yuqing_config(tmp_path: Path) -> None:
    cfg = _config(tmp_path, "watchlist: watchlist.yaml\n", name="explicit.yaml")
    settings = load_settings(cfg, env={"YUQING_CONFIG": str(tmp_path / "absent.yaml")})
    assert settings.source == str(cfg)


def test_local_yuqing_yaml_is_used_when_present(tmp_path: Path) -> None:
    (tmp_path / "watchlist.yaml").write_text("platforms: [钱宝网]\n", encoding="utf-8")
    (tmp_path / "yuqing.yaml").write_text("watchlist: watchlist.yaml\n", encoding="utf-8")
    assert load_settings(None, env={}).watchlist.names() == ["钱宝网"]


def test_settings_are_frozen(tmp_path: Path) -> None:
    settings = load_settings(_config(tmp_path, "watchlist: watchlist.yaml\n"), env={})
    with pytest.raises(ValueError):
        settings.bus = "kafka://elsewhere:9092"  # type: ignore[misc]


# --- errors: file, dotted key, problem --------------------------------------------------------


def test_invalid_yaml_names_file_and_line(tmp_path: Path) -> None:
    cfg = _config(tmp_path, "watchlist: watchlist.yaml\nnlp:\n  sentiment: [default\n  organizing: {}\n")
    message = str(_error(cfg))
    assert str(cfg) in message
    assert "YAML" in message and "line 4" in message


@pytest.mark.parametrize("text", ["- 团贷网\n- 小牛在线\n", "just a sentence\n"])
def test_top_level_must_be_a_mapping(tmp_path: Path, text: str) -> None:
    cfg = _config(tmp_path, text)
    message = str(_error(cfg))
    assert str(cfg) in message and "mapping" in message


@pytest.mark.parametrize(
    ("text", "key", "problem"),
    [
        ("nlp:\n  sentiment:\n    backnd: linear\n", "nlp.sentiment.backnd", "not permitted"),
        ("nlp:\n  sentiment:\n    batch_size: lots\n", "nlp.sentiment.batch_size", "integer"),
        ("nlp:\n  organizing:\n    threshold: 1.5\n", "nlp.organizing.threshold", "less than 1"),
        ("nlp:\n  organizing:\n    threshold: 0\n", "nlp.organizing.threshold", "greater than 0"),
        ("nlp:\n  sentiment:\n    backend: bert\n", "nlp.sentiment.backend", "'transformers'"),
        ("alerts: {}\n", "alerts", "not permitted"),
    ],
    ids=["unknown-key", "wrong-type", "threshold-high", "threshold-zero", "bad-backend", "unknown-section"],
)
def test_bad_value_names_file_key_and_problem(tmp_path: Path, text: str, key: str, problem: str) -> None:
    cfg = _config(tmp_path, "watchlist: watchlist.yaml\n" + text)
    error = _error(cfg)
    assert error.file == str(cfg) and error.key == key
    message = str(error)
    assert str(cfg) in message and key in message and problem in message


def test_file_config_without_watchlist_key_is_refused(tmp_path: Path) -> None:
    cfg = _config(tmp_path, "nlp:\n  sentiment:\n    backend: default\n")
    error = _error(cfg)
    assert error.key == "watchlist"
    assert str(cfg) in str(error) and "missing" in str(error)


def test_missing_watchlist_file_is_named(tmp_path: Path) -> None:
    cfg = _config(tmp_path, "watchlist: platforms-2019.yaml\n")
    message = str(_error(cfg))
    assert str(tmp_path / "etc" / "platforms-2019.yaml") in message
    assert "not found" in message


def test_missing_watchlist_file_error_names_the_config_and_key(tmp_path: Path) -> None:
    cfg = _config(tmp_path, "watchlist: platforms-2019.yaml\n")
    error = _error(cfg)
    assert str(cfg) in str(error) and "watchlist" in error.key


def test_missing_config_file_is_named(tmp_path: Path) -> None:
    message = str(_error(tmp_path / "nowhere.yaml"))
    assert "nowhere.yaml" in message and "not found" in message


def test_duplicate_platform_names_the_entry(tmp_path: Path) -> None:
    wl = "platforms:\n  - 团贷网\n  - 小牛在线\n  - 善林金融\n  - name: 团贷网\n    aliases: [团贷]\n"
    cfg = _config(tmp_path, "watchlist: watchlist.yaml\n", watchlist=wl)
    error = _error(cfg)
    assert error.key == "platforms.3.name"
    message = str(error)
    assert "watchlist.yaml" in message and "duplicate" in message and "团贷网" in message


def test_duplicate_platform_in_inline_watchlist_names_the_entry(tmp_path: Path) -> None:
    cfg = _config(tmp_path, "watchlist:\n  - 钱宝网\n  - 钱宝网\n", watchlist=None)
    error = _error(cfg)
    assert error.key == "watchlist.1.name" and str(cfg) in str(error)


def test_non_text_alias_names_the_entry(tmp_path: Path) -> None:
    wl = "platforms:\n  - name: 团贷网\n    aliases: [团贷, {app: tuandai}]\n"
    cfg = _config(tmp_path, "watchlist: watchlist.yaml\n", watchlist=wl)
    error = _error(cfg)
    assert error.key == "platforms.0.aliases"
    assert "watchlist.yaml" in str(error) and "text" in str(error)


def test_unknown_platform_field_names_the_entry(tmp_path: Path) -> None:
    cfg = _config(tmp_path, "watchlist:\n  - name: 团贷网\n    alias: [团贷]\n", watchlist=None)
    assert _error(cfg).key == "watchlist.0.alias"


@pytest.mark.parametrize(
    ("section", "where"),
    [
        ("channels: {dingtalk: {token: abc-77f3e9}}\n", "dingtalk.token"),
        ("channels:\n  email:\n    smtp_password: abc-77f3e9\n", "email.smtp_password"),
        ("sources: {weibo: {api_key: abc-77f3e9}}\n", "weibo.api_key"),
        ("rules: {spike: {secret: abc-77f3e9}}\n", "spike.secret"),
    ],
)
def test_secret_in_yaml_is_refused_without_echoing_it(tmp_path: Path, section: str, where: str) -> None:
    cfg = _config(tmp_path, "watchlist: watchlist.yaml\n" + section)
    message = str(_error(cfg))
    assert str(cfg) in message and where in message
    assert "environment" in message
    assert "abc-77f3e9" not in message


def test_secret_as_env_reference_is_allowed(tmp_path: Path) -> None:
    cfg = _config(tmp_path, "watchlist: watchlist.yaml\nchannels: {dingtalk: {token: 'env:YUQING_DINGTALK_TOKEN'}}\n")
    assert load_settings(cfg, env={}).channels == {"dingtalk": {"token": "env:YUQING_DINGTALK_TOKEN"}}


@pytest.mark.parametrize("text", ["password: hunter2-77f3e9\n",
                                  "nlp:\n  sentiment:\n    api_key: hunter2-77f3e9\n"])
def test_secret_outside_known_sections_is_not_echoed(tmp_path: Path, text: str) -> None:
    cfg = _config(tmp_path, "watchlist: watchlist.yaml\n" + text)
    assert "hunter2-77f3e9" not in str(_error(cfg))


@pytest.mark.parametrize("text, key", [
    ("watchlist: watchlist.yaml\nbus: kafka://duty:s3cret-pw@10.0.0.5:9092\n", "bus"),
    ("watchlist: watchlist.yaml\nchannels:\n  dingtalk:\n    webhook: https://oapi.example/robot/send?access_token=ab12cd\n",
     "channels.dingtalk.webhook"),
])
def test_credentials_inside_urls_are_refused_without_echoing_them(tmp_path: Path, text: str, key: str) -> None:
    error = _error(_config(tmp_path, text))
    assert error.key == key
    assert "environment" in error.problem
    assert "s3cret-pw" not in str(error) and "ab12cd" not in str(error)
