"""A council's working folder. `pipeline init` makes one: drop/ (watched for workbooks), output/,
a meeting calendar, pipeline.toml (the folders every command uses, and the email settings,
commented), a copy of the templates to edit, and a README.txt. The [defaults] table of
pipeline.toml then gives each command its folders, so that every command works from there with
no options. Nothing that exists is ever overwritten."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import msgspec

from . import config
from .model import ConfigError
from .reports import built_in_templates

GUIDE = "see pipeline.toml as 'pipeline init' writes it"
_FOLDER_NAMES = re.compile(r"\b(drop|output|templates|processed|rejected|outbox)/")


class Defaults(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The [defaults] table: what commands use when not told otherwise. Paths are relative to
    the settings file."""

    drop: str = ""  # the folder watch and serve watch
    out: str = ""  # the output folder (appendices, the run log, the outbox)
    calendar: str = ""  # the meeting calendar due and serve check
    templates: str = ""  # a council's own templates folder
    to: tuple[str, ...] = ()  # who the drop folder's appendices are emailed to
    poll: bool = False  # poll the drop folder (a network share)
    pdf: bool = False  # also write the PDF, and send it

    def resolved(self, folder: Path) -> Defaults:
        """The paths made relative to `folder` (the settings file's) rather than to where a command runs."""
        def place(path: str) -> str:
            return str(folder / path) if path else ""

        return msgspec.structs.replace(self, drop=place(self.drop), out=place(self.out),
                                       calendar=place(self.calendar), templates=place(self.templates))


class _SettingsFile(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    defaults: Defaults = Defaults()
    smtp: dict[str, Any] = {}  # read by deliver.mailconfig
    web: dict[str, Any] = {}  # read by web.settings


def defaults(settings_file: Path) -> Defaults:
    """The [defaults] of a settings file, its paths taken from the file's own folder."""
    found = config.load(Path(settings_file), _SettingsFile, "The settings file", GUIDE).defaults
    return found.resolved(Path(settings_file).parent)


def init(folder: Path, templates: bool = True) -> tuple[Path, ...]:
    """Make `folder` a working folder; the paths made. Refuses, making nothing, when any of them
    is there already."""
    folder = Path(folder)
    made = [folder / "drop", folder / "output", folder / "meetings.toml", folder / "pipeline.toml",
            *([folder / "templates"] if templates else []), folder / "README.txt"]
    for path in made:
        if path.exists():
            raise ConfigError(f"{path} is there already: 'pipeline init' never overwrites anything; choose a new "
                              "or empty folder, or move it out of the way.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for path in made[:2]:
            path.mkdir()
        _write(folder / "meetings.toml", CALENDAR)
        _write(folder / "pipeline.toml", SETTINGS.replace("{templates}", "" if templates else "# "))
        if templates:
            shutil.copytree(built_in_templates(), folder / "templates")
        _write(folder / "README.txt", _FOLDER_NAMES.sub(rf"\1{re.escape(os.sep)}", README))
    except OSError as exc:
        raise ConfigError(f"The working folder {folder} could not be made ({exc.strerror or exc}): check the "
                          "path, and that this account may write there.") from None
    return tuple(made)


def _write(path: Path, text: str) -> None:
    with path.open("x", encoding="utf-8") as handle:  # "x": never over a file that appeared meanwhile
        handle.write(text)


CALENDAR = """\
# The meeting calendar: 'pipeline due' (and 'pipeline serve') build and email each meeting's
# appendix on the day it is due, once. One [[meeting]] table per meeting:
#   date       the meeting (YYYY-MM-DD)
#   committee  its name, used in the email's subject
#   tracker    the tracker(s) to build: a path or glob, relative to this file, or a full path
#              such as '\\\\fileserver\\Performance\\Council Plan workplan.xlsx'
#   to         who receives the appendix
#   lead_days  working days before the meeting to send it (default 5); weekends and England
#              and Wales bank holidays are skipped
#
# Remove the '#' from the lines below and change them to add a meeting.
#
# [[meeting]]
# date = 2027-01-19
# committee = "Executive"
# tracker = "drop/Council Plan workplan.xlsx"   # in drop/, or the copy the watcher filed in drop/processed/
# to = ["democratic.services@council.example", "executive.members@council.example"]
# lead_days = 5
"""

SETTINGS = """\
# Settings for the council tracker pipeline. Every 'pipeline' command run in this folder reads
# this file (elsewhere: 'pipeline --config PATH\\pipeline.toml ...', or set PIPELINE_CONFIG).

# What commands use when not told otherwise. Paths are relative to this file.
[defaults]
drop = "drop"               # where officers drop workbooks: 'pipeline watch' and 'pipeline serve'
out = "output"              # appendices, the run log (pipeline-runs.sqlite) and the outbox
calendar = "meetings.toml"  # the meeting calendar: 'pipeline due' and 'pipeline serve'
{templates}templates = "templates"   # report types, the Word house template and the email wording
# to = ["democratic.services@council.example"]  # who each appendix built from drop is emailed to
# poll = true               # look in drop every few seconds: needed when it is on a network share
# pdf = true                # also write a tagged PDF (through LibreOffice) and email it too

# How email is sent (docs/email.md). Secrets never go in this file: the password, the app's
# client secret and a certificate's password are only ever read from the environment
# (PIPELINE_SMTP_PASSWORD, PIPELINE_SMTP_CLIENT_SECRET, PIPELINE_SMTP_CERTIFICATE_PASSWORD).
#
# Microsoft 365 (Exchange Online), with an app registration: remove the '#' from these lines.
# [smtp]
# auth = "oauth2"
# tenant = "council.onmicrosoft.com"                   # or the Directory (tenant) ID
# client_id = "00000000-0000-0000-0000-000000000000"   # the app's Application (client) ID
# user = "performance.reports@council.example"         # the mailbox that sends
# certificate = 'C:\\Pipeline\\pipeline-mail.pfx'        # instead of PIPELINE_SMTP_CLIENT_SECRET
# transport = "graph"                                  # through Microsoft Graph instead of SMTP
#
# Any other mail server: remove the '#' from these lines instead.
# [smtp]
# host = "smtp.council.example"
# port = 587
# security = "starttls"                                # none, starttls or ssl
# user = "performance-reports"                         # and PIPELINE_SMTP_PASSWORD in the environment
# from = "performance@council.example"
"""

README = """\
Council tracker pipeline: a working folder
==========================================

drop/           Officers' tracker workbooks (.xlsx) go here. 'pipeline watch' (or 'pipeline
                serve') builds each one, then moves it to drop/processed/, or to drop/rejected/
                beside a note saying what to fix.
output/         The Word appendices and their summary paragraphs, the run log
                (pipeline-runs.sqlite, keep it on this computer's own disk), and the outbox.
meetings.toml   The meeting calendar: which tracker goes to which committee, and when.
pipeline.toml   The settings: these folders, and how email is sent (docs/email.md).
templates/      The report types, the Word house template and the email's wording, to edit
                (if it is missing, the pipeline's own are used).

Next, from this folder:

  pipeline watch --once     build every workbook waiting in drop/ now, into output/
  pipeline due --dry-run    see what the calendar would send (written to output/outbox/)
  pipeline serve            keep watching drop/ and checking the calendar, until stopped
                            (docs/windows.md: start it with Task Scheduler)

'pipeline --help' lists every command; 'pipeline history' shows what was built and sent.
"""
