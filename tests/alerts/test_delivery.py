"""The Dispatcher as the duty desk lives it: robots that go down and come back, nights, digests,
restarts, and configuration mistakes — on a real SQLite store and a mock robot."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from alerts.delivery import OUTBOX_KEY, Dispatcher, build_dispatcher
from alerts.errors import DeliveryError
from alerts.render import Message
from alerts.routing import Route
from pipeline.errors import ConfigError
from pipeline.schema import Alert
from pipeline.store import StoreUnavailable
from pipeline.store.sqlite import SqliteStore
from tests.alerts.test_render import make_alert

T0 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)  # 10:00 in Beijing
ENV = {"YUQING_DESK_URL": "https://desk.example/hook"}
DESK = {"desk": {"type": "webhook", "url": "env:YUQING_DESK_URL"}}


class Robot:
    """The desk's webhook receiver; `up` switches it on and off."""

    def __init__(self) -> None:
        self.up = True
        self.tries = 0
        self.received: list[dict[str, Any]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.tries += 1
        if not self.up:
            return httpx.Response(503)
        self.received.append(json.loads(request.content))
        return httpx.Response(200, json={"errcode": 0})

    def ids(self) -> list[list[str]]:
        return [[b["alert"]["id"]] if b["kind"] == "alert" else [a["id"] for a in b["alerts"]] for b in self.received]


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture()
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "desk" / "yuqing.db"


@pytest.fixture()
def store(db_path: Path) -> Iterator[SqliteStore]:
    st = SqliteStore(str(db_path))
    st.setup()
    yield st
    st.close()


@pytest.fixture()
def robot() -> Robot:
    return Robot()


@pytest.fixture()
def clock() -> Clock:
    return Clock()


def dispatcher(store: SqliteStore, robot: Robot, clock: Clock, channels: dict[str, Any] | None = None,
               env: dict[str, str] | None = None) -> Dispatcher:
    return build_dispatcher(DESK if channels is None else channels, store=store, env=env or ENV, label="yuqing.yaml",
                            http=httpx.Client(transport=httpx.MockTransport(robot)), clock=clock,
                            sleep=lambda s: None, kibana_url="http://127.0.0.1:5601")


def alert(n: int, level: str = "medium", platform: str = "善林金融", minutes: int = 0, **over: Any) -> Alert:
    return make_alert(id=f"heat:{platform}:{n}", level=level, platform=platform,
                      fired_at=T0 + timedelta(minutes=minutes), **over)


def stored(store: SqliteStore, alert_id: str) -> Alert:
    return next(a for a in store.alerts(limit=1000) if a.id == alert_id)


def records(a: Alert) -> list[tuple[str, bool, str | None]]:
    return [(d.channel, d.sent, d.error) for d in a.delivery]


def test_without_channels_every_alert_goes_to_the_log(store: SqliteStore, robot: Robot, clock: Clock,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    d = dispatcher(store, robot, clock, channels={})
    assert list(d.routes) == ["log"]
    with caplog.at_level(logging.INFO, logger="yuqing.alerts"):
        out = d.dispatch(alert(1))
    assert records(out) == [("log", True, None)]
    assert records(stored(store, out.id)) == [("log", True, None)]
    assert any("level=medium platform=善林金融" in r.getMessage() for r in caplog.records)


def test_a_robot_that_is_down_gets_the_alert_once_it_is_back(store: SqliteStore, robot: Robot, clock: Clock) -> None:
    d = dispatcher(store, robot, clock)
    robot.up = False
    out = d.dispatch(alert(1))
    assert robot.tries == 3, "three tries inside the first attempt"
    assert records(out) == [("desk", False, "HTTP 503 from desk.example (3 tries)")]
    assert [(i["alert"], i["kind"]) for i in d.pending()] == [(out.id, "retry")]
    assert d.tick(T0 + timedelta(seconds=10)).sent == 0 and robot.tries == 3, "not due before 30 s"
    robot.up = True
    flush = d.tick(T0 + timedelta(seconds=31))
    assert (flush.sent, flush.pending) == (1, 0)
    d.tick(T0 + timedelta(hours=2))
    assert robot.ids() == [[out.id]], "delivered exactly once"
    assert [r[:2] for r in records(stored(store, out.id))] == [("desk", False), ("desk", True)]


def test_failed_retries_back_off_until_the_robot_answers(store: SqliteStore, robot: Robot, clock: Clock) -> None:
    d = dispatcher(store, robot, clock)
    robot.up = False
    d.dispatch(alert(1))
    d.tick(T0 + timedelta(seconds=30))  # second attempt fails: next in 60 s
    assert d.pending()[0]["tries"] == 2
    assert d.tick(T0 + timedelta(seconds=89)).failed == 0
    assert d.tick(T0 + timedelta(seconds=90)).failed == 1
    assert len(stored(store, "heat:善林金融:1").delivery) == 3


def test_after_an_outage_each_platform_gets_one_message_not_a_storm(store: SqliteStore, robot: Robot,
                                                                    clock: Clock) -> None:
    d = dispatcher(store, robot, clock)
    robot.up = False
    for n in range(4):
        clock.now = T0 + timedelta(minutes=n)
        d.dispatch(alert(n, minutes=n))
    d.dispatch(alert(9, platform="团贷网", minutes=3))
    robot.up = True
    d.tick(T0 + timedelta(hours=1))
    assert sorted(robot.ids()) == [["heat:善林金融:3"], ["heat:团贷网:9"]]
    for n in range(3):
        assert records(stored(store, f"heat:善林金融:{n}"))[-1] == ("desk", False, "superseded")


def test_a_waiting_graver_alert_is_not_replaced_by_a_milder_one(store: SqliteStore, robot: Robot, clock: Clock) -> None:
    d = dispatcher(store, robot, clock)
    robot.up = False
    d.dispatch(alert(1, level="low"))
    d.dispatch(alert(2, level="high", minutes=1))  # level rose: the waiting low is replaced
    d.dispatch(alert(3, level="medium", minutes=2))  # level fell: the waiting high stays
    robot.up = True
    d.tick(T0 + timedelta(hours=1))
    assert sorted(robot.ids()) == [["heat:善林金融:2"], ["heat:善林金融:3"]]
    assert records(stored(store, "heat:善林金融:1"))[-1] == ("desk", False, "superseded")


def test_quiet_hours_hold_a_medium_but_not_a_high(store: SqliteStore, robot: Robot, clock: Clock) -> None:
    night = {"desk": {**DESK["desk"], "quiet_hours": "23:00-07:00"}}
    clock.now = datetime(2026, 11, 20, 1, 0, tzinfo=UTC) - timedelta(hours=8)  # 01:00 in Beijing
    d = dispatcher(store, robot, clock, channels=night)
    medium = d.dispatch(alert(1, level="medium"))
    high = d.dispatch(alert(2, level="high", platform="团贷网"))
    assert robot.ids() == [[high.id]] and medium.delivery == []
    assert d.pending()[0]["kind"] == "hold"
    d.tick(datetime.fromisoformat("2026-11-20T06:59:00+08:00"))
    assert len(robot.received) == 1
    d.tick(datetime.fromisoformat("2026-11-20T07:00:00+08:00"))
    assert robot.ids() == [[high.id], [medium.id]]


def test_low_alerts_wait_for_one_digest(store: SqliteStore, robot: Robot, clock: Clock) -> None:
    cfg = {"desk": {**DESK["desk"], "digest": True, "digest_every": "60m"}}
    d = dispatcher(store, robot, clock, channels=cfg)
    lows = []
    for n, platform in enumerate(["善林金融", "团贷网", "钱宝网"]):
        clock.now = T0 + timedelta(minutes=5 * n)
        lows.append(d.dispatch(alert(n, level="low", platform=platform, minutes=5 * n)))
    medium = d.dispatch(alert(7, level="medium", platform="唐小僧"))
    assert robot.ids() == [[medium.id]], "only the low alerts wait"
    d.tick(T0 + timedelta(minutes=59))
    assert len(robot.received) == 1
    d.tick(T0 + timedelta(minutes=60))
    digest = robot.received[-1]
    assert digest["kind"] == "digest" and digest["title"] == "【低】舆情预警汇总（3 条）"
    assert sorted(robot.ids()[-1]) == sorted(a.id for a in lows)
    for low in lows:
        assert records(stored(store, low.id)) == [("desk", True, None)]


def test_a_restarted_alerter_continues_the_outbox_without_sending_twice(db_path: Path, store: SqliteStore,
                                                                        robot: Robot, clock: Clock) -> None:
    robot.up = False
    first = dispatcher(store, robot, clock)
    a = first.dispatch(alert(1))
    store.close()  # the process dies

    reopened = SqliteStore(str(db_path))
    second = dispatcher(reopened, robot, clock)
    assert [i["alert"] for i in second.pending()] == [a.id]
    robot.up = True
    second.tick(T0 + timedelta(minutes=1))
    assert robot.ids() == [[a.id]]
    reopened.close()

    again = SqliteStore(str(db_path))
    third = dispatcher(again, robot, clock)
    third.dispatch(stored(again, a.id))  # the alerter replays its pending list after a crash
    third.tick(T0 + timedelta(hours=3))
    assert robot.ids() == [[a.id]], "what was sent is not sent again"
    assert again.get_state(OUTBOX_KEY) == {"version": 1, "alerts": {}, "items": []}
    again.close()


class StateWritesFail:
    """The store as it is when the process dies between recording a send and saving the outbox."""

    def __init__(self, inner: SqliteStore) -> None:
        self.inner = inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def put_state(self, key: str, value: dict[str, Any]) -> None:
        raise StoreUnavailable("disk full")


def test_a_crash_right_after_a_send_does_not_send_it_again(store: SqliteStore, robot: Robot, clock: Clock) -> None:
    robot.up = False
    a = dispatcher(store, robot, clock).dispatch(alert(1))
    robot.up = True
    dying = dispatcher(StateWritesFail(store), robot, clock)  # type: ignore[arg-type]
    with pytest.raises(StoreUnavailable):
        dying.tick(T0 + timedelta(minutes=1))
    assert robot.ids() == [[a.id]]
    assert (store.get_state(OUTBOX_KEY) or {})["items"], "sent, but the outbox still lists it"
    restarted = dispatcher(store, robot, clock)
    restarted.tick(T0 + timedelta(minutes=10))
    assert robot.ids() == [[a.id]] and restarted.pending() == []


def test_an_alert_nobody_can_receive_for_a_day_is_given_up(store: SqliteStore, robot: Robot, clock: Clock) -> None:
    d = dispatcher(store, robot, clock)
    robot.up = False
    d.dispatch(alert(1))
    flush = d.tick(T0 + timedelta(hours=25))
    assert (flush.expired, flush.pending) == (1, 0)
    assert records(stored(store, "heat:善林金融:1"))[-1] == ("desk", False, "gave up: undelivered after 24h")


def test_routes_pick_alerts_by_level_platform_and_region(store: SqliteStore, robot: Robot, clock: Clock) -> None:
    cfg = {"shanghai": {"type": "log", "regions": ["上海市"]},
           "dongguan": {"type": "log", "regions": ["东莞"], "levels": ["high", "medium"]},
           "city_high": {"type": "log", "levels": ["high"], "platforms": ["善林金融"]}}
    d = dispatcher(store, robot, clock, channels=cfg)
    gathering = {"start": "2026-11-21T01:00:00+00:00", "place": "人民广场", "province": "上海", "city": "上海"}

    def channels(a: Alert) -> list[str]:
        return [r[0] for r in records(a)]

    assert channels(d.dispatch(alert(1, gathering=gathering))) == ["shanghai"]
    assert channels(d.dispatch(alert(2, platform="团贷网"), region="广东省东莞市")) == ["dongguan"]
    assert channels(d.dispatch(alert(3, level="low", platform="团贷网"), region="广东省东莞市")) == []
    assert channels(d.dispatch(alert(4, level="high"), region="上海市浦东新区")) == ["shanghai", "city_high"]


class Broken:
    name = "broken"

    def send(self, message: Message) -> None:
        raise RuntimeError("bug")


class Flaky:
    name = "flaky"

    def send(self, message: Message) -> None:
        raise DeliveryError("HTTP 502 from robot.example (3 tries)")


def test_a_broken_channel_is_recorded_and_the_others_still_deliver(store: SqliteStore, caplog: pytest.LogCaptureFixture) -> None:
    from alerts.channels.log import LogChannel

    d = Dispatcher([Route("broken", Broken()), Route("flaky", Flaky()), Route("log", LogChannel())], store,
                   clock=lambda: T0)
    with caplog.at_level(logging.INFO, logger="yuqing.alerts"):
        out = d.dispatch(alert(1))
    assert records(out) == [("broken", False, "internal error (RuntimeError)"),
                            ("flaky", False, "HTTP 502 from robot.example (3 tries)"), ("log", True, None)]


def test_robot_secrets_stay_out_of_alerts_outbox_and_logs(store: SqliteStore, robot: Robot, clock: Clock,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    token, secret = "0123456789abcdef0123456789abcdef", "SEC9f8e7d6c5b4a39281706f5e4d3c2b1a0"
    env = {"YUQING_DINGTALK_URL": f"https://oapi.dingtalk.com/robot/send?access_token={token}",
           "YUQING_DINGTALK_SECRET": secret}
    cfg = {"duty": {"type": "dingtalk", "url": "env:YUQING_DINGTALK_URL", "secret": "env:YUQING_DINGTALK_SECRET",
                    "roster": [13800000000]}}
    robot.up = False
    d = dispatcher(store, robot, clock, channels=cfg, env=env)
    with caplog.at_level(logging.DEBUG):
        out = d.dispatch(alert(1))
        d.tick(T0 + timedelta(minutes=5))
    assert records(out)[0][:2] == ("duty", False)
    everything = (caplog.text + stored(store, out.id).to_json() + json.dumps(store.get_state(OUTBOX_KEY))
                  + json.dumps(d.pending()))
    assert "oapi.dingtalk.com" in caplog.text
    for leak in (token, secret, "access_token"):
        assert leak not in everything


@pytest.mark.parametrize("entry,env,key,problem", [
    ({"type": "pager"}, {}, "channels.x.type", "expected one of"),
    ({"type": "dingtalk", "url": "env:YUQING_DT_URL"}, {}, "channels.x.url", "environment variable YUQING_DT_URL is not set"),
    ({"type": "dingtalk", "url": "env:YUQING_DT_URL", "secret": "SEClit3ral"}, {"YUQING_DT_URL": "https://d.example/x"},
     "channels.x.secret", "write env:YUQING_NAME"),
    ({"type": "log", "quiet_hours": "25:00-07:00"}, {}, "channels.x.quiet_hours", "HH:MM-HH:MM"),
    ({"type": "log", "levels": ["urgent"]}, {}, "channels.x.levels", "high, medium, low"),
    ({"type": "log", "colour": "red"}, {}, "channels.x.colour", "unknown key"),
    ({"type": "log", "digest_every": "soon"}, {}, "channels.x.digest_every", "duration"),
    ({"type": "wecom", "url": "env:U", "roster": ["<@all>"]}, {"U": "https://w.example/x"}, "channels.x.roster", "user ids"),
    ({"type": "email", "host": "smtp.example.com", "security": "none", "from": "a@b.c", "to": ["d@e.f"]}, {},
     "channels.x.security", "localhost"),
    ({"type": "email", "host": "127.0.0.1", "from": "a@b.c", "to": ["d@e.f"], "username": "duty",
      "password": "env:YUQING_SMTP_PASSWORD"}, {}, "channels.x.password", "YUQING_SMTP_PASSWORD is not set"),
])
def test_configuration_mistakes_name_the_file_and_key(store: SqliteStore, entry: dict[str, Any], env: dict[str, str],
                                                      key: str, problem: str) -> None:
    with pytest.raises(ConfigError) as err:
        build_dispatcher({"x": entry}, store=store, env=env, label="desk.yaml")
    assert (err.value.file, err.value.key) == ("desk.yaml", key)
    assert problem in err.value.problem
    assert "SEClit3ral" not in str(err.value)
