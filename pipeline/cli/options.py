"""What the commands share: their options, the settings the group hands them, and the date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from ..workfolder import Defaults

class Day(click.ParamType):  # type: ignore[type-arg]
    """A date written YYYY-MM-DD."""

    name = "date"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"'{value}' is not a date written YYYY-MM-DD (for example 2027-01-12 for 12 January 2027)",
                      param, ctx)


class Address(click.ParamType):  # type: ignore[type-arg]
    """An email address, checked as the mail is (name@place.domain)."""

    name = "address"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from ..deliver.mailconfig import (
            bad_addresses,  # when used: the mail modules load slowly
        )

        if bad_addresses([str(value)]):
            self.fail(f"'{value}' is not an email address (name@place.domain)", param, ctx)
        return str(value)


def _lock_files_skipped(ctx: click.Context, param: click.Parameter, paths: tuple[Path, ...]) -> tuple[Path, ...]:
    """Excel's lock files (~$name.xlsx, there while a colleague has name.xlsx open) caught by a
    wildcard among the trackers are skipped with a note; one given alone is refused as the rest."""
    kept = tuple(p for p in paths if not p.name.startswith("~$"))
    for path in paths if kept else ():
        if path.name.startswith("~$"):
            click.echo(f"{path.name}: skipped, an Excel lock file (someone has {path.name[2:]} open).", err=True)
    return kept or paths


TRACKERS = click.argument("trackers", nargs=-1, required=True, type=click.Path(path_type=Path),
                          callback=_lock_files_skipped)
REPORT = click.option("--report", "report_name", metavar="NAME",
                      help="Report type to read the tracker as (default: recognised from the headings).")
ROUND = click.option("--round", "round_name", metavar="ROUND",
                     help="Round to report, e.g. 'Q2 2024/25' or 'January 2026' (default: the latest).")
FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
                      help="Text for people, JSON for scripts.")
CLOSED_EARLIER = click.option("--closed-earlier", type=click.Choice(["show", "list", "count"]), default=None,
                              help="Actions closed before the round: in the table as the rest (show), in a short "
                                   "table after it (list), or counted but not listed (count). Default: the report "
                                   "type's setting.")
COMBINE = click.option("--combine", is_flag=True,
                       help="Read the TRACKERS (a directorate's each, of one report type and the same rounds) as one "
                            "plan: one appendix and one paragraph, the figures over all of them.")
TITLE = click.option("--title", metavar="TEXT", help="The combined plan's title (default: the first tracker's).")
TODAY = click.option("--today", type=Day(), default=None, metavar="YYYY-MM-DD",
                     help="Date to treat as today (default: the real date).")
OUT = click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("output"),
                   show_default=True, help="Output folder (the appendices, the run log, the outbox).")
TO = click.option("--to", "to", multiple=True, type=Address(), metavar="ADDRESS", help="Email the appendix to ADDRESS (repeatable).")
POLL = click.option("--poll", is_flag=True,
                    help="Poll the folder instead of using file-system events (network shares).")
PDF = click.option("--pdf", is_flag=True,
                   help="Also write a tagged PDF beside each appendix (through LibreOffice), and email it with the .docx.")
DRY_RUN = click.option("--dry-run", is_flag=True,
                       help="Write each email as an .eml file in OUT/outbox/ instead of sending it.")


def as_date(value: date | None) -> date:
    """The --today option's date, or the real date."""
    return value or date.today()


@dataclass(frozen=True)
class Settings:
    """What the group's options hand to every command."""

    templates: Path | None
    config: Path | None



HOST = click.option("--host", default="127.0.0.1", show_default=True,
                    help="Address the web page listens on. Any but this computer's own (127.0.0.1) needs sign-in "
                         "set up first in the settings file's [web] table (see docs/web.md).")
PORT = click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
                    help="Port the web page listens on (0: any free port; the address is printed).")


def command_defaults(found: Defaults) -> dict[str, dict[str, object]]:
    """The settings file's [defaults] as each command's option defaults (click's default_map);
    an option given on the command line, or by its environment variable, still wins."""
    out: dict[str, object] = {"out": found.out} if found.out else {}
    watch: dict[str, object] = {**out, "to": found.to, "poll": found.poll, "pdf": found.pdf}
    if found.drop:
        watch["folder"] = found.drop
    calendar: dict[str, object] = {"calendar": found.calendar} if found.calendar else {}
    return {"build": {**out, "pdf": found.pdf}, "validate": out, "send": out, "history": out, "watch": watch,
            "due": {**out, **calendar, "pdf": found.pdf}, "serve": {**watch, **calendar}}
