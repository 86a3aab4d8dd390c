"""Report types, loaded from `templates/reports/<name>/report.toml`.

A report type says which columns a tracker has and what they are called, the status scheme,
how actions are grouped, and which Word and text templates produce the appendix. A council
adds a report type by copying a folder; no code changes. The built-in report types, the house
template and the email templates ship inside the package; `--templates` or PIPELINE_TEMPLATES
points at a council's own copy.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

import msgspec

from . import config
from .colours import MIN_CONTRAST, contrast
from .model import ConfigError, Round

ClosedEarlier = Literal["show", "list", "count"]
ListKind = Literal["completed", "new", "reprofiled", "worse", "attention"]
Role = Literal["ref", "group", "action", "status", "update", "target", "text"]
Colour = Annotated[str, msgspec.Meta(pattern=r"^#?[0-9A-Fa-f]{6}$")]
FIX = "see the README, 'Adding a report type'"


class ReportTypeError(ConfigError):
    """A report type folder that cannot be used."""


class State(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    code: str
    label: str
    fill: Colour = "FFFFFF"  # hex colour of the shading
    ink: Colour = "000000"  # hex colour of the text on that shading
    closed: bool = False
    complete: bool = False
    words: tuple[str, ...] = ()  # other ways officers write it ("green", "on track")
    opening: tuple[str, ...] = ()  # opening words of an update that mean this state
    says: tuple[str, str] = ("", "")  # ("is complete", "are complete") for the summary template
    description: str = ""  # the status key's explanation
    colours: tuple[Colour, ...] = ()  # colours a cell may be filled with to show this state (and `fill`)
    attention: bool = False  # an action in this state needs the committee's attention (red, amber, overdue)

    def __post_init__(self) -> None:
        msgspec.structs.force_setattr(self, "fill", self.fill.lstrip("#").upper())
        msgspec.structs.force_setattr(self, "ink", self.ink.lstrip("#").upper())
        colours = (self.fill, *(c.lstrip("#").upper() for c in self.colours))
        msgspec.structs.force_setattr(self, "colours", tuple(dict.fromkeys(colours)))
        if self.says == ("", ""):
            label = self.label.lower()
            msgspec.structs.force_setattr(self, "says", (f"is {label}", f"are {label}"))


class Column(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    key: str
    role: Role
    heading: str = ""  # as printed in the appendix; "{round}" is replaced for per-round columns
    names: tuple[str, ...] = ()  # headings accepted in a tracker
    per_round: bool = False
    required: bool = False
    show: bool = True  # a column of the appendix table
    width: Annotated[float, msgspec.Meta(gt=0)] = 3.0  # relative width in the appendix table
    rec_level: bool = False  # belongs to the recommendation: filled on its first row or merged
    prompt: str = ""  # the input message a new tracker shows on this column
    rounds_shown: Annotated[int, msgspec.Meta(ge=0)] = 0  # of a per-round column: how many rounds the
    # appendix shows, the reported one last (0: the report type's rounds_shown)

    def __post_init__(self) -> None:
        if not self.heading:
            msgspec.structs.force_setattr(self, "heading", self.key.title())
        if not self.names:
            msgspec.structs.force_setattr(self, "names", (self.heading,))


class _Status(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    states: tuple[State, ...]
    key_title: str = "Key"
    default: str = ""  # code of the state of an action with no status yet ("" for none)
    from_update: bool = False  # with no status column, the update's opening words give the status
    show: Literal["label", "code"] = "label"  # print a state's label, or its code (RAG letters)


class Travel(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """[travel]: how an action's direction of travel since the last round is judged and shown."""

    order: tuple[str, ...] = ()  # state codes, best first (default: the states as listed); others not compared
    heading: str = "Direction of travel"
    show: bool = True  # a column of the appendix table


class SinceList(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    kind: ListKind
    title: str = ""


DEFAULT_TITLES: dict[str, str] = {
    "completed": "Completed since last reported",
    "new": "New since last reported",
    "reprofiled": "Reprofiled: target date moved",
    "worse": "Worse than last reported",
    "attention": "Needing attention",
}


class Since(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """[since]: the lists of what changed since the plan was last reported, in the order shown."""

    heading: str = "Since last reported"
    lead: str = ""  # the column key of the lead officer or owner (default: "lead" or "owner")
    lists: tuple[SinceList, ...] = tuple(SinceList(k) for k in DEFAULT_TITLES)  # type: ignore[arg-type]

    def __post_init__(self) -> None:
        titled = tuple(SinceList(s.kind, s.title or DEFAULT_TITLES[s.kind]) for s in self.lists)
        msgspec.structs.force_setattr(self, "lists", titled)


class _ReportFile(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """report.toml as written."""

    name: str
    columns: tuple[Column, ...]
    status: _Status
    description: str = ""
    noun: str = "action"
    plural: str = ""
    default_title: str = ""
    appendix_title: str = "{title}: progress at {round_long}"
    identity: Literal["ref", "text"] = "text"
    group_display: Literal["tables", "column"] = "column"
    round_default: str = "status"
    rounds_shown: Annotated[int, msgspec.Meta(ge=1)] = 4
    word_template: str = "../../house/appendix.docx"
    summary_template: str = "summary.txt"
    source_key_title: str = "Source key"
    general: bool = False  # the type chosen when another reads a tracker no better
    closed_earlier: ClosedEarlier = "show"
    travel: Travel = Travel()
    since: Since = Since()
    exceptions: bool = False  # build the exception appendix (at a glance, the lists, actions needing attention)
    introduction: str = "introduction.txt"  # a text template opening the appendix, if the file is there
    note_template: str = "note.txt"  # a text template of notes after the summary paragraph, if there


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
    general: bool = False  # the type chosen when another reads a tracker no better
    # Actions closed before the reported round: in the table as the rest ("show"), in a short
    # table of their own after it ("list"), or counted but left out ("count").
    closed_earlier: ClosedEarlier = "show"
    travel: Travel = Travel()
    since: Since = Since()
    exceptions: bool = False  # the exception appendix rather than the full one
    introduction: Path | None = None  # the text template that opens the appendix, if there is one
    note_template: Path | None = None  # the text template of notes after the summary paragraph, if any

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)

    def title_of(self, plan_title: str, round_: Round) -> str:
        """The appendix's title (its heading, its document title and the email's subject)."""
        return self.appendix_title.format(title=plan_title, round=round_.label, round_long=round_.long_label)

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

    @property
    def action(self) -> Column:
        """The column of the action's own text (every report type has one)."""
        return self._roles["action"]

    def state(self, code: str | None) -> State | None:
        return self._states.get(code) if code is not None else None

    @property
    def per_round(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.per_round)

    @cached_property
    def ranks(self) -> dict[str, int]:
        """Each compared state's place in the order of states, best first (0)."""
        order = self.travel.order or tuple(s.code for s in self.states)
        return {code: rank for rank, code in enumerate(order)}

    @property
    def lead(self) -> Column | None:
        """The column of the lead officer or owner named in the lists, if the report type has one."""
        keys = (self.since.lead,) if self.since.lead else ("lead", "owner")
        return next((c for k in keys if (c := self.column(k))), None)

    def shown_rounds(self, column: Column) -> int:
        """How many rounds of a per-round column the appendix shows."""
        return column.rounds_shown or self.rounds_shown


_NOT_ALNUM = re.compile(r"[^a-z0-9%]+")  # "%" is kept: "Progress %" is a percentage, "Progress" an update


def heading_key(text: str) -> str:
    """A heading as compared: case, spacing, line breaks and punctuation (but "%") ignored."""
    return _NOT_ALNUM.sub("", text.lower())


def built_in_templates() -> Path:
    """The templates shipped inside the package."""
    return Path(str(resources.files("pipeline").joinpath("templates")))


def templates_dir() -> Path:
    """Where report types and house templates live: $PIPELINE_TEMPLATES, else the package's own."""
    configured = os.environ.get("PIPELINE_TEMPLATES")
    return Path(configured) if configured else built_in_templates()


def load_all(root: Path | None = None) -> tuple[ReportType, ...]:
    folder = (root or templates_dir()) / "reports"
    if not folder.is_dir():
        raise ReportTypeError(f"No report types found: the folder {folder} does not exist; give --templates the "
                              "folder that holds reports/ (or leave it out to use the built-in ones).")
    found = [load(path.parent) for path in sorted(folder.glob("*/report.toml"))]
    if not found:
        raise ReportTypeError(f"No report types found in {folder}: each needs a report.toml.")
    return tuple(found)


def find(name: str, root: Path | None = None) -> ReportType:
    return pick(load_all(root), name)


def pick(types: tuple[ReportType, ...], name: str) -> ReportType:
    """The report type called `name` among `types`; ReportTypeError naming the others if none is."""
    for report in types:
        if report.name == name:
            return report
    known = ", ".join(r.name for r in types)
    raise ReportTypeError(f"There is no report type called '{name}': use one of {known}.")


def load(folder: Path) -> ReportType:
    path = folder / "report.toml"
    try:
        data = config.load(path, _ReportFile, "The report type in", FIX)
    except ConfigError as exc:
        raise ReportTypeError(str(exc)) from None
    problem = _problem(data)
    if problem:
        raise ReportTypeError(f"The report type in {path} cannot be used: {problem} ({FIX}).")
    return ReportType(
        name=data.name,
        folder=folder,
        description=data.description,
        noun=data.noun,
        plural=data.plural or data.noun + "s",
        default_title=data.default_title,
        appendix_title=data.appendix_title,
        identity=data.identity,
        group_display=data.group_display,
        columns=data.columns,
        states=data.status.states,
        default_state=data.status.default,
        status_from_update=data.status.from_update,
        round_default=data.round_default,
        rounds_shown=data.rounds_shown,
        word_template=(folder / data.word_template).resolve(),
        summary_template=(folder / data.summary_template).resolve(),
        key_title=data.status.key_title,
        source_key_title=data.source_key_title,
        show_codes=data.status.show == "code",
        general=data.general,
        closed_earlier=data.closed_earlier,
        travel=data.travel,
        since=data.since,
        exceptions=data.exceptions,
        introduction=_template(folder, data.introduction),
        note_template=_template(folder, data.note_template),
    )


def _template(folder: Path, name: str) -> Path | None:
    """A text template of the report type: in its own folder, else in the templates folder above it."""
    if not name:
        return None
    for place in (folder, folder.parent.parent):
        if (place / name).is_file():
            return (place / name).resolve()
    return None


def _problem(data: _ReportFile) -> str:
    """What makes a report type unusable though each setting is well formed, if anything."""
    if not any(c.role == "action" for c in data.columns):
        return "no column has the role 'action'"
    if shared := _shared_heading(data.columns):
        return shared
    codes = [s.code for s in data.status.states]
    if data.status.default and data.status.default not in codes:
        return f"the status default '{data.status.default}' is not one of its states ({', '.join(codes)})"
    for state in data.status.states:
        ratio = contrast(state.ink, state.fill)
        if ratio < MIN_CONTRAST:
            return (f"the state '{state.code}' has text #{state.ink} on #{state.fill}, a contrast of {ratio:.1f}:1; "
                    f"committee papers need at least {MIN_CONTRAST}:1 (darker ink or a lighter fill)")
    unknown = [c for c in data.travel.order if c not in codes]
    if unknown:
        return f"'{unknown[0]}' in [travel] order is not one of its states ({', '.join(codes)})"
    if data.since.lead and data.since.lead not in {c.key for c in data.columns}:
        return f"the [since] lead '{data.since.lead}' is not the key of one of its columns"
    return ""


def _shared_heading(columns: tuple[Column, ...]) -> str:
    """A heading two columns both answer to (compared as `heading_key` compares them), if any:
    the tracker's column would be read as whichever came first."""
    seen: dict[str, str] = {}
    for column in columns:
        for name in (column.heading.replace("{round}", "").strip(), *column.names):
            key = heading_key(name)
            if key and seen.setdefault(key, column.key) != column.key:
                return (f"the heading '{name}' of the column '{column.key}' is read the same as one of the column "
                        f"'{seen[key]}' (case, spaces and punctuation are ignored): give each column its own names")
    return ""

