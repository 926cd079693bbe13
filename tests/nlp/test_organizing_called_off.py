"""Look-alikes found on real-style posts: a news story relayed with its source (转自…晚报), an
outing met at a station, one person's errand that only mentions 大家; and gatherings that will not
happen: one called off in the post, one whose hour had passed when it was forwarded."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp.normalize import normalize
from nlp.organizing import OrganizingDetector
from nlp.organizing.gathering import find_times

PUBLISHED = datetime.fromisoformat("2026-11-20T21:30:00+08:00")  # a Friday evening


@pytest.fixture(scope="module")
def detector() -> OrganizingDetector:
    return OrganizingDetector()


@pytest.mark.parametrize("text", [
    "转自都市晚报：11月19日上午，不少受骗老人在区政府门口聚集，区政府工作人员把他们领到了信访接待室。",
    "周六早上八点长途汽车站集合，坐大巴去郊外看红叶，摄影爱好者都来呀。",
    "我下周一自己去一趟市信访局问问进度，不想麻烦大家，有消息回来跟大家说。",
])
def test_relayed_news_outings_and_lone_errands_are_not_calls(detector, text) -> None:
    assert not detector.detect(normalize(text), PUBLISHED).is_call, text


def test_a_gathering_called_off_in_the_post_is_not_given(detector) -> None:
    text = "各位出借人，明天市政府门口集合的事取消了！改成今晚八点大家一起在留言板发帖。"
    assert detector.detect(normalize(text), PUBLISHED).gathering is None
    assert all(t.start.day != 21 for t in find_times(text, PUBLISHED))


def test_a_call_forwarded_after_its_hour_gives_no_gathering() -> None:
    text = "转：今天上午9点，市政府门口集合，所有红岭的出借人！"
    assert find_times(text, datetime.fromisoformat("2026-11-20T11:00:00+08:00")) == []
    # Still running when forwarded half an hour in: people can still join.
    assert len(find_times(text, datetime.fromisoformat("2026-11-20T09:30:00+08:00"))) == 1
