"""What the commands share: their options, the settings the group hands them, and the date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import click

TRACKERS = click.argument("trackers", nargs=-1, required=True, type=click.Path(path_type=Path))
REPORT = click.option("--report", "report_name", metavar="NAME",
                      help="Report type to read the tracker as (default: recognised from the headings).")
ROUND = click.option("--round", "round_name", metavar="ROUND",
                     help="Round to report, e.g. 'Q2 2024/25' or 'January 2026' (default: the latest).")
FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
                      help="Text for people, JSON for scripts.")
TODAY = click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD",
                     help="Date to treat as today (default: the real date).")
OUT = click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("output"),
                   show_default=True, help="Output folder (the appendices, the run log, the outbox).")
TO = click.option("--to", "to", multiple=True, metavar="ADDRESS", help="Email the appendix to ADDRESS (repeatable).")
POLL = click.option("--poll", is_flag=True,
                    help="Poll the folder instead of using file-system events (network shares).")
DRY_RUN = click.option("--dry-run", is_flag=True,
                       help="Write each email as an .eml file in OUT/outbox/ instead of sending it.")


def as_date(value: datetime | None) -> date:
    """The --today option's date, or the real date."""
    return value.date() if value else date.today()


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
