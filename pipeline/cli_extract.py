"""`yuqing extract news FILE.html`: run the news extractor on a saved page and print its result as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import click

from crawlers.errors import ParseError
from crawlers.extract import extract_article
from pipeline.errors import InputError


@click.group("extract")
def extract_group() -> None:
    """Extract structured data from saved pages."""


@extract_group.command("news")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--url", default=None, help="The page's URL (helps with relative links and dates in the path).")
def news_cmd(file: Path, url: str | None) -> None:
    """Print {title, text, published_at, source} of the news article in FILE.html as one JSON object."""
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {file}: {exc.strerror or exc}") from exc
    try:
        art = extract_article(raw, url)
    except ParseError as exc:
        raise InputError(f"{file}: no news article found ({exc})") from exc
    out = {"title": art.title, "text": art.text,
           "published_at": art.published_at.isoformat() if art.published_at else None, "source": art.source}
    click.echo(json.dumps(out, ensure_ascii=False))


def register(cli: click.Group) -> None:
    cli.add_command(extract_group)
