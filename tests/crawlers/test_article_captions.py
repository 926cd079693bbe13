"""Captions, ad slots and widget rows inside the article container (`crawlers.article_edges`): they go,
while sentences that merely mention photos or ads stay."""

from __future__ import annotations

from crawlers.extract import extract_article

_P = ("近日，某区警方接到多名老人报案，称在一家“健康养生馆”购买“养老理财产品”后无法取回本金。",
      "经查，该养生馆以赠送鸡蛋、免费体检为名吸引老人，再推销年化收益15%的所谓理财项目。",
      "目前，警方已对该养生馆负责人等4人采取刑事强制措施，案件正在进一步侦办中。")


def _page(middle: str) -> str:
    body = f"<p>{_P[0]}</p>{middle}<p>{_P[1]}</p><p>{_P[2]}</p>"
    return ("<html><head><meta charset='utf-8'><title>养生馆推销“养老理财” 4人被采取强制措施</title></head><body>"
            "<h1>养生馆推销“养老理财” 4人被采取强制措施</h1><div class='info'>2022-05-10 09:30 来源：某某晚报</div>"
            f"<div class='article'>{body}</div></body></html>")


def test_a_credited_caption_under_an_image_goes() -> None:
    art = extract_article(_page("<p><img src='a.jpg'/><br/><span>5月9日，民警在养生馆内清点宣传材料。 记者 方宁 摄</span></p>"))
    assert "清点宣传材料" not in art.text and _P[1] in art.text


def test_a_caption_classed_cell_goes() -> None:
    art = extract_article(_page("<table><tr><td><img src='a.jpg'/></td></tr>"
                                "<tr><td class='photo_desc'>民警在现场调查取证</td></tr></table>"))
    assert "调查取证" not in art.text and art.text.endswith(_P[2])


def test_an_ad_slots_text_between_paragraphs_goes() -> None:
    art = extract_article(_page("<ins class='adsbygoogle'>理财课限时免费</ins><p>广告：某银行大额存单 利率上浮</p>"))
    assert "理财课" not in art.text and "大额存单" not in art.text and _P[1] in art.text


def test_sentences_about_photos_and_ads_stay() -> None:
    kept = ("<p>民警提醒，养生馆内禁止拍摄的规定，是为了防止老人留下证据。</p>"
            "<p>广告公司为该养生馆制作了大量“保本高息”宣传单，相关人员已被传唤。</p>")
    art = extract_article(_page(kept))
    assert "禁止拍摄的规定" in art.text and "广告公司为该养生馆" in art.text
