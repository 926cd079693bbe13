"""Entry point `yuqing`: reads config once, then hands a frozen Settings object to each command.

Exit codes: 0 ok, 1 runtime failure, 2 bad input or config (ARCHITECTURE §4).
"""

from __future__ import annotations

import logging
import sys

import click

from nlp.errors import ModelError, NLPError
from pipeline.errors import YuqingError


class _Group(click.Group):
    """Maps the project's errors to exit codes with one plain line on stderr, no traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except YuqingError as exc:
            click.echo(f"yuqing: {exc}", err=True)
            sys.exit(exc.exit_code)
        except ModelError as exc:
            click.echo(f"yuqing: {exc}", err=True)
            sys.exit(2)
        except NLPError as exc:
            click.echo(f"yuqing: {exc}", err=True)
            sys.exit(1)


@click.group(cls=_Group)
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="YAML config (default: $YUQING_CONFIG, ./yuqing.yaml, or the built-in example).")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, verbose: int) -> None:
    """yuqing 舆情: internet-finance public-opinion monitoring and early warning."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s %(message)s", stream=sys.stderr)
    ctx.obj = {"config_path": config_path}


def _register() -> None:
    from pipeline import (
        cli_alerts,
        cli_crawl,
        cli_demo,
        cli_eval,
        cli_extract,
        cli_nlp,
        cli_ops,
        cli_report,
        cli_run,
        cli_sentiment,
        cli_watchlist,
    )

    cli_alerts.register(cli)
    cli_crawl.register(cli)
    cli_demo.register(cli)
    cli_ops.register(cli)
    cli_extract.register(cli)
    cli_nlp.register(cli)
    cli_sentiment.register(cli)
    cli_eval.register(cli)
    cli_watchlist.register(cli)
    cli_report.register(cli)
    cli_run.register(cli)


_register()


def main() -> None:
    cli(prog_name="yuqing")


if __name__ == "__main__":
    main()
