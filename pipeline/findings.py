"""Every kind of finding the pipeline reports: its code, severity, what it means and how to fix
it. The rules make their findings through these kinds, the checked copy and the JSON output carry
the codes, and the README's table of codes is generated from here (and tested to match).

Codes are stable: scripts and the checked copy rely on them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Finding, Severity

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass(frozen=True)
class Kind:
    code: str
    severity: Severity
    meaning: str  # what it means, for the README's table
    fix: str  # what to do, in general (each finding's message says it for its own cell)
    area: str  # "tracker", "build", "import" or "accessibility"

    def at(self, file: str, message: str, sheet: str | None = None, cell: str | None = None,
           value: str | None = None, severity: Severity | None = None) -> Finding:
        """A finding of this kind: `message` says what is wrong and what to change."""
        return Finding(severity or self.severity, self.code, message, file, sheet, cell, value)


REGISTRY: dict[str, Kind] = {}


def _kind(code: str, severity: Severity, meaning: str, fix: str, area: str = "tracker") -> Kind:
    kind = REGISTRY[code] = Kind(code, severity, meaning, fix, area)
    return kind


BAD_STATUS = _kind("bad-status", E, "a status outside the report type's scheme (and the tracker's own key)",
                   "type one of the statuses the key lists")
MISNAMED_ROUND = _kind("misnamed-round", E, "a sheet that holds the table and looks like a round, but whose name "
                       "cannot be read as one ('Q2 2O24-25')", "rename it as the round it is")
ROUND_NOT_FILLED = _kind("round-not-filled", E, "the round being reported has (nearly) no statuses or updates entered",
                         "fill it in, or build --round the previous one")
ROUNDS_DIFFER = _kind("rounds-differ", E, "workbooks combined into one plan that report different rounds",
                      "combine workbooks of the same rounds, or build them one by one")
REF_IN_TWO_WORKBOOKS = _kind("ref-in-two-workbooks", E, "a Ref used in two workbooks combined into one plan",
                             "give each workbook's actions their own Refs")
MISSING_COLUMN = _kind("missing-column", E, "a required column is not in the header row",
                       "add the column under one of its usual headings")
DUPLICATE_REF = _kind("duplicate-ref", E, "a Ref used twice in one round",
                      "give each recommendation its own Ref, or number further actions like '6.2'")
FORMULA_WITHOUT_VALUE = _kind("formula-without-value", E, "a formula that was never calculated (the workbook "
                              "was not saved in Excel)", "open the workbook in Excel and save it")
NO_TABLE = _kind("no-table", E, "a sheet named as a round has no table the pipeline recognises",
                 "give it the same headings as the other round sheets")
DUPLICATE_ROUND = _kind("duplicate-round", E, "two sheets name the same round (an old copy, 'Q2 2024-25 (2)'); "
                        "only the first is read", "delete or rename the copy")
UNUSABLE_FILE = _kind("unusable-file", E, "the file could not be used at all (in --format json; exit code 2)",
                      "do what the message says: save it again as .xlsx, remove the password, ...")
LOOKALIKE = _kind("lookalike", W, "a Cyrillic or Greek letter that looks Latin, read as Latin",
                  "retype the letter")
DUPLICATE_ACTION = _kind("duplicate-action", W, "the same action text twice",
                         "make the texts differ, or delete one")
MATCHED_SIMILAR = _kind("matched-similar", W, "an action matched to last round's by similar text",
                        "check it is the same action; if not, give it a Ref")
TEXT_CHANGED = _kind("text-changed", W, "an action's text changed (matched by its Ref)", "check the match is right")
MISSING_FROM_ROUND = _kind("missing-from-round", W, "an action missing from a later round",
                           "add it back, marked Complete or Cancelled if it has ended")
STATUS_BACKWARDS = _kind("status-backwards", W, "a complete action that is no longer complete",
                         "check the status, and say why in the update")
TARGET_PASSED = _kind("target-passed", W, "the target date has passed on an action not complete",
                      "update the target (say it was reprofiled) or the status")
TARGET_UNREAD = _kind("target-unread", W, "an open action's target names a time that is no date the pipeline can "
                      "read ('Autumn 2025'), so it is never judged as passed",
                      "write the target as a month and year ('November 2025') or a date")
BLANK_UPDATE = _kind("blank-update", W, "no update on an action not complete", "add a sentence on progress")
BLANK_STATUS = _kind("blank-status", W, "no status given in a round that asks for one: counted as 'No status'",
                     "enter a status")
STATUS_DEFAULT = _kind("status-default", W, "no status given this round or before: counted as the report type's "
                       "default (an improvement plan's 'Ongoing')", "start the update with its status")
STATUS_BY_COLOUR = _kind("status-by-colour", W, "a status shown only by the colour of a blank cell, read as the "
                         "status of that colour", "type the status, so it is not lost")
STATUS_COLOUR_DIFFERS = _kind("status-colour-differs", W, "a typed status in a cell filled with another status's "
                              "colour (the typed status is read)", "check which is right")
STATUS_COLOUR_UNKNOWN = _kind("status-colour-unknown", W, "a blank status cell filled with a colour that is no "
                              "status's", "type the status")
HIDDEN_SHEET = _kind("hidden-sheet", W, "a hidden sheet that was read", "unhide it, or delete it")
HIDDEN_ROW = _kind("hidden-row", W, "a hidden row that was read", "unhide it, or delete it")
UNREADABLE_ROUND_NAME = _kind("unreadable-round-name", W, "a sheet that looks like a round but whose name "
                              "cannot be read as one", "rename it like 'Q2 2024-25' or 'June 2025'")
UNKNOWN_HEADING = _kind("unknown-heading", W, "a heading close to a known one ('Ownr') that was not read",
                        "correct the heading")
NO_ACTION_TEXT = _kind("no-action-text", W, "a row with no action text", "fill it in, or clear the row")
NEW_SECTION = _kind("new-section", W, "a title alone in its row that no other round has: perhaps an action "
                    "with no status", "if it is an action, give it a status")
DATE_AS_NUMBER = _kind("date-as-number", W, "a target date stored as a number (45747), read as the date it "
                       "stands for", "format the cell as a date")
KEY_READ = _kind("key-read", I, "the tracker's own key or legend, read into the report type's statuses", "nothing")
KEY_LINE_UNUSED = _kind("key-line-unused", I, "a line of the tracker's key that means none of the report type's "
                        "statuses", "nothing, unless a status uses it (then it is a bad-status error)")
COLUMN_NOT_SHOWN = _kind("column-not-shown", I, "a column the report type does not know: not shown in the appendix",
                         "nothing, or add it to the report type")
NOT_AN_ACTION = _kind("not-an-action", I, "a row in the table that is no action (a totals row, a note under an "
                      "Excel table)", "nothing")
CONTROL_CHARACTERS = _kind("control-characters", I, "invisible characters removed from a cell", "nothing")
NOT_YET_IN_PLAN = _kind("not-yet-in-plan", I, "a row saying only \"n/a\" in a round before its action began: read "
                        "as not in the plan yet, so the action is new when it begins", "nothing, if that is so")
STATUS_FROM_UPDATE = _kind("status-from-update", I, "statuses read from the updates' opening words", "nothing")

NO_PDF = _kind("no-pdf", W, "the PDF could not be made", "install LibreOffice, or convert the .docx by hand",
               "build")

ROW_NOT_READ = _kind("row-not-read", W, "a row of an imported appendix that could not be placed",
                     "add it to the tracker by hand", "import")
TABLE_NOT_READ = _kind("table-not-read", W, "a table of an imported appendix that is not the report's",
                       "check --report, or add its rows by hand", "import")

NO_TITLE = _kind("no-title", W, "the document has no title in its properties", "set File > Info > Title",
                 "accessibility")
NO_LANGUAGE = _kind("no-language", W, "the document's default language is not set",
                    "set English (United Kingdom) in the Normal style", "accessibility")
NO_HEADINGS = _kind("no-headings", W, "the document has no headings", "use Heading 1 for its title",
                    "accessibility")
SKIPPED_HEADING = _kind("skipped-heading", W, "a heading level skipped (Heading 3 after Heading 1)",
                        "use the next level down", "accessibility")
NO_HEADER_ROW = _kind("no-header-row", W, "a table without a header row that repeats",
                      "mark its first row 'Repeat as header row'", "accessibility")
NO_TABLE_ALT_TEXT = _kind("no-table-alt-text", W, "a table without a title or description",
                          "Table Properties > Alt Text", "accessibility")
MERGED_CELL = _kind("merged-cell", W, "a merged cell", "unmerge it and repeat or refer to the text",
                    "accessibility")
EMPTY_CELL = _kind("empty-cell", W, "an empty table cell", "say what it means ('Not stated')", "accessibility")
COLOUR_ONLY = _kind("colour-only", W, "a cell that says something only by its colour", "add the text",
                    "accessibility")
LOW_CONTRAST = _kind("low-contrast", W, "text with a contrast under 4.5:1", "darker text or a lighter fill",
                     "accessibility")
IMAGE_WITHOUT_ALT_TEXT = _kind("image-without-alt-text", W, "an image without alt text",
                               "describe it, or mark it decorative", "accessibility")

AREAS = {
    "tracker": "What `pipeline validate` (and every build) says about a tracker",
    "build": "What a build adds",
    "import": "What `pipeline import` says about an appendix it reads",
    "accessibility": "What `pipeline check` (and a council's own Word template, when first used) reports",
}


def codes_table() -> str:
    """The README's table of codes, by area."""
    lines: list[str] = []
    for area, title in AREAS.items():
        lines += [f"{title}:", "", "| code | severity | meaning | what to do |", "|---|---|---|---|"]
        lines += [f"| `{k.code}` | {k.severity.value} | {k.meaning} | {k.fix} |"
                  for k in REGISTRY.values() if k.area == area]
        lines.append("")
    return "\n".join(lines)
