"""The measuring stick for the alert rules: the scorer, the ElastAlert spike emulation, the history generator."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import pytest
import yaml

from alerts.score import beats, read_alerts, score
from alerts.spike import parse_duration, spike_backtest
from pipeline.config import load_settings
from pipeline.schema import Alert, Post
from tests.alerts import histories
from tests.alerts.posts import CN

T0 = datetime(2019, 3, 4, tzinfo=CN)


def at(hours: float) -> str:
    return (T0 + timedelta(hours=hours)).isoformat()


def alert(platform: str, hours: float, level: str = "medium") -> dict[str, Any]:
    return {"platform": platform, "fired_at": at(hours), "level": level, "rule": "test"}


@pytest.fixture
def truth() -> dict[str, Any]:
    return {
        "quiet_platform_days": 40.0,
        "platforms": {
            "钜翔贷": {"kind": "collapse", "trouble_start": at(100), "third_trouble_post_at": at(110)},
            "瀚沣金服": {"kind": "collapse", "trouble_start": at(200), "third_trouble_post_at": at(201)},
            "铂晟财富": {"kind": "quiet"},
            "鼎昊宝": {"kind": "surge"},
        },
    }


# --- scorer ------------------------------------------------------------------------------------


def test_a_collapse_alerted_twenty_minutes_after_the_third_post_counts_twenty_minutes(truth):
    result = score([alert("钜翔贷", 110 + 1 / 3)], truth)
    assert result["delays_min"]["钜翔贷"] == pytest.approx(20.0)
    assert result["detected_2h"] == 1 and result["collapses"] == 2


def test_a_collapse_never_alerted_counts_as_two_hours(truth):
    result = score([alert("钜翔贷", 110 + 1 / 3)], truth)
    assert result["delays_min"]["瀚沣金服"] is None
    assert result["median_delay_min"] == pytest.approx((20 + 120) / 2)
    assert result["detected_share"] == 0.5
    assert not result["criteria"]["detected_share"]


def test_an_alert_three_hours_late_is_a_miss(truth):
    result = score([alert("瀚沣金服", 204), alert("钜翔贷", 110.5)], truth)
    assert result["delays_min"]["瀚沣金服"] is None
    assert result["detected_2h"] == 1


def test_an_alert_between_trouble_start_and_the_third_post_is_an_early_detection(truth):
    result = score([alert("钜翔贷", 105, "high")], truth)
    assert result["delays_min"]["钜翔贷"] == 0.0


def test_alerts_on_a_quiet_platform_and_before_a_collapse_are_false(truth):
    alerts = [alert("铂晟财富", 10), alert("铂晟财富", 30, "high"), alert("钜翔贷", 50), alert("钜翔贷", 110.2)]
    result = score(alerts, truth)
    assert result["false_alerts"] == 3
    assert result["false_by_kind"] == {"quiet": 2, "collapse_before_trouble": 1}
    assert result["false_per_20_days"] == pytest.approx(3 / 40 * 20)
    assert not result["criteria"]["false_per_20_days"]


def test_low_alerts_are_information_and_do_not_count_as_detection_or_false_alarm(truth):
    alerts = [alert("铂晟财富", 10, "low"), alert("钜翔贷", 110.1, "low")]
    result = score(alerts, truth)
    assert result["false_alerts"] == 0 and result["detected_2h"] == 0
    assert result["low"]["false_alerts"] == 1 and result["low"]["detected_2h"] == 1


def test_a_high_alert_during_a_promotion_breaks_the_benign_surge_criterion(truth):
    result = score([alert("鼎昊宝", 12, "high"), alert("鼎昊宝", 13, "medium")], truth)
    assert result["benign_high"] == 1
    assert result["false_by_kind"] == {"surge": 2}
    assert not result["criteria"]["benign_high"]


def test_a_perfect_run_passes(truth):
    result = score([alert("钜翔贷", 110.1, "high"), alert("瀚沣金服", 201.2)], truth)
    assert result["pass"] and result["median_delay_min"] == pytest.approx(9.0)


def test_log_lines_between_alerts_are_skipped():
    lines = ["backtest: 120 posts", json.dumps(alert("x", 1)), "", "[1, 2]"]
    alerts, skipped = read_alerts(lines)
    assert len(alerts) == 1 and skipped == 2


def test_beating_the_baseline_needs_both_less_delay_and_fewer_false_alerts():
    base = {"median_delay_min": 90.0, "detected_share": 0.5, "false_alerts": 40}
    assert beats({"median_delay_min": 20.0, "detected_share": 0.9, "false_alerts": 3}, base)["both"]
    assert not beats({"median_delay_min": 20.0, "detected_share": 0.9, "false_alerts": 40}, base)["both"]


# --- ElastAlert spike emulation ----------------------------------------------------------------


def series(per_hour: list[int], platform: str = "P") -> list[dict[str, Any]]:
    """Posts spread evenly over each hour, e.g. [2, 2, 20] = two an hour, then a jump to twenty."""
    posts = []
    for h, n in enumerate(per_hour):
        for k in range(n):
            posts.append({"id": f"forum:t:{platform}{h}-{k}", "published_at": at(h + (k + 0.5) / n),
                          "platform": platform})
    return posts


def run(posts: list[dict[str, Any]], **kw: Any) -> list[dict[str, Any]]:
    opts: dict[str, Any] = {"timeframe": timedelta(hours=1), "spike_height": 3, "threshold_cur": 5,
                            "threshold_ref": 0} | kw
    return spike_backtest(posts, platform_of=lambda p: [p["platform"]], **opts)


def test_a_jump_from_two_to_twenty_posts_an_hour_fires_during_the_jump():
    alerts = run(series([2, 2, 2, 2, 20]))
    assert len(alerts) == 1
    fired = datetime.fromisoformat(alerts[0]["fired_at"])
    assert T0 + timedelta(hours=4) < fired < T0 + timedelta(hours=5)
    assert alerts[0]["level"] == "medium" and alerts[0]["platform"] == "P"
    Alert.from_dict(alerts[0])


def test_a_flat_series_never_fires():
    assert run(series([6] * 12)) == []


def test_threshold_cur_keeps_a_small_jump_quiet():
    posts = series([1, 1, 1, 4])
    assert run(posts, threshold_cur=5) == []
    assert len(run(posts, threshold_cur=3)) == 1


def test_a_sustained_high_level_after_the_jump_fires_only_once():
    # ElastAlert's weakness: once the reference window holds the new level, a collapse that stays loud is silent.
    alerts = run(series([2, 2, 2, 2] + [20] * 10))
    assert len(alerts) == 1


def test_a_slow_ramp_never_triples_hour_on_hour_and_never_fires():
    assert run(series([2, 3, 4, 6, 9, 13, 19, 28, 40])) == []


def test_a_platform_silent_for_hours_fires_on_its_first_burst_because_threshold_ref_defaults_to_zero():
    alerts = run(series([1, 0, 0, 0, 6]))
    assert len(alerts) == 1 and alerts[0]["figures"]["baseline"] == 0
    assert run(series([1, 0, 0, 0, 6]), threshold_ref=2) == []


def test_nothing_fires_before_both_windows_have_filled_once():
    assert run(series([20, 20])) == []


def test_platforms_are_windowed_separately():
    posts = series([2, 2, 2, 2, 20], "A") + series([2, 2, 2, 2, 2], "B")
    assert [a["platform"] for a in run(posts)] == ["A"]


def test_durations_read_like_elastalert_timeframes():
    assert parse_duration("1h") == timedelta(hours=1)
    assert parse_duration("2h30m") == timedelta(hours=2, minutes=30)
    with pytest.raises(Exception, match="not a duration"):
        parse_duration("an hour")


# --- history generator -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    return histories.generate(11, n_platforms=10, days=10)


def test_the_same_seed_gives_the_same_history(small):
    posts, truth = histories.generate(11, n_platforms=10, days=10)
    assert posts == small[0] and truth == small[1]
    other, _ = histories.generate(12, n_platforms=10, days=10)
    assert other != posts


def test_every_post_is_a_valid_post_without_analysis_in_time_order(small):
    posts, truth = small
    start, end = (datetime.fromisoformat(truth["period"][k]) for k in ("start", "end"))
    for post in posts:
        parsed = Post.from_dict(post)
        assert parsed.analysis is None and post["published_at"].endswith("+08:00")
        assert start <= parsed.published_at < end
    assert len({p["id"] for p in posts}) == len(posts)
    times = [datetime.fromisoformat(p["published_at"]) for p in posts]
    assert times == sorted(times)


def test_every_kind_of_platform_is_present(small):
    kinds = {p["kind"] for p in small[1]["platforms"].values()}
    assert kinds == {"quiet", "busy", "surge", "complaint", "collapse"}


def test_collapse_truth_matches_its_posts(small):
    posts, truth = small
    by_id = {p["id"]: p for p in posts}
    for name, facts in truth["platforms"].items():
        if facts["kind"] != "collapse":
            continue
        ids = facts["trouble_post_ids"]
        assert len(ids) >= 3
        for pid in ids:
            assert truth["posts"][pid]["kind"] == "trouble" and name in truth["posts"][pid]["platforms"]
            text = (by_id[pid]["title"] or "") + by_id[pid]["text"]
            assert name in text or facts["aliases"][0] in text
        times = [by_id[pid]["published_at"] for pid in ids]
        assert times == sorted(times) and facts["third_trouble_post_at"] == times[2]
        assert datetime.fromisoformat(facts["trouble_start"]) <= datetime.fromisoformat(times[0])


def test_lone_complaints_are_never_three_within_hours(small):
    posts, truth = small
    by_id = {p["id"]: p for p in posts}
    for facts in truth["platforms"].values():
        times = sorted(datetime.fromisoformat(by_id[i]["published_at"]) for i in facts["lone_complaint_ids"])
        assert all(b - a >= timedelta(hours=36) for a, b in zip(times, times[1:], strict=False))


def test_surges_are_promotions_many_times_the_usual_volume(small):
    posts, truth = small
    for name, facts in truth["platforms"].items():
        for surge in facts.get("surges", []):
            s, e = datetime.fromisoformat(surge["start"]), datetime.fromisoformat(surge["end"])
            inside = [p for p in posts if truth["posts"][p["id"]]["about"] == name
                      and s <= datetime.fromisoformat(p["published_at"]) < e]
            promo = [p for p in inside if truth["posts"][p["id"]]["kind"] == "promo"]
            assert len(promo) >= 0.6 * len(inside) and surge["posts"] >= len(promo) - 1


def test_quiet_platform_days_are_healthy_days_plus_days_before_trouble(small):
    _, truth = small
    days = truth["period"]["days"]
    start = datetime.fromisoformat(truth["period"]["start"])
    expected = sum(days if p["kind"] != "collapse" else
                   (datetime.fromisoformat(p["trouble_start"]) - start) / timedelta(days=1)
                   for p in truth["platforms"].values())
    assert truth["quiet_platform_days"] == pytest.approx(expected, abs=0.01)


def test_written_history_links_its_watchlist_through_the_config(small, tmp_path):
    posts, truth = small
    histories.write(tmp_path, posts, truth)
    settings = load_settings(tmp_path / "yuqing.yaml", env={})
    assert set(settings.watchlist.names()) == set(truth["platforms"])
    assert len((tmp_path / "posts.jsonl").read_text("utf-8").splitlines()) == len(posts)
    assert json.loads((tmp_path / "truth.json").read_text("utf-8"))["seed"] == 11
    assert yaml.safe_load((tmp_path / "yuqing.yaml").read_text("utf-8")) == {"watchlist": "watchlist.yaml"}
