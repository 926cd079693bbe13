"""Undo the disguises people use to slip past keyword filters, keeping a map back to the original.

Organizing talk is written to evade: pinyin initials (wq = 维权, sf = 上访), homophones (唯权, 上仿),
characters split by spaces or symbols (维 权, 维*权). Dialect forms of the words a call is built
from (Cantonese 听日/喺/我哋/嚟, northern 明儿个, Minnan 明仔载/做伙, Wu 阿拉) read as Mandarin. The detector matches its cues on the decoded
view and maps every span back to `text_norm` offsets with `Decoded.span()`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import ahocorasick

from nlp.regex_shape import guarded

# Latin abbreviations, matched case-insensitively as whole Latin words.
PINYIN = {
    "wq": "维权", "weiquan": "维权", "sf": "上访", "shangfang": "上访", "xf": "信访", "xinfang": "信访",
    "zf": "政府", "zhengfu": "政府", "jt": "集体", "jiti": "集体", "jh": "集合", "jihe": "集合",
    "gaj": "公安局", "jrb": "金融办", "xfj": "信访局", "xfb": "信访办", "zjh": "证监会", "ybj": "银保监",
    "yiqi": "一起", "dajia": "大家", "mingtian": "明天", "shangwu": "上午", "xiawu": "下午", "jinrongban": "金融办",
    "jingzhen": "经侦", "xingdong": "行动", "tongyi": "统一",
    "hf": "横幅", "lm": "联名", "jc": "警察", "vx": "微信", "wx": "微信", "qun": "群", "jr": "金融", "jing": "京",
    "yue": "月", "ri": "日", "hao": "号", "dian": "点", "qu": "去", "zhidao": "知道", "jz": "经侦",
    # English mixed into a call by the young and by returnees (city hall 门口 gather 一下).
    "gather": "集合", "meet up": "碰头", "together": "一起", "everyone": "大家", "city hall": "市政府",
    "government": "政府", "police station": "派出所", "petition": "上访", "protest": "维权",
}
HOMOPHONES = {
    # 维权 / 上访 / 信访 / 政府 written with look-alike or sound-alike characters
    "唯权": "维权", "围权": "维权", "维劝": "维权", "威权": "维权", "为权": "维权", "維权": "维权",
    "w权": "维权", "wei权": "维权",
    "上仿": "上访", "伤访": "上访", "尚访": "上访", "上防": "上访",
    "信仿": "信访", "伈访": "信访", "新访": "信访", "信防": "信访", "信方": "信访", "新仿": "信访",
    "正府": "政府", "政付": "政府", "征府": "政府", "政腐": "政府", "蒸腐": "政府", "郑府": "政府", "正负": "政府",
    "经真": "经侦", "经镇": "经侦", "经蒸": "经侦", "金融半": "金融办", "金融ban": "金融办", "jin融": "金融", "jian管": "监管",
    "奌": "点", "横副": "横幅", "静作": "静坐", "聚积": "聚集", "集和": "集合", "汇和": "汇合", "集he": "集合",
    # groups and contact apps
    "扣扣群": "QQ群", "企鹅群": "QQ群", "薇信": "微信", "威信群": "微信群", "v群": "微信群", "q群": "QQ群",
    "抠抠": "QQ", "扣扣": "QQ",
    # 裙 for 群, the penguin for QQ, the green app for WeChat
    "q裙": "QQ群", "扣裙": "QQ群", "企鹅裙": "QQ群", "🐧群": "QQ群", "🐧裙": "QQ群", "v裙": "微信群", "薇裙": "微信群",
    "进裙": "进群", "加裙": "加群", "入裙": "入群", "拉裙": "拉群", "建裙": "建群", "新裙": "新群", "裙号": "群号",
    "维权裙": "维权群", "绿色软件": "微信", "绿泡泡": "微信", "zheng府": "政府", "xin访": "信访", "shang访": "上访", "二wei码": "二维码", "wei码": "维码",
    "jia wo": "加我", "la qun": "拉群", "jin qun": "进群", "tong yi": "统一",
    # places and times in dialect or code
    "进J": "进京", "进j": "进京", "听朝": "明天早上", "听日": "明天", "明仔载": "明天", "做伙": "一起",
    # Dialect forms of the words a call is made of: days and parts of the day, we / they, together,
    # come, at, find. Cantonese (after normalize's traditional→simplified), northern, Minnan, Wu.
    "后日": "后天", "听晚": "明晚", "今晚黑": "今晚", "下昼": "下午", "朝早": "早上", "晏昼": "中午", "夜晚黑": "晚上",
    "喺": "在", "我哋": "我们", "佢哋": "他们", "你哋": "你们", "大家一齐": "大家一起", "一齐": "一起", "嚟": "来",
    "冇": "没", "唔好": "不要", "唔": "不", "咗": "了", "嘅": "的", "啲": "些", "佢": "他", "揾": "找",
    "明儿个": "明天", "明儿": "明天", "后儿个": "后天", "后儿": "后天", "今儿个": "今天", "今儿": "今天", "大后儿": "大后天",
    "下晡": "下午", "拢总": "全部", "阿拉": "我们", "侬": "你", "上半天": "上午", "下半天": "下午",
    # More Wu (今朝, 侪 = 都, 伊拉 = 他们, 勿要), northern (赶明儿, 明个), Shandong (俺们),
    # Sichuan (克 = 去), Shaanxi/Minnan (一搭), Cantonese (琴日/寻日 = 昨天) and chat shorthand.
    "今朝": "今天", "明朝一道": "明天一起", "明朝侪": "明天都", "明朝去": "明天去", "明朝来": "明天来", "明朝夜里": "明天晚上", "上半日": "上午", "下半日": "下午", "侪": "都", "伊拉": "他们",
    "勿要": "不要", "赶明儿": "明天", "明个": "明天", "明儿早": "明早", "俺们": "我们", "一起克": "一起去", "一路克": "一起去",
    "我们克": "我们去", "一搭去": "一起去", "一搭里去": "一起去", "一堆儿去": "一起去", "琴日": "昨天", "寻日": "昨天",
    "大后日": "大后天", "tmr": "明天", "tmrw": "明天",
    "一道去": "一起去", "一道来": "一起来", "一道寻": "一起找", "寻律师": "找律师", "一家头": "一个人",
    "明朝上半天": "明天上午", "明朝下半天": "明天下午", "明朝早浪": "明天早上", "明朝早上": "明天早上",
}
# Guarded (regex_shape): the same matches, without trying every word, case-insensitively, at every
# position of a text that holds a link or a brand name.
_LATIN = guarded(r"(?<![A-Za-z])(" + "|".join(sorted(PINYIN, key=len, reverse=True)) + r")(?![A-Za-z])", re.IGNORECASE)
_HAS_LATIN = re.compile(r"[A-Za-z]")
_HOMO = ahocorasick.Automaton()
for _k, _v in HOMOPHONES.items():
    for _form in {_k, _k.lower()}:
        _HOMO.add_word(_form, (len(_form), _v))
_HOMO.make_automaton()
# A separator between two Chinese characters inside what should be one word (维 权, 维*权, 集·合).
# An ellipsis (隐私...我) ends a thought; it does not split a word.
_SPLIT = guarded(r"(?<=[\u4e00-\u9fff])(?!\.\.)[ *·\-_/.|~#+=×]{1,3}(?=[\u4e00-\u9fff])|(?<=[A-Za-z])[ *·]{1,2}(?=[\u4e00-\u9fff])")


# Links and @handles are names, not words the author writes: 爆料 in #北京爆料#'s link, 抱团 in
# @小资钱包抱团取暖, 12345 in @北京12345 call nobody. A handle that addresses people (@所有出借人,
# @被坑的家人们) is kept: it is the call's vocative.
_LINK = guarded(r"(?:https?://|www\.)[!-~]+|\b[a-z0-9.-]+\.(?:cn|com|net)/[!-~]*", re.IGNORECASE)
_HANDLE = re.compile(r"@[^\s@:：,，。！？!?;；、)）(（/\[\]【】\"“”]{1,16}")
_VOCATIVE = re.compile(r"@(?:所有|全体|各位|大家|被|全部)|们$|(?:朋友|兄弟|姐妹|受害人|出借人|投资人)$")


def mask_names(text: str) -> tuple[str, int]:
    """`text` with links and non-vocative @handles blanked (same length, so spans still hold),
    and how many such handles it addressed."""
    if "@" not in text and "." not in text:
        return text, 0
    chars = list(text)
    for m in _LINK.finditer(text):
        chars[m.start():m.end()] = " " * (m.end() - m.start())
    handles = 0
    for m in _HANDLE.finditer(text):
        if _VOCATIVE.search(m.group(0)):
            continue
        handles += 1
        chars[m.start() + 1:m.end()] = " " * (m.end() - m.start() - 1)
    return "".join(chars), handles


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    index: tuple[int, ...] | None  # decoded position → original position; None when unchanged

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of a decoded [start, end)."""
        if self.index is None:
            return start, end
        idx = self.index
        o_start = idx[start] if start < len(idx) else (idx[-1] + 1 if idx else 0)
        o_end = idx[end - 1] + 1 if 0 < end <= len(idx) else o_start
        return o_start, o_end


def decode(text: str) -> Decoded:
    """Decoded view of normalized text (see module docstring).

    Two passes: separators first (维 权 → 维权), then abbreviations and homophones on the result
    (为 权 → 为权 → 维权); the two position maps are composed.
    """
    first = _rewrite(text, [(m.start(), m.end(), "") for m in _SPLIT.finditer(text)])
    second = _rewrite(first.text, _word_events(first.text))
    if first.index is None:
        return second
    if second.index is None:
        return first
    return Decoded(second.text, tuple(first.index[i] for i in second.index))


def _rewrite(text: str, events: list[tuple[int, int, str]]) -> Decoded:
    if not events:
        return Decoded(text, None)
    out: list[str] = []
    index: list[int] = []
    pos = 0
    for start, end, replacement in events:
        out.append(text[pos:start])
        index.extend(range(pos, start))
        out.append(replacement)
        # Every replacement character points at the replaced span's start (and the last at its end).
        index.extend([start] * max(0, len(replacement) - 1) + ([end - 1] if replacement else []))
        pos = end
    out.append(text[pos:])
    index.extend(range(pos, len(text)))
    return Decoded("".join(out), tuple(index))


def _word_events(text: str) -> list[tuple[int, int, str]]:
    events: list[tuple[int, int, str]] = []
    if _HAS_LATIN.search(text):
        for m in _LATIN.finditer(text):
            events.append((m.start(), m.end(), PINYIN[m.group(1).lower()]))
        low = text.lower()  # homophone keys with Latin letters (v群, q群) match case-insensitively
    else:
        low = text
    for end, (length, replacement) in _HOMO.iter(low):
        events.append((end + 1 - length, end + 1, replacement))
    # Longest first at each position, then no overlaps.
    events.sort(key=lambda e: (e[0], e[0] - e[1]))
    merged: list[tuple[int, int, str]] = []
    last_end = -1
    for ev in events:
        if ev[0] >= last_end:
            merged.append(ev)
            last_end = ev[1]
    return merged
