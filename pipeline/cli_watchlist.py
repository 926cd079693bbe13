"""`yuqing watchlist import`: a CSV of platform names → a watchlist YAML with derived short names."""

from __future__ import annotations

import json
from pathlib import Path

import click

from pipeline.watchlist import dump_watchlist, import_csv


@click.group("watchlist")
def watchlist_group() -> None:
    """Manage the platform watchlist."""


@watchlist_group.command("import")
@click.argument("csv_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--name-col", default=None, help="Column with the platform name (default: guessed, e.g. 平台名称).")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Watchlist YAML to write (name it in the config key `watchlist:`).")
def import_cmd(csv_file: Path, name_col: str | None, out: Path) -> None:
    """Turn FILE.csv into watchlist entries, deriving safe short names (团贷 for 团贷网)."""
    wl, stats = import_csv(csv_file, name_col)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.write_text(dump_watchlist(wl), encoding="utf-8")
    tmp.replace(out)
    click.echo(f"wrote {out}: {stats['platforms']} platforms, {stats['short_names']} short names "
               f"({stats['ambiguous_dropped']} dropped as ambiguous)", err=True)
    click.echo(json.dumps({"out": str(out), **stats}, ensure_ascii=False))


def register(cli: click.Group) -> None:
    cli.add_command(watchlist_group)
