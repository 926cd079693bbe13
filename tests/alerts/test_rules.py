"""The rules as the desk meets them: small platforms, busy ones, adverts, lone complaints, collapses."""

from __future__ import annotations

from alerts.backtest import replay
from alerts.config import RuleSettings
from alerts.engine import Engine
from tests.alerts.builders import at, post, quiet_history

RULES = RuleSettings()
TROUBLE = ["{p}提现困难，三天没到账了", "{p} 提现不到账，客服也不回", "{p}逾期了，有人知道怎么回事吗",
           "{p} 是不是暴雷了", "{p}无法提现，钱要不回来了", "{p} 客服失联，电话打不通", "听说{p}老板跑路了"]


def troubled(platform: str, start_h: float, n: int, every_h: float = 0.25) -> list:
    return [post(platform, at(start_h + i * every_h), text=TROUBLE[i % len(TROUBLE)].format(p=platform) + f" #{i}",
                 negative=0.85) for i in range(n)]


def run(posts: list) -> list:
    return list(replay(posts, RULES))


def test_three_trouble_posts_on_a_small_platform_raise_medium_within_minutes() -> None:
    history = quiet_history("鑫盛财富", 10)
    trouble = troubled("鑫盛财富", 24 * 10 + 1, 3, every_h=0.5)
    alerts = run(history + trouble)
    medium = [a for a in alerts if a.level in ("medium", "high")]
    assert medium, alerts
    delay = (medium[0].fired_at - trouble[-1].published_at).total_seconds()
    assert 0 <= delay <= 120
    assert "鑫盛财富" in medium[0].reason and "提现" in medium[0].reason
    assert medium[0].evidence and {e.id for e in medium[0].evidence} <= {p.id for p in trouble}


def test_one_complaint_on_a_healthy_platform_is_not_a_warning() -> None:
    history = quiet_history("安达金服", 14, per_day=20)
    lone = troubled("安达金服", 24 * 7 + 5, 1) + troubled("安达金服", 24 * 11 + 9, 1)
    assert not [a for a in run(history + lone) if a.level != "low"]


def test_a_busy_platform_needs_more_than_its_usual_complaints() -> None:
    # 40 posts a day, two of them complaints, for two weeks: three complaints in a day is normal there
    history = quiet_history("融信贷", 14, per_day=40)
    usual = [p for d in range(14) for p in troubled("融信贷", 24 * d + 3, 1) + troubled("融信贷", 24 * d + 15, 1)]
    assert not [a for a in run(history + usual) if a.level != "low"]
    burst = troubled("融信贷", 24 * 14 + 2, 12, every_h=0.1)
    assert [a for a in run(history + usual + burst) if a.level in ("medium", "high")]


def test_a_promotion_surge_is_at_most_low() -> None:
    history = quiet_history("安达金服", 10, per_day=10)
    promo = [post("安达金服", at(24 * 10 + 2 + i * 0.02), text=f"安达金服周年庆加息券活动，收益翻倍 {i}", negative=0.1,
                  likes=50, reposts=20) for i in range(80)]
    alerts = run(history + promo)
    assert [a for a in alerts if a.rule == "heat"], "a surge this size is visible"
    assert all(a.level == "low" for a in alerts)


def test_heat_significance_depends_on_the_platform_size() -> None:
    # 3 → 12 posts in two hours matters for a small platform ...
    small = quiet_history("小微宝", 10, per_day=3)
    spike = [post("小微宝", at(24 * 10 + 1 + i * 0.1), text=f"小微宝 今天怎么这么多人讨论 {i}") for i in range(12)]
    assert [a for a in run(small + spike) if a.rule == "heat"]
    # ... 10 % more than usual does not matter for a busy one
    busy = quiet_history("大众理财网", 10, per_day=300)
    more = [post("大众理财网", at(24 * 10 + 2 + i * 0.03), text=f"大众理财网 日常 {i}") for i in range(30)]
    assert not [a for a in run(busy + more) if a.rule == "heat"]


def test_a_call_with_time_and_place_is_high_at_once_and_carries_the_gathering() -> None:
    history = quiet_history("鑫盛财富", 5)
    when = at(24 * 7 + 1).isoformat()
    call = post("鑫盛财富", at(24 * 5 + 3), text="鑫盛财富的投资人周五上午九点浦东新区人民政府门口集合", negative=0.7,
                call=True, gathering={"start": when, "place": "浦东新区人民政府", "city": "上海市"})
    alerts = run(history + [call])
    high = [a for a in alerts if a.level == "high"]
    assert high and high[0].fired_at == call.published_at
    assert high[0].gathering is not None and high[0].gathering.place == "浦东新区人民政府"
    assert "浦东新区人民政府" in high[0].reason


def test_one_message_per_platform_per_window_unless_the_level_rises() -> None:
    history = quiet_history("鑫盛财富", 10)
    trouble = troubled("鑫盛财富", 24 * 10 + 1, 40, every_h=0.05)
    alerts = [a for a in run(history + trouble) if a.platform == "鑫盛财富"]
    levels = [a.level for a in alerts]
    # at most one message per level as it rises (a first 暴雷 / 跑路 may open as low); nothing repeated
    assert levels == sorted(set(levels), key=["low", "medium", "high"].index)
    assert levels[-2:] == ["medium", "high"]


def test_a_sustained_level_is_sent_again_after_the_suppression_window() -> None:
    history = quiet_history("鑫盛财富", 10)
    trouble = troubled("鑫盛财富", 24 * 10 + 1, 60, every_h=0.25)  # 15 hours of steady trouble
    alerts = [a for a in run(history + trouble) if a.platform == "鑫盛财富"]
    assert any(a.reason.startswith("持续") for a in alerts)
    gaps = [(b.fired_at - a.fired_at).total_seconds() for a, b in zip(alerts, alerts[1:], strict=False) if a.level == b.level]
    assert all(g >= RULES.suppress.total_seconds() for g in gaps)


def test_engine_state_survives_a_restart_mid_surge() -> None:
    history = quiet_history("鑫盛财富", 10)
    trouble = troubled("鑫盛财富", 24 * 10 + 1, 30, every_h=0.1)
    posts = history + trouble
    straight = [(a.fired_at, a.level, a.rule) for a in run(posts)]
    first = Engine(RULES)
    cut = len(history) + 8
    got = [(a.fired_at, a.level, a.rule) for a in replay(posts[:cut], RULES, first)]
    second = Engine(RULES)
    second.load(first.to_json())
    # the same posts again (redelivery after a crash) and the rest: no repeats, nothing missing
    got += [(a.fired_at, a.level, a.rule) for a in replay(posts[cut - 8:], RULES, second)]
    assert got == straight


def test_source_silence_is_noticed_for_a_steady_source_only() -> None:
    steady = [post("甲平台", at(i * 0.25), site="steady") for i in range(24 * 4 * 3)]  # 4 an hour, 3 days
    sparse = [post("乙平台", at(i * 8.0), site="sparse") for i in range(9)]
    later = [post("乙平台", at(24 * 3 + 12), site="sparse")]
    alerts = run(steady + sparse + later)
    silent = [a for a in alerts if a.rule == "source_silence"]
    assert silent and all("steady" in a.reason for a in silent)
    gap = (silent[0].fired_at - steady[-1].published_at).total_seconds()
    assert RULES.silence.after.total_seconds() <= gap <= RULES.silence.after.total_seconds() + 120
    # still silent later: reminded once per suppression window, not at every tick
    spacing = [(b.fired_at - a.fired_at).total_seconds() for a, b in zip(silent, silent[1:], strict=False)]
    assert all(s >= RULES.suppress.total_seconds() for s in spacing)
