"""The default sentiment backend, as the desk sees it: risk news reads negative, promotion does not."""

from __future__ import annotations

import pytest

from nlp.normalize import normalize
from nlp.segment import Segmenter
from nlp.sentiment import NEGATIVE_THRESHOLD, SentimentInput, label_for, load_backend
from nlp.sentiment.default import DefaultBackend


@pytest.fixture(scope="module")
def segmenter() -> Segmenter:
    return Segmenter()


@pytest.fixture(scope="module")
def backend() -> DefaultBackend:
    return DefaultBackend()


def _doc(segmenter: Segmenter, text: str) -> SentimentInput:
    norm = normalize(text)
    return SentimentInput(norm, segmenter.cut(norm))


def _score(backend: DefaultBackend, segmenter: Segmenter, text: str) -> float:
    return backend.negative([_doc(segmenter, text)])[0]


def test_collapse_and_protest_call_is_negative(backend: DefaultBackend, segmenter: Segmenter) -> None:
    # SnowNLP alone, trained on shopping reviews, calls this positive.
    assert _score(backend, segmenter, "红岭创投暴雷了，大家明天去市政府集合维权") >= NEGATIVE_THRESHOLD


@pytest.mark.parametrize(
    "text",
    [
        "警方通报：某某财富实际控制人因涉嫌非法吸收公众存款被刑事拘留，请受害人到经侦大队登记",
        "某某贷已经三个月无法提现了，客服电话打不通，老板疑似跑路",
        "某某金服宣布清盘，出借人本金分36个月延期兑付",
        "借了三千，到手只有两千一，砍头息加暴力催收，这就是套路贷",
    ],
)
def test_risk_reports_are_negative(backend: DefaultBackend, segmenter: Segmenter, text: str) -> None:
    assert _score(backend, segmenter, text) >= NEGATIVE_THRESHOLD


@pytest.mark.parametrize(
    "text",
    [
        "稳盈宝是一家专注供应链金融的网贷平台，已接入银行存管并完成备案，新手标年化收益8%，欢迎注册体验",
        "某某金融荣获年度最具影响力互联网金融平台，并与某银行达成战略合作",
        "某某贷P2P网贷平台今日成交额为1,200万元，网贷利率为9.5%，较上一个工作日上升0.2%",
    ],
)
def test_introductions_and_rate_listings_are_not_negative(
    backend: DefaultBackend, segmenter: Segmenter, text: str
) -> None:
    assert _score(backend, segmenter, text) < NEGATIVE_THRESHOLD


def test_negated_risk_is_not_negative(backend: DefaultBackend, segmenter: Segmenter) -> None:
    assert _score(backend, segmenter, "平台运营正常，没有逾期") < NEGATIVE_THRESHOLD


def test_negated_reassurance_is_a_warning(backend: DefaultBackend, segmenter: Segmenter) -> None:
    safe = _score(backend, segmenter, "这个平台很安全，也很正规")
    unsafe = _score(backend, segmenter, "这个平台不安全，也不正规")
    assert unsafe > safe
    assert unsafe >= NEGATIVE_THRESHOLD


def test_asking_about_safety_does_not_vouch_for_a_platform(
    backend: DefaultBackend, segmenter: Segmenter
) -> None:
    explained = backend.explain(_doc(segmenter, "某某贷安全吗？靠谱吗？"))
    assert all(t["contribution"] == 0 for t in explained["terms"])
    assert label_for(explained["negative"]) == "neutral"


def test_a_question_about_running_away_is_a_question_not_a_denial(
    backend: DefaultBackend, segmenter: Segmenter
) -> None:
    explained = backend.explain(_doc(segmenter, "某某贷会不会跑路？"))
    (term,) = [t for t in explained["terms"] if t["term"] == "跑路"]
    assert term["rule"] == "question"
    assert term["contribution"] > 0


def test_a_denied_rumour_weighs_less_than_the_rumour(backend: DefaultBackend, segmenter: Segmenter) -> None:
    rumour = _score(backend, segmenter, "网传某某金服跑路，投资人很着急")
    denied = _score(backend, segmenter, "某某金服官方辟谣：平台运营正常，跑路传言不实")
    assert denied < rumour


def test_plain_happy_weibo_is_positive(backend: DefaultBackend, segmenter: Segmenter) -> None:
    score = _score(backend, segmenter, "今天天气真好，和朋友去公园玩得很开心[哈哈]")
    assert label_for(score) == "positive"


def test_plain_angry_weibo_is_negative(backend: DefaultBackend, segmenter: Segmenter) -> None:
    score = _score(backend, segmenter, "气死我了，快递又丢了，客服态度恶劣，垃圾公司")
    assert score >= NEGATIVE_THRESHOLD


def test_scores_are_probabilities_in_input_order(backend: DefaultBackend, segmenter: Segmenter) -> None:
    texts = ["某某贷暴雷跑路，老板被刑拘", "今天好开心", "", "平台已接入银行存管"]
    scores = backend.negative([_doc(segmenter, t) for t in texts])
    assert len(scores) == len(texts)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert scores[0] >= NEGATIVE_THRESHOLD > scores[1]


def test_empty_text_gets_a_neutral_score(backend: DefaultBackend) -> None:
    (score,) = backend.negative([SentimentInput("", [])])
    assert label_for(score) == "neutral"
    assert backend.negative([SentimentInput("", [])]) == [score]


def test_very_long_text_is_scored(backend: DefaultBackend, segmenter: Segmenter) -> None:
    text = "平台运营正常，" * 14_000 + "最后老板跑路了"  # ~100k characters, not normalized or truncated
    (score,) = backend.negative([SentimentInput(text, segmenter.cut(text))])
    assert 0.0 <= score <= 1.0


def test_empty_batch(backend: DefaultBackend) -> None:
    assert backend.negative([]) == []


def test_ascii_terms_match_whole_words_only(backend: DefaultBackend) -> None:
    explained = backend.explain(SentimentInput("usb接口坏了", ["usb", "接口", "坏", "了"]))
    assert "sb" not in {t["term"] for t in explained["terms"]}


def test_config_name_default_builds_this_backend() -> None:
    backend = load_backend("default")
    assert isinstance(backend, DefaultBackend)
    assert backend.name == "default"


@pytest.mark.parametrize(
    "text",
    [
        "在某某贷提现整整三天没到账，急得晚上都睡不着",
        "借给平台的五万块逾期两个月了，本金回不来了",
        "存了十年的积蓄全没了，某某财富的电话再也没人接",
        "某某贷的钱提现不了，那是我的辛苦钱",
    ],
)
def test_withdrawal_overdue_and_lost_savings_complaints_are_negative(
    backend: DefaultBackend, segmenter: Segmenter, text: str
) -> None:
    # Victims rarely write 暴雷 or 跑路; they say the money did not arrive or is gone.
    assert _score(backend, segmenter, text) >= NEGATIVE_THRESHOLD


@pytest.mark.parametrize(
    "text",
    [
        "排了两个小时队还是没买到[泪][泪]",
        "说好的周末出去玩又泡汤了，一点都不开心",
        "你们的服务可真周到啊[微笑]",  # on Weibo [微笑] is a cold smile
    ],
)
def test_everyday_unhappy_weibo_is_negative(backend: DefaultBackend, segmenter: Segmenter, text: str) -> None:
    assert _score(backend, segmenter, text) >= NEGATIVE_THRESHOLD


@pytest.mark.parametrize("text", ["和闺蜜吃火锅，太开心了[哈哈][爱你]", "终于考完试了，周末去看电影[太开心]"])
def test_everyday_happy_weibo_is_positive(backend: DefaultBackend, segmenter: Segmenter, text: str) -> None:
    assert label_for(_score(backend, segmenter, text)) == "positive"


def test_feelings_in_a_money_advert_are_not_an_accusation(backend: DefaultBackend, segmenter: Segmenter) -> None:
    # Cash-out spam wraps its link in sad prose; the post says nothing against any platform.
    text = "信用卡提现攻略：人生总有让人想哭的离别，也有难过的时候，但日子还要继续，点击了解白条取现"
    assert _score(backend, segmenter, text) < NEGATIVE_THRESHOLD
    assert backend.explain(_doc(segmenter, text))["features"]["finance_mood_negative"] > 0
