"""Trackers shaped like the two seed documents: an improvement plan whose updates open with
"Complete." / "Ongoing." / "Overdue." (seed 003), a Council Plan workplan grouped by priority
heading rows with look-alike letters and a broken cell (seed 000); and the climate action plan
that make_corpus.py round-trips through LibreOffice."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from corpus_common import (
    AMBER,
    BLUE,
    CANCELLED,
    GREEN,
    HEAD_FILL,
    RED,
    Tracker,
    act,
    merge_continuations,
    new_workbook,
    put,
    save,
    set_widths,
    titles,
    wide_sheet,
)
from openpyxl.styles import Alignment, Font

JUN, OCT, JAN = "June 2025", "October 2025", "January 2026"
PROGRESS = {"complete": BLUE, "complete and ongoing": BLUE, "ongoing": GREEN,
            "overdue": RED, "cancelled": CANCELLED, "action cancelled": CANCELLED}
PROGRESS_LABELS = {BLUE: "Complete", GREEN: "Ongoing", RED: "Overdue", CANCELLED: "Cancelled"}


def _u(jun, octo, jan, status):
    """Updates for June, October and January; the Status column is January's."""
    return ({"comment": jun} if jun is not ... else None,
            {"comment": octo} if octo is not ... else None,
            {"status": status, "comment": jan})


def improvement_plan(outdir: Path) -> tuple[Path, Tracker]:
    """A Continuous Improvement Plan after an LGA Corporate Peer Challenge and the external
    auditor's report (seed 003's shape): Rec. | Recommendation | Action | Owner(s) | Target date
    | Status | June 2025 update | October 2025 update | January 2026 update. The Status column is
    January's; earlier rounds' status is read from each update's opening words."""
    R = [JUN, OCT, JAN]
    rows = [
        ("1", "(CPC) Co-produce a long-term vision for the borough with partners, residents and businesses.",
         "Establish a Place Leaders Partnership and co-produce a vision for the borough.", "Chief Executive",
         "March 2026 – reprofiled to July 2026",
         _u("Ongoing. Terms of reference drafted; first meeting in July.",
            "Ongoing. The Partnership has agreed a work programme & workshops run from September to December.",
            "Ongoing. Workshops held on the economy & skills.\nTarget reprofiled to July 2026 so the vision can reflect the youth engagement now commissioned.", "Ongoing")),
        ("2", "(CPC) Strengthen the council's financial resilience and grip on the budget.",
         "Introduce monthly budget monitoring for all budget holders with directorate challenge sessions.", "Director of Finance (s151 Officer)",
         "June 2025",
         _u("Complete. Monthly monitoring in place from May; challenge sessions held with every directorate.",
            "Complete. Embedded as business as usual.", "", "Complete")),
        (None, None,
         "Rebuild the general fund reserve to at least £15m over the medium term.", "Director of Finance (s151 Officer)",
         "February 2026",
         _u("Ongoing. Reserves strategy being drafted.",
            "Ongoing. Reserves strategy agreed by Cabinet in September.",
            "Complete. The reserve stood at £15.4m once the Q3 forecast was confirmed in January, and the 2026/27 budget proposals keep it above £15m.", "Complete")),
        ("3", "(EA) Address the weaknesses in arrangements for value for money identified by the external auditor.",
         "Deliver the external auditor's statutory recommendations on the capital programme.", "Director of Finance (s151 Officer)",
         "December 2025",
         _u("Ongoing. Action plan agreed with the auditor.", "Ongoing. Capital programme board re-established.",
            "Overdue. Two of five recommendations remain open: gateway reviews for schemes < £1m and benefits realisation reporting. Now due March 2026.", "Overdue")),
        ("4", "(CPC) Refresh the council's constitution and scheme of delegation.",
         "Review the constitution with the Constitution Working Group.", "Monitoring Officer",
         "May 2025",
         _u("Complete. Revised constitution adopted by Council on 21 May 2025.", "No further update.", "", "Complete")),
        ("5", "(CPC) Build capacity for community engagement.",
         "Recruit a community engagement team of four officers.", "Director of Environment & Community Services",
         "December 2025",
         _u("Ongoing. Posts evaluated & advertised.", "Ongoing. Three of four officers in post.",
            "Complete. Team fully staffed since November and working in the six priority neighbourhoods.", "Complete")),
        (None, None,
         "NEW** Bring forward a Community Engagement Strategy setting out how the council will use this capacity to engage residents.",
         "Director of Environment & Community Services", "August 2026",
         (None, None, {"status": "Ongoing", "comment": "New action identified in January 2026 following completion of the above."})),
        ("6", "(EA) Improve the timeliness and quality of the council's statement of accounts.",
         "Publish draft 2024/25 accounts by the statutory deadline and clear prior-year audit backlogs.", "Head of Finance",
         "September 2025",
         _u("Ongoing. Draft accounts on track for 30 June.",
            "Overdue. Draft accounts published on 30 June but the audit opinion was delayed by pension valuation queries.",
            "Overdue. Audit expected to conclude in February once the actuary's revised report is received.", "Overdue")),
        ("7", "(MIIAB) Strengthen the corporate risk management framework.",
         "Refresh the risk management strategy & train risk owners.", "Head of Governance, Policy & Information",
         "September 2025",
         _u("Ongoing. Strategy drafted.",
            "Complete. Strategy approved by Audit Committee in September; 64 managers trained.", "", "Complete")),
        ("8", "(CPC) Develop a workforce strategy that addresses recruitment and retention.",
         "Deliver the People Strategy workplan, including market supplements for hard-to-fill roles.", "Head of HR & OD",
         "March 2026",
         _u("Ongoing. People Strategy adopted by LMT in May.", "Ongoing. Market supplements agreed for planning & legal.",
            "Ongoing. Agency spend down 12% on last year; turnover 11.8% (target < 12%).", "Ongoing")),
        ("9", "(MIIAB) Secure a strategic partner for the town centre regeneration programme.",
         "Procure a strategic development partner.", "Director of Regeneration",
         "December 2025",
         _u("Ongoing. Market testing under way.", "Ongoing. Procurement documents drafted.",
            "Action cancelled: superseded by the Mayoral Development Corporation's delivery plan for the town centre, agreed in December.", "Cancelled")),
        ("10", "(CQC) Improve the timeliness of Care Act assessments.",
         "Reduce the number of people waiting for an assessment to under 150.", "Director of Adult Social Care",
         "September 2025",
         _u("Complete and ongoing. Waiting list down to 148; weekly monitoring continues.",
            "Complete and ongoing. Waiting list 139.", "Complete. Waiting list 121 at the end of December; monitoring now through the performance framework.", "Complete")),
        ("11", "(CPC) Improve the council's approach to performance management.",
         "Introduce a corporate performance framework with quarterly reporting to Executive & scrutiny.", "Head of Governance, Policy & Information",
         "December 2025",
         _u("Ongoing. Framework drafted.", "Ongoing. First quarterly report to Executive in November.",
            "Complete. Framework in place; Q2 report considered by Executive & the Overview and Scrutiny Board in December.", "Complete")),
        ("12", "(MIIAB) Strengthen member-officer relations.",
         "Agree and publish a member-officer protocol with training for all councillors.", "Monitoring Officer",
         "March 2026",
         _u("Ongoing. Protocol drafted with group leaders.", "Ongoing. Protocol agreed by Standards Committee.",
            "Ongoing. Training delivered to 36 of 46 councillors; mop-up sessions in February.", "Ongoing")),
        ("13", "(CPC) Improve the quality of scrutiny.",
         "Review scrutiny arrangements with the Centre for Governance & Scrutiny.", "Monitoring Officer",
         "April 2026",
         _u("", "Ongoing. CfGS review commissioned.",
            "Ongoing. <p>Review fieldwork complete.</p><p>Draft report with recommendations due in March.</p>", "Ongoing")),
        ("14", "(EA) Strengthen contract management of the council's largest contracts.",
         "Appoint contract managers for all contracts over £500k and introduce quarterly reviews.", "Head of Procurement",
         "March 2026",
         _u("Ongoing. Contracts over £500k identified (31).", "Ongoing. Contract managers named for 27 of 31.",
            "Ongoing. All 31 contracts have named managers; quarterly reviews held for 22.", "Ongoing")),
    ]
    actions = []
    for ref, rec, text, owner, target, per_round in rows:
        actions.append(act(ref, None, text, owner, target, *per_round, rounds=R,
                           cont=ref is None, recommendation=rec))
    for a in actions:
        if a.cont:
            prev = actions[actions.index(a) - 1]
            a.ref = prev.ref if prev.ref else a.ref
    tr = Tracker("Continuous improvement plan tracker.xlsx", R, actions,
                 labels=dict(PROGRESS_LABELS), opening_words=dict(PROGRESS))
    wb = new_workbook()
    ws = wb.active
    ws.title = "Improvement plan"
    top = titles(ws, ["Continuous Improvement Plan – January 2026 update"]) + 1
    cols = [("Rec.", "ref"), ("Recommendation", "recommendation"), ("Action", "text"),
            ("Owner(s)", "owner"), ("Target date for completion", "target"), ("Status", "status"),
            ("June 2025 update", JUN), ("October 2025 update", OCT), ("January 2026 update", JAN)]
    for c, (head, _) in enumerate(cols, 1):
        put(ws, top, c, head, bold=True, fill=HEAD_FILL)
    row = top + 1
    rows_written = []
    for a in actions:
        rows_written.append(row)
        put(ws, row, 1, None if a.cont else a.ref)
        put(ws, row, 2, None if a.cont else a.recommendation)
        put(ws, row, 3, a.text)
        put(ws, row, 4, a.owner)
        put(ws, row, 5, a.target)
        jan = a.rounds[JAN]
        put(ws, row, 6, jan.status)
        jan.cell = (ws.title, ws.cell(row=row, column=6).coordinate)
        for c, rnd in ((7, JUN), (8, OCT), (9, JAN)):
            entry = a.rounds.get(rnd)
            put(ws, row, c, entry.comment if entry and entry.comment else None)
            if entry is not None and rnd != JAN:
                entry.cell = (ws.title, ws.cell(row=row, column=c).coordinate)
        row += 1
    merge_continuations(ws, tr, top, {1: "ref", 2: "recommendation"}, rows_written)
    set_widths(ws, {1: "ref", 2: "recommendation", 3: "text", 4: "owner", 5: "target",
                    6: "status", 7: "comment", 8: "comment", 9: "comment"})
    row += 1
    ws.cell(row=row, column=1, value="Source key:").font = Font(bold=True)
    for i, (code, text) in enumerate([
            ("CPC", "LGA Corporate Peer Challenge, February 2025 recommendations"),
            ("EA", "External auditor's annual report 2024/25"),
            ("MIIAB", "Independent Improvement Advisory Board recommendations"),
            ("CQC", "Care Quality Commission assessment of adult social care, March 2025")], 1):
        ws.cell(row=row + i, column=1, value=code)
        ws.cell(row=row + i, column=2, value=text)
    tr.info["source_key_rows"] = [row, row + 4]
    return save(wb, outdir / tr.filename), tr


CYR_C, CYR_A, GREEK_A = "\u0421", "\u0410", "\u0391"


def council_plan_workplan(outdir: Path) -> tuple[Path, Tracker]:
    """A Council Plan workplan laid out like seed 000: each priority's title stands in the first
    cell of a heading row with "Q1 2025/26 position" | "Q2 2025/26 position" beside it (one such
    row lacks its Q1 heading), initiatives below with a letter per quarter. Some letters are
    Cyrillic or Greek look-alikes, one Q1 cell holds text broken in from the row's action
    ("t to community G"), one initiative appears twice, and a Key closes the sheet."""
    Q1, Q2 = "Q1 2025/26", "Q2 2025/26"
    R = [Q1, Q2]
    sections = [
        ("We will grow our economy and create good jobs", True, [
            ("Deliver the Town Investment Plan projects funded through the Long-Term Plan for Towns.", "G", "G"),
            ("Increase the number of residents in apprenticeships and technical training.", "G", "G"),
            ("Maximise social value from the council's procurement spend.", "G", CYR_A),
            ("Develop a cultural strategy for the borough and a programme of major events.", CYR_C, CYR_C),
        ]),
        ("We will ensure everyone has a good home", True, [
            ("Adopt a new Local Plan that meets local housing need.", "G", "G"),
            ("Bring empty homes back into use through advice, grants and enforcement.", "G", "G"),
            ("Reduce the use of temporary accommodation for homeless families.", "A", "R"),
        ]),
        ("We will help people live healthy, independent lives", False, [
            ("Deliver the Better Care Fund plan with the ICB to reduce delayed discharges from hospital.", "G", "G"),
            ("Expand extra care housing for older people.", "G", "C"),
            ("Increase physical activity through the Active Borough programme.", "G", "G"),
        ]),
        ("We will build strong and safe communities", True, [
            ("Introduce a neighbourhood working model so that council services are more closely aligned to community needs", "t to community G", "G"),
            ("Reduce anti-social behaviour through the Community Safety Partnership plan.", "G", "G"),
            ("Refresh the Domestic Abuse Strategy with partners.", "G", "G"),
        ]),
        ("We will be a well-run council that delivers value for money", True, [
            ("Set a balanced budget and a sustainable Medium Term Financial Plan.", "G", "G"),
            ("Implement the People Strategy to support the council's cultural change.", "G", CYR_C),
            ("Refresh the Information Strategy to ensure compliance with information governance law.", GREEK_A, "R"),
            ("Increase income from the council's commercial property portfolio.", "G", "G"),
            ("Increase income from the council's commercial property portfolio.", "G", "G"),
        ]),
    ]
    tr = Tracker("Council Plan workplan Q2 2025-26.xlsx", R, [],
                 key={"c": BLUE, "on-track": GREEN, "some slippage": AMBER,
                      "high risk of deliverability": RED})
    wb = new_workbook()
    ws = wb.active
    ws.title = "Workplan"
    row = titles(ws, ["Council Plan workplan: progress at Quarter Two 2025/26"]) + 1
    seen = {}
    for title, q1_heading, items in sections:
        put(ws, row, 1, title, bold=True, fill=HEAD_FILL)
        put(ws, row, 2, "Q1 2025/26 position" if q1_heading else None, bold=True, fill=HEAD_FILL)
        put(ws, row, 3, "Q2 2025/26 position", bold=True, fill=HEAD_FILL)
        row += 1
        for text, s1, s2 in items:
            a = act(None, title, text, "", None, (s1, None), (s2, None), rounds=R)
            tr.actions.append(a)
            put(ws, row, 1, text)
            for col, rnd in ((2, Q1), (3, Q2)):
                cell = put(ws, row, col, a.rounds[rnd].status)
                cell.alignment = Alignment(horizontal="center", vertical="top")
                a.rounds[rnd].cell = (ws.title, cell.coordinate)
            if text in seen:
                tr.extra_warnings.append({"code_hint": "duplicate-action", "sheet": ws.title,
                                          "cell": f"A{row}"})
            seen[text] = row
            row += 1
        row += 1
    ws.cell(row=row, column=1, value="Key:").font = Font(bold=True)
    for i, (code, label) in enumerate([(CYR_C, "Complete"), ("G", "On-track"),
                                       (GREEK_A, "Some slippage"),
                                       ("R", "High risk of deliverability"),
                                       ("U", "Undeliverable")], 1):
        ws.cell(row=row + i, column=1, value=code)
        ws.cell(row=row + i, column=2, value=label)
    tr.info["key_rows"] = [row, row + 5]
    set_widths(ws, {1: "text", 2: "status", 3: "status"})
    ws.column_dimensions["A"].width = 80
    ws.column_dimensions["B"].width = 20
    ws.column_dimensions["C"].width = 20
    return save(wb, outdir / tr.filename), tr


def climate_libreoffice(outdir: Path) -> tuple[Path, Tracker]:
    """A district council's Climate Action Plan tracker, built here and then opened and saved
    by LibreOffice (as when an officer edits the tracker in LibreOffice Calc): wide, three
    quarters, "Comments" columns, real date targets, coloured RAG letters."""
    Q1, Q2, Q3 = "Q1 2025/26", "Q2 2025/26", "Q3 2025/26"
    R = [Q1, Q2, Q3]
    d = dt.datetime
    A = [
        act("CA01", "Net zero council", "Switch the council's electricity supply to a certified renewable tariff", "Energy Manager", d(2025, 10, 1),
            ("G", "Tariff options appraised."), ("G", "Contract signed; switch on 1 October."), ("B", "Renewable tariff in place at all 64 supply points since 1 October 2025."), rounds=R),
        act("CA02", "Net zero council", "Decarbonise heating at the main offices (air source heat pump)", "Head of Property", d(2026, 3, 31),
            ("G", "Design complete."), ("A", "Planning permission for the plant compound delayed."), ("A", "Planning granted in November; installation now January to March, tight for the grant deadline."), rounds=R),
        act("CA03", "Net zero council", "Introduce a salary-sacrifice electric car scheme for staff", "Head of HR & OD", d(2025, 12, 31),
            ("G", "Provider chosen."), ("G", "Scheme launched; 23 orders."), ("G", "41 cars ordered. Scheme to stay open all year."), rounds=R),
        act("CA04", "Homes", "Retrofit 200 low-income homes through the Warm Homes: Local Grant", "Private Sector Housing Manager", d(2026, 3, 31),
            ("A", "Installer framework slow to mobilise."), ("A", "38 homes completed."), ("R", "71 homes completed against a profile of 140.\n• Installer capacity is the constraint\n• Asking the county to re-allocate unspent grant to 2026/27"), rounds=R),
        act("CA05", "Homes", "Enforce minimum energy efficiency standards (MEES) in private rented homes", "Private Sector Housing Manager", d(2026, 3, 31),
            ("G", "Data matching with EPC register."), ("G", "312 landlords written to."), ("G", "Compliance notices served on 27 properties; 2 penalties issued."), rounds=R),
        act("CA06", "Transport", "Install EV charge points in 10 council car parks", "Parking Services Manager", d(2025, 11, 30),
            ("G", "Sites surveyed."), ("G", "6 car parks live."), ("B", "All 10 car parks live with 48 charge points; usage reported monthly."), rounds=R),
        act("CA07", "Transport", "Adopt a Local Cycling & Walking Infrastructure Plan", "Transport Planning Manager", d(2026, 1, 31),
            ("G", "Consultation drafted."), ("G", "Consultation ran July to August; 820 responses."), ("G", "Final LCWIP to Cabinet on 21 January 2026."), rounds=R),
        act("CA08", "Nature", "Create 20 hectares of new wildflower meadows & woodland", "Parks Manager", d(2026, 3, 31),
            ("G", "Sites identified."), ("G", "7 ha created."), ("G", "12 ha created; winter tree planting with 9 schools under way."), rounds=R),
        act("CA09", "Nature", "Declare two new Local Nature Reserves", "Ecology Officer", d(2026, 3, 31),
            ("G", "Natural England consulted."), ("A", "Land ownership query on one site."), ("A", "Title issue at Holme Fen resolved; declaration now expected in May 2026."), rounds=R),
        act("CA10", "Communities", "Fund community energy projects through the climate fund", "Sustainability Officer", d(2026, 3, 31),
            ("G", "Fund launched."), ("G", "5 projects shortlisted."), ("G", "Three projects funded (£74k) including solar panels on two village halls & a school."), rounds=R),
    ]
    tr = Tracker("Climate action plan (LibreOffice).xlsx", R, A)
    wb = new_workbook()
    ws = wb.active
    ws.title = "Action plan"
    top = titles(ws, ["Climate Action Plan 2025-2030", "Delivery tracker 2025/26"]) + 1
    wide_sheet(ws, tr, top, [("Ref", "ref"), ("Theme", "group"), ("Action", "text"),
                             ("Lead officer", "owner"), ("Target date", "target")],
               ["status", "comment"],
               lambda r, k: f"{r} {'RAG' if k == 'status' else 'Comments'}", colour_typed=True)
    return save(wb, outdir / tr.filename), tr


BUILDERS = [improvement_plan, council_plan_workplan]
LIBREOFFICE_BUILDERS = [climate_libreoffice]
