"""`yuqing watchlist import`: a CSV of platform names → a watchlist YAML with derived short names."""

from __future__ import annotations

import json
from pathlib import Path

import click

from nlp.aliases import REASON_LABELS, Reason
from pipeline.watchlist import dump_watchlist
from pipeline.watchlist_import import RefusedName, import_csv


@click.group("watchlist")
def watchlist_group() -> None:
    """Manage the platform watchlist."""


@watchlist_group.command("import")
@click.argument("csv_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--name-col", default=None, help="Column with the platform name (default: guessed, e.g. 平台名称).")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Watchlist YAML to write (name it in the config key `watchlist:`).")
def import_cmd(csv_file: Path, name_col: str | None, out: Path) -> None:
    """Turn FILE.csv into watchlist entries, deriving safe short names (团贷 for 团贷网).

    Stdout lists the short names that were refused, one line per reason (risk term, generic word,
    everyday word, brand, place, too short, ambiguous); the last line is one JSON summary with
    `refused` counted per reason."""
    wl, stats, refused = import_csv(csv_file, name_col)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.write_text(dump_watchlist(wl), encoding="utf-8")
    tmp.replace(out)
    click.echo(f"wrote {out}: {stats['platforms']} platforms, {stats['short_names']} short names "
               f"({len(refused)} refused, {stats['ambiguous_dropped']} of them as ambiguous)", err=True)
    for line in refused_lines(refused):
        click.echo(line)
    click.echo(json.dumps({"out": str(out), **stats}, ensure_ascii=False))


def refused_lines(refused: list[RefusedName]) -> list[str]:
    """One line per reason, for the desk: `未采用的简称 · 日常用语（2）：小牛←小牛在线、兔子←兔子金融`."""
    by_reason: dict[Reason, list[RefusedName]] = {}
    for item in refused:
        by_reason.setdefault(item.reason, []).append(item)
    return [f"未采用的简称 · {REASON_LABELS[reason]}（{len(items)}）："
            + "、".join(f"{x.name}←{x.platform}" for x in items)
            for reason, items in sorted(by_reason.items(), key=lambda kv: -len(kv[1]))]


def register(cli: click.Group) -> None:
    cli.add_command(watchlist_group)
