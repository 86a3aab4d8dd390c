"""Report types, loaded from `templates/reports/<name>/report.toml`.

A report type says which columns a tracker has and what they are called, the status scheme,
how actions are grouped, and which Word and text templates produce the appendix. A council
adds a report type by copying a folder; no code changes.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .model import ConfigError

ROLES = {"ref", "group", "action", "status", "update", "target", "text"}


class ReportTypeError(ConfigError):
    """A report type folder that cannot be used."""


@dataclass(frozen=True)
class State:
    code: str
    label: str
    fill: str  # hex colour of the shading
    ink: str  # hex colour of the text on that shading
    closed: bool
    complete: bool
    words: tuple[str, ...]  # other ways officers write it ("green", "on track")
    opening: tuple[str, ...]  # opening words of an update that mean this state
    says: tuple[str, str]  # ("is complete", "are complete") for the summary template
    description: str = ""  # the status key's explanation


@dataclass(frozen=True)
class Column:
    key: str
    role: str
    heading: str  # as printed in the appendix; "{round}" is replaced for per-round columns
    names: tuple[str, ...]  # headings accepted in a tracker
    per_round: bool = False
    required: bool = False
    show: bool = True  # a column of the appendix table
    width: float = 3.0  # relative width in the appendix table
    rec_level: bool = False  # belongs to the recommendation: filled on its first row or merged
    prompt: str = ""  # the input message a new tracker shows on this column


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: it is a cache key on hot paths
class ReportType:
    name: str
    folder: Path
    description: str
    noun: str
    plural: str
    default_title: str
    appendix_title: str
    identity: str  # "ref" or "text"
    group_display: str  # "tables" (a table per group) or "column"
    columns: tuple[Column, ...]
    states: tuple[State, ...]
    default_state: str  # code of the state of an action with no status yet ("" for none)
    status_from_update: bool
    round_default: str  # column key a bare round heading holds in the wide layout
    rounds_shown: int
    word_template: Path
    summary_template: Path
    key_title: str
    source_key_title: str
    show_codes: bool  # print a state's code (RAG letters) rather than its label

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)

    @cached_property
    def _roles(self) -> dict[str, Column]:
        roles: dict[str, Column] = {}
        for column in self.columns:
            roles.setdefault(column.role, column)
        return roles

    @cached_property
    def _states(self) -> dict[str, State]:
        return {s.code: s for s in self.states}

    def by_role(self, role: str) -> Column | None:
        return self._roles.get(role)

    def state(self, code: str | None) -> State | None:
        return self._states.get(code) if code is not None else None

    @property
    def per_round(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.per_round)


_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def heading_key(text: str) -> str:
    """A heading as compared: case, spacing, line breaks and punctuation ignored."""
    return _NOT_ALNUM.sub("", text.lower())


def templates_dir() -> Path:
    """Where report types and house templates live: $PIPELINE_TEMPLATES, else the project's."""
    configured = os.environ.get("PIPELINE_TEMPLATES")
    if configured:
        return Path(configured)
    beside_package = Path(__file__).resolve().parent.parent / "templates"
    return beside_package if beside_package.is_dir() else Path.cwd() / "templates"


def load_all(root: Path | None = None) -> tuple[ReportType, ...]:
    folder = (root or templates_dir()) / "reports"
    if not folder.is_dir():
        raise ReportTypeError(f"No report types found: the folder {folder} does not exist.")
    found = [load(path.parent) for path in sorted(folder.glob("*/report.toml"))]
    if not found:
        raise ReportTypeError(f"No report types found in {folder}: each needs a report.toml.")
    return tuple(found)


def find(name: str, root: Path | None = None) -> ReportType:
    types = load_all(root)
    for report in types:
        if report.name == name:
            return report
    known = ", ".join(r.name for r in types)
    raise ReportTypeError(f"There is no report type called '{name}': use one of {known}.")


def load(folder: Path) -> ReportType:
    path = folder / "report.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return _build(folder, data)
    except KeyError as exc:
        raise ReportTypeError(f"The report type in {path} cannot be used: it has no {exc} setting; add it "
                              "(see the README, 'Adding a report type').") from None
    except (OSError, tomllib.TOMLDecodeError, TypeError, ValueError) as exc:
        raise ReportTypeError(f"The report type in {path} cannot be used ({exc}): correct it (see the README, "
                              "'Adding a report type').") from None


def _build(folder: Path, data: dict) -> ReportType:
    columns = tuple(_column(c) for c in data["columns"])
    states = tuple(_state(s) for s in data["status"]["states"])
    for role in ("action",):
        if not any(c.role == role for c in columns):
            raise ValueError(f"no column has the role '{role}'")
    return ReportType(
        name=data["name"],
        folder=folder,
        description=data.get("description", ""),
        noun=data.get("noun", "action"),
        plural=data.get("plural", data.get("noun", "action") + "s"),
        default_title=data.get("default_title", ""),
        appendix_title=data.get("appendix_title", "{title}: progress at {round_long}"),
        identity=data.get("identity", "text"),
        group_display=data.get("group_display", "column"),
        columns=columns,
        states=states,
        default_state=data["status"].get("default", ""),
        status_from_update=data["status"].get("from_update", False),
        round_default=data.get("round_default", "status"),
        rounds_shown=int(data.get("rounds_shown", 4)),
        word_template=(folder / data.get("word_template", "../../house/appendix.docx")).resolve(),
        summary_template=(folder / data.get("summary_template", "summary.txt")).resolve(),
        key_title=data["status"].get("key_title", "Key"),
        source_key_title=data.get("source_key_title", "Source key"),
        show_codes=data["status"].get("show", "label") == "code",
    )


def _column(data: dict) -> Column:
    if data["role"] not in ROLES:
        raise ValueError(f"column '{data['key']}' has an unknown role '{data['role']}'")
    return Column(
        key=data["key"],
        role=data["role"],
        heading=data.get("heading", data["key"].title()),
        names=tuple(data.get("names", [])) or (data.get("heading", data["key"]),),
        per_round=data.get("per_round", False),
        required=data.get("required", False),
        show=data.get("show", True),
        width=float(data.get("width", 3.0)),
        rec_level=data.get("rec_level", False),
        prompt=data.get("prompt", ""),
    )


def _state(data: dict) -> State:
    says = data.get("says", [f"is {data['label'].lower()}", f"are {data['label'].lower()}"])
    return State(
        code=data["code"],
        label=data["label"],
        fill=data.get("fill", "FFFFFF").lstrip("#").upper(),
        ink=data.get("ink", "000000").lstrip("#").upper(),
        closed=data.get("closed", False),
        complete=data.get("complete", False),
        words=tuple(data.get("words", [])),
        opening=tuple(data.get("opening", [])),
        says=(says[0], says[1]),
        description=data.get("description", ""),
    )
