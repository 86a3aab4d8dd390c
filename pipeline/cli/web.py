"""The web page's commands: `web` serves it, `web-user` makes a user's line for the settings file.
Like the rest of the command line, each parses, calls one library function and prints; the web
libraries are loaded only when the page is served."""

from __future__ import annotations

import gc
import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .options import HOST, OUT, PORT, TODAY, Settings, as_date

if TYPE_CHECKING:
    from ..web.site import Site

DEFAULT_CALENDAR = Path("input/meetings.toml")
MIN_PASSWORD = 10


def site(settings: Settings, out: Path, calendar: Path | None, today: datetime | None = None) -> Site:
    """What the page serves, from the command's options and the settings file."""
    from ..render.pdf import soffice
    from ..web import settings as web_settings
    from ..web.site import Site

    fixed = as_date(today) if today else None
    return Site(out=Path(out).resolve(), today=(lambda: fixed) if fixed else date.today, templates=settings.templates,
                calendar=calendar or (DEFAULT_CALENDAR if DEFAULT_CALENDAR.is_file() else None),
                settings=web_settings.load(settings.config), pdf=soffice() is not None, report=click.echo)


@click.command()
@HOST
@PORT
@OUT
@click.option("--calendar", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None,
              help="The meeting calendar (TOML) whose next meetings the page shows "
                   "(default: input/meetings.toml, if there is one).")
@TODAY
@click.pass_obj
def web(settings: Settings, host: str, port: int, out: Path, calendar: Path | None, today: datetime | None) -> None:
    """Serve the web page until stopped (SIGTERM or Ctrl-C).

    Officers upload a tracker and see what to fix, cell by cell, with the checked copy to
    download, or take the appendix and its summary paragraph. The performance team sees every
    plan and run in the run log, with their files, and the meetings to come. Each upload is
    checked and built as 'pipeline build' does, in a temporary folder of its own; what it makes
    goes to OUT/web/RUN/ (with the PDF when LibreOffice is installed) and into the run log.
    Sign-in, the upload limit and the host names it answers to are set in the [web] table of
    the settings file: see docs/web.md.
    """
    gc.enable()  # runs until stopped: cycles must be collected
    from ..web import server

    server.serve(site(settings, out, calendar, today), host, port)


def _user_name(value: str) -> str:
    if not value.strip() or ":" in value or re.search(r"[\x00-\x1f]", value):
        raise click.BadParameter("a user name cannot be empty or hold a colon or control characters.")
    return value.strip()


@click.command("web-user")
@click.argument("name", callback=lambda _ctx, _param, value: _user_name(value))
def web_user(name: str) -> None:
    """Make the line that lets NAME sign in to the web page.

    The password is asked for twice, and never shown (nor taken on the command line, where
    others could see it). Paste the line it prints under [web.users] in the settings file
    (pipeline.toml): only the password's scrypt hash is printed or kept.
    """
    password: str = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < MIN_PASSWORD:
        raise click.BadParameter(f"a password of fewer than {MIN_PASSWORD} characters is too easy to guess: "
                                 "use three random words.", param_hint="password")
    from ..web.passwords import make_hash

    click.echo(f'{json.dumps(name, ensure_ascii=False)} = "{make_hash(password)}"')
    click.echo("Paste this line under [web.users] in the settings file.", err=True)


COMMANDS = (web, web_user)
