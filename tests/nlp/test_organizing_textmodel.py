"""The organizing detector's second reader (nlp/organizing/textmodel.py): a character model that hears
calls the cue lists do not know, asked only where the rules leave room for a call."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp.normalize import normalize
from nlp.organizing import OrganizingDetector
from nlp.organizing.textmodel import TextCallModel, fit, load_text_model
from tests.conftest import NLP_FIXTURES, read_jsonl
from tests.nlp.test_organizing import SETS

PUBLISHED = datetime.fromisoformat("2026-11-20T21:30:00+08:00")  # a Friday evening


@pytest.fixture(scope="module")
def labelled() -> dict[str, list[dict]]:
    return {s: read_jsonl(NLP_FIXTURES / f"organizing_{s}.jsonl") for s in SETS}


def _calls(detector: OrganizingDetector, records: list[dict]) -> list[tuple[bool, bool]]:
    return [(bool(r["is_call"]), detector.detect(normalize(r["text"]), datetime.fromisoformat(r["published_at"])).is_call)
            for r in records]


def _pr(pairs: list[tuple[bool, bool]]) -> tuple[float, float]:
    tp = sum(y and p for y, p in pairs)
    return tp / max(1, sum(p for _y, p in pairs)), tp / max(1, sum(y for y, _p in pairs))


def test_the_scores_computed_without_scikit_learn_are_scikit_learns() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    records = read_jsonl(NLP_FIXTURES / "organizing_a.jsonl") + read_jsonl(NLP_FIXTURES / "organizing_b.jsonl")
    model = TextCallModel.from_dict(fit(records).to_dict())  # through the stored form
    texts = [normalize(r["text"]) for r in records]
    vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2, lowercase=False)
    reference = LogisticRegression(C=4.0, max_iter=5000, class_weight="balanced").fit(
        vec.fit_transform(texts), [int(r["is_call"]) for r in records])
    for text in ["明天  上午九点，大家一起去区信访办门口，本金要回来为止", "今天食堂的红烧肉不错", ""]:
        text = normalize(text)
        want = reference.predict_proba(vec.transform([text]))[0, 1]
        assert model.probability(text) == pytest.approx(want, abs=2e-3)  # stored weights are rounded


def test_a_second_reader_fitted_without_a_set_adds_its_missed_calls_and_keeps_precision(labelled) -> None:
    """Leave one set out: the character model never saw the set it is judged on. With it the detector
    finds at least the calls the rules find on that set, and precision stays at the desk's bar."""
    rules = OrganizingDetector(text_model=None)
    for held_out in SETS:
        model = fit([r for s in SETS if s != held_out for r in labelled[s]])
        both = _calls(OrganizingDetector(text_model=model), labelled[held_out])
        alone = _calls(rules, labelled[held_out])
        (p_both, r_both), (_p, r_alone) = _pr(both), _pr(alone)
        assert r_both >= r_alone, f"held out {held_out}: recall {r_alone:.3f} → {r_both:.3f}"
        assert p_both >= 0.92, f"held out {held_out}: precision {p_both:.3f}"


class _Eager(TextCallModel):
    """A reader that hears a call in everything: what the detector lets it decide is what the gates allow."""

    def probability(self, text: str) -> float:
        return 0.99


EAGER = _Eager(bias=0.0, terms={})


@pytest.mark.parametrize("text", [
    "【本报讯】记者获悉，部分出借人在网上号召大家明天上午九点到市政府门口集合，警方提醒切勿参与",  # news
    "关于鑫盛财富案投资人信息登记的通告：请各位投资人于11月25日前携带身份证到经侦大队登记",  # notice
    "尊敬的市长：鑫盛财富爆雷两年了，我们的血汗钱什么时候能还？恳请您过问",  # a letter to an office
    "下午三点一起去公园踩雨，钱包忘带了哈哈",  # a pastime
    "我明天自己去信访局问问本金的事，有消息再说",  # one person's own errand
    "鑫盛财富的出借人都知道，这家平台早就不行了" + "。后来的事情大家都知道了" * 30,  # long: an article, not a call
])
def test_the_second_reader_never_overrides_what_the_rules_turned_away(text: str) -> None:
    detector = OrganizingDetector(text_model=EAGER)
    assert not detector.detect(normalize(text), PUBLISHED).is_call


def test_the_second_reader_is_asked_only_about_posts_to_several_people_about_money_lost() -> None:
    detector = OrganizingDetector(text_model=EAGER)
    heard = detector.detect(normalize("就这么定了，后天下午两点整，城南街道办，谁不来谁的本金就打水漂"), PUBLISHED)
    assert heard.is_call
    assert heard.gathering is not None and heard.gathering["start"].startswith("2026-11-22T14:00")
    assert not detector.detect(normalize("后天下午两点整，城南街道办"), PUBLISHED).is_call  # nobody addressed
    assert not detector.detect(normalize("就这么定了，后天大家一起去爬山"), PUBLISHED).is_call  # nothing lost


def test_without_the_second_reader_a_cue_less_call_is_missed_and_with_it_found() -> None:
    text = normalize("元宵节当天下午3点，省政府北门，恒昌投资的出借人约起！汤圆回家再吃")
    published = datetime.fromisoformat("2025-02-01T20:00:00+08:00")
    assert not OrganizingDetector(text_model=None).detect(text, published).is_call
    found = OrganizingDetector(text_model=load_text_model()).detect(text, published)
    assert found.is_call and found.gathering is not None and found.gathering["start"].startswith("2025-02-12T15:00")


def test_everyday_talk_the_reader_never_saw_is_not_heard_as_calls() -> None:
    """Fitted on the call sets and half of the background chatter, judged on the other half."""
    background = read_jsonl(NLP_FIXTURES / "call_background.jsonl")
    calls = [r for s in SETS for r in read_jsonl(NLP_FIXTURES / f"organizing_{s}.jsonl")]
    detector = OrganizingDetector(text_model=fit(calls + background[::2]))
    heard = [r["text"] for r in background[1::2] if detector.detect(normalize(r["text"]), PUBLISHED).is_call]
    assert len(heard) <= len(background) // 200, heard


@pytest.mark.parametrize("text", [
    "上周三下午，三十多名出借人一起去了律所签委托，目前律师已立案",
    "本人是出借人，8月18日上午已到区法院递交了债权申报材料，流程分享给大家：先取号，再核对合同，二十分钟就办完了。",
])
def test_what_people_already_did_together_is_a_story_not_a_call(text: str) -> None:
    assert not OrganizingDetector(text_model=None).detect(normalize(text), PUBLISHED).is_call
    assert not OrganizingDetector(text_model=EAGER).detect(normalize(text), PUBLISHED).is_call
