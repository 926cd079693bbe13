"""The watchlist: importing a CSV of failed P2P platforms (derived short names, collisions, bracketed
names), the YAML round trip, `yuqing watchlist import`, and a full-size 5,000-platform list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from nlp.aliases import Reason
from pipeline.cli import cli
from pipeline.config import load_settings
from pipeline.errors import InputError
from pipeline.watchlist import Watchlist, dump_watchlist, load_watchlist
from pipeline.watchlist_import import ImportResult, RefusedName, import_csv

SAMPLE = Path(__file__).parent.parent / "fixtures" / "pipeline" / "platforms_sample.csv"
HEADER = "问题发生时间,平台名称,所在地区,上线时间,出问题原因"


@pytest.fixture(scope="module")
def imported() -> ImportResult:
    return import_csv(SAMPLE, "平台名称")


@pytest.fixture(autouse=True)
def _hermetic(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("YUQING_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)


def _by_name(wl: Watchlist) -> dict[str, object]:
    return {p.name: p for p in wl.platforms}


# --- import_csv -------------------------------------------------------------------------------


def test_short_names_are_derived_from_generic_suffixes(imported: ImportResult) -> None:
    platforms = _by_name(imported.watchlist)
    assert platforms["团贷网"].aliases == ("团贷",)
    assert platforms["善林金融"].aliases == ("善林",)
    assert platforms["钱宝网"].aliases == ("钱宝",)
    assert platforms["红岭创投"].aliases == ("红岭",)


def test_names_without_a_generic_suffix_get_no_short_name(imported: ImportResult) -> None:
    platforms = _by_name(imported[0])
    for name in ("唐小僧", "牛板金", "e租宝", "人人爱家"):
        assert platforms[name].aliases == (), name


def test_region_status_and_date_come_from_the_csv(imported: ImportResult) -> None:
    platforms = _by_name(imported[0])
    tuandai = platforms["团贷网"]
    assert (tuandai.region, tuandai.status, tuandai.since) == ("广东省东莞市", "警方介入", "2019-03-28")
    qianbao = platforms["钱宝网"]
    assert (qianbao.region, qianbao.status, qianbao.since) == ("江苏省南京市", "实控人自首", "2017-12-26")


def test_colliding_short_names_are_dropped_for_both_and_counted(
        imported: ImportResult) -> None:
    wl, stats, refused = imported
    platforms = _by_name(wl)
    assert RefusedName("鑫盛金融", "鑫盛", Reason.AMBIGUOUS) in refused
    assert "鑫盛" not in platforms["鑫盛金融"].aliases
    assert "鑫盛" not in platforms["鑫盛财富"].aliases
    assert not any("鑫盛" in p.aliases for p in wl.platforms)
    assert stats["ambiguous_dropped"] == 2


def test_city_name_stem_is_not_used_as_a_short_name(imported: ImportResult) -> None:
    wl = imported[0]
    assert _by_name(wl)["滨州财富"].aliases == ()
    assert not any("滨州" in p.aliases for p in wl.platforms)


def test_duplicate_rows_and_blank_names_are_skipped(imported: ImportResult) -> None:
    wl, stats, _refused = imported
    names = wl.names()
    assert names.count("团贷网") == 1
    assert "" not in names
    assert stats["rows"] == 25 and stats["platforms"] == 23 == len(names)
    assert stats["short_names"] == sum(1 for p in wl.platforms for a in p.aliases if a in {
        "团贷", "善林", "钱宝", "红岭", "联璧", "礼德", "雅堂", "宜贷", "铭宏"})
    assert names[0] == "团贷网" and names[-1] == "宜贷网"  # CSV order is kept


def test_bracketed_region_disambiguates_two_platforms_sharing_a_core_name(
        imported: ImportResult) -> None:
    platforms = _by_name(imported[0])
    zhejiang, jiangsu = platforms["大家贷(浙江)"], platforms["大家贷(江苏)"]
    assert zhejiang.aliases == ("大家贷",) and jiangsu.aliases == ("大家贷",)
    assert zhejiang.region == "浙江省杭州市" and jiangsu.region == "江苏省南京市"
    assert "浙江" not in zhejiang.aliases  # a region in brackets is not a name people write


def test_bracketed_and_slashed_names_become_aliases(imported: ImportResult) -> None:
    platforms = _by_name(imported[0])
    assert platforms["钱米(搜好贷)"].aliases == ("钱米", "搜好贷")
    minghong = platforms["铭宏创投/铭宏共创"].aliases
    assert {"铭宏创投", "铭宏共创"} <= set(minghong)
    assert "铭宏" in minghong  # the short name of the first listed name


def test_short_name_equal_to_another_platforms_name_is_dropped(tmp_path: Path) -> None:
    csv_file = tmp_path / "list.csv"
    csv_file.write_text(f"{HEADER}\n2019-03-24,红岭创投,广东省深圳市,2009-03-01,清盘\n"
                        "2018-07-01,红岭,浙江省宁波市,2016-01-01,失联\n", encoding="utf-8")
    wl, stats, _refused = import_csv(csv_file)
    assert _by_name(wl)["红岭创投"].aliases == ()
    assert stats["ambiguous_dropped"] == 1 and stats["short_names"] == 0


def test_short_names_that_are_risk_generic_everyday_or_brand_words_are_refused_with_a_reason(
        tmp_path: Path) -> None:
    rows = ["逾期网", "互金投资", "小微金融", "周知理财", "小白理财", "靠谱投资", "银联网贷", "万达金融", "网信金融"]
    csv_file = tmp_path / "list.csv"
    csv_file.write_text(HEADER + "\n" + "".join(f"2018-07-01,{n},上海市,2015-01-01,失联\n" for n in rows),
                        encoding="utf-8")
    wl, stats, refused = import_csv(csv_file)
    assert all(p.aliases == () for p in wl.platforms)
    reasons = {r.name: r.reason for r in refused}
    assert reasons == {"逾期": Reason.RISK_TERM, "互金": Reason.GENERIC, "小微": Reason.GENERIC,
                       "周知": Reason.EVERYDAY, "小白": Reason.EVERYDAY, "靠谱": Reason.EVERYDAY,
                       "银联": Reason.BRAND, "万达": Reason.BRAND, "网信": Reason.GENERIC}
    assert stats["refused"] == {"generic": 3, "everyday": 3, "brand": 2, "risk_term": 1}


def test_company_names_give_the_name_people_write(tmp_path: Path) -> None:
    csv_file = tmp_path / "list.csv"
    csv_file.write_text("平台名称,公司名称\n"
                        "小资钱包,资易贷（北京）金融信息服务有限公司\n"
                        "联璧金融,上海联璧电子科技（集团）有限公司\n"
                        "金利丰金融集团有限公司,\n", encoding="utf-8")
    platforms = _by_name(import_csv(csv_file).watchlist)
    assert platforms["小资钱包"].aliases == ("资易贷",)
    assert platforms["小资钱包"].company == ("资易贷（北京）金融信息服务有限公司",)
    assert platforms["联璧金融"].aliases == ("联璧",)  # never 集团
    assert platforms["金利丰金融集团有限公司"].aliases == ("金利丰金融", "金利丰")


def test_name_column_is_guessed_and_bom_is_tolerated(tmp_path: Path) -> None:
    csv_file = tmp_path / "bom.csv"
    csv_file.write_text(f"{HEADER}\n2018-04-13,善林金融,上海市,2013-09-01,警方介入\n", encoding="utf-8-sig")
    wl = import_csv(csv_file).watchlist
    assert wl.names() == ["善林金融"] and wl.platforms[0].region == "上海市"


def test_missing_name_column_lists_the_columns(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        import_csv(SAMPLE, "platform_name")
    message = str(info.value)
    assert "platform_name" in message and "platforms_sample.csv" in message
    assert "平台名称" in message and "所在地区" in message and "出问题原因" in message


def test_non_utf8_csv_is_an_input_error(tmp_path: Path) -> None:
    csv_file = tmp_path / "gbk.csv"
    csv_file.write_bytes(f"{HEADER}\n2019-03-28,团贷网,广东省东莞市,2012-12-01,警方介入\n".encode("gbk"))
    with pytest.raises(InputError) as info:
        import_csv(csv_file)
    assert "gbk.csv" in str(info.value) and "UTF-8" in str(info.value)


def test_missing_csv_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        import_csv(tmp_path / "absent.csv")


# --- YAML round trip --------------------------------------------------------------------------


def test_dump_then_load_gives_the_same_platforms(
        imported: ImportResult, tmp_path: Path) -> None:
    wl = imported[0]
    path = tmp_path / "watchlist.yaml"
    path.write_text(dump_watchlist(wl), encoding="utf-8")
    assert "团贷网" in path.read_text("utf-8")  # readable, not \u-escaped
    assert load_watchlist(path) == wl


def test_round_trip_keeps_exclusions_and_company(tmp_path: Path) -> None:
    path = tmp_path / "wl.yaml"
    path.write_text("platforms:\n  - name: 团贷网\n    aliases: [团贷]\n    company: 东莞团贷网互联网科技服务有限公司\n"
                    "    exclusions: [集团贷款]\n    since: 2019-03-28\nexclusions: [小牛电动]\n", encoding="utf-8")
    wl = load_watchlist(path)
    assert wl.platforms[0].since == "2019-03-28"
    again = tmp_path / "again.yaml"
    again.write_text(dump_watchlist(wl), encoding="utf-8")
    assert load_watchlist(again) == wl
    assert wl.specs()[0].aliases == ("团贷", "东莞团贷网互联网科技服务有限公司")


# --- the command ------------------------------------------------------------------------------


def test_watchlist_import_command_writes_a_file_the_config_accepts(tmp_path: Path) -> None:
    out = tmp_path / "conf" / "watchlist.yaml"
    result = CliRunner().invoke(cli, ["watchlist", "import", str(SAMPLE), "--name-col", "平台名称", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    summary = json.loads(lines[-1])
    assert summary == {"out": str(out), "rows": 25, "platforms": 23, "short_names": 9, "ambiguous_dropped": 2,
                       "refused": {"ambiguous": 2, "everyday": 1, "place": 1}}
    # The desk sees which short names were left out and why, one line per reason.
    assert "未采用的简称 · 多个平台共用（2）：鑫盛←鑫盛金融、鑫盛←鑫盛财富" in lines
    assert "未采用的简称 · 日常用语（1）：小牛←小牛在线" in lines
    assert "未采用的简称 · 地名（1）：滨州←滨州财富" in lines
    cfg = tmp_path / "conf" / "yuqing.yaml"
    cfg.write_text("watchlist: watchlist.yaml\n", encoding="utf-8")
    settings = load_settings(cfg, env={})
    assert len(settings.watchlist.platforms) == 23
    assert "团贷" in settings.watchlist.platforms[0].aliases


def test_watchlist_import_command_with_a_wrong_column_exits_2(tmp_path: Path) -> None:
    out = tmp_path / "watchlist.yaml"
    result = CliRunner().invoke(cli, ["watchlist", "import", str(SAMPLE), "--name-col", "名字", "--out", str(out)])
    assert result.exit_code == 2
    assert "名字" in result.stderr and "平台名称" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


# --- full size --------------------------------------------------------------------------------


def test_a_5000_platform_watchlist_loads_and_builds_specs(tmp_path: Path) -> None:
    heads = "鑫汇融盛隆泰恒安信达诚鼎丰利源旺和嘉瑞祥宏富金银宝通贵华新"
    tails = ["贷", "金融", "财富", "网", "理财", "金服", "创投", "在线", "易贷", "投资"]
    k = len(heads)
    names = [f"{heads[i % k]}{heads[i // k % k]}{heads[i // k // k % k]}{tails[i % len(tails)]}" for i in range(5000)]
    assert len(set(names)) == 5000
    wl = Watchlist.model_validate({"platforms": [{"name": n, "aliases": [n[:3]]} for n in names]})
    path = tmp_path / "big.yaml"
    path.write_text(dump_watchlist(wl), encoding="utf-8")
    cfg = tmp_path / "yuqing.yaml"
    cfg.write_text("watchlist: big.yaml\n", encoding="utf-8")
    specs = load_settings(cfg, env={}).watchlist.specs()
    assert len(specs) == 5000
    assert specs[4999].name == names[4999] and specs[4999].aliases == (names[4999][:3],)
