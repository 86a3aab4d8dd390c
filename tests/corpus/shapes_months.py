"""Monthly sheet-per-round trackers: sheets "Sept 25" / "Oct 25" and "June 2025" / "July 2025"."""
from __future__ import annotations

from pathlib import Path

from corpus_common import Tracker, act, new_workbook, round_sheet, save, titles


def cqc_monthly(outdir: Path) -> tuple[Path, Tracker]:
    """An Adult Social Care CQC assessment action plan monitored monthly by the Assurance Board:
    sheets "Sept 25" and "Oct 25", an "Update" column."""
    S, O = "September 2025", "October 2025"
    R = [S, O]
    A = [
        act("1", "Assessing needs", "Reduce the number of people waiting for a Care Act assessment to under 150",
            "Head of Adult Social Care Operations", "December 2025",
            ("A", "231 people waiting; longest wait 19 weeks."), ("A", "196 people waiting; longest wait 15 weeks. Weekend assessment clinics running since 4 October."), rounds=R),
        act("2", "Assessing needs", "Introduce a waiting-well contact for everyone waiting over 28 days",
            "Principal Social Worker", "September 2025",
            ("G", "Script agreed; contacts started."), ("B", "Every person waiting over 28 days now contacted fortnightly and risk-rated."), rounds=R),
        act("3", "Supporting people to live healthier lives", "Expand reablement capacity by 20%",
            "Reablement Service Manager", "March 2026",
            ("G", "Recruitment campaign under way."), ("G", "14 of 20 new reablement workers started; 68% of people need no ongoing care after reablement."), rounds=R),
        act("4", "Care provision, integration & continuity", "Publish an updated Market Position Statement",
            "Head of Commissioning", "November 2025",
            ("G", "Provider engagement sessions held."), ("G", "Draft shared with the care association; publication planned for November."), rounds=R),
        act("5", "Care provision, integration & continuity", "Reduce out-of-area residential placements for people with a learning disability",
            "Head of Commissioning", "March 2026",
            ("R", "No local supported living capacity."), ("R", "Two planned supported living schemes delayed by planning appeals.\nEscalated to the Assurance Board."), rounds=R),
        act("6", "Partnerships & communities", "Agree a joint carers' strategy with the ICB",
            "Carers Lead", "January 2026",
            ("G", "Carers' survey closed with 410 responses."), ("G", "Co-production workshops with carers held on 7 & 21 October."), rounds=R),
        act("7", "Safeguarding", "Complete safeguarding enquiries within 28 days in 80% of cases",
            "Head of Safeguarding Adults", "December 2025",
            ("A", "64% within 28 days."), ("A", "71% within 28 days; duty triage reorganised."), rounds=R),
        act("8", "Safeguarding", "Implement the Liberty Protection Safeguards readiness plan (DoLS backlog)",
            "Head of Safeguarding Adults", "March 2026",
            ("G", "DoLS backlog 380."), ("G", "Backlog down to 310 using additional Best Interests Assessors."), rounds=R),
        act("9", "Governance & leadership", "Embed a quality assurance framework with monthly case file audits",
            "Principal Social Worker", "October 2025",
            ("G", "Audit tool piloted."), ("B", "Framework in place; 40 case files audited in October, 78% rated good or better."), rounds=R),
        act("10", "Governance & leadership", "Hear directly from people who draw on care at every Assurance Board",
            "Director of Adult Social Care", "Ongoing",
            ("B", "Lived experience slot now a standing agenda item."), ("B", "Complete. October's Board heard from two carers about respite."), rounds=R),
    ]
    tr = Tracker("Adult social care CQC action plan - monthly tracker.xlsx", R, A)
    wb = new_workbook()
    ws = wb.active
    cols = [("Ref", "ref"), ("Quality statement", "group"), ("Action", "text"), ("Lead", "owner"),
            ("Target date", "target"), ("RAG", "status"), ("Update", "comment")]
    for i, (rnd, name) in enumerate(zip(R, ["Sept 25", "Oct 25"])):
        sheet = ws if i == 0 else wb.create_sheet()
        sheet.title = name
        round_sheet(sheet, tr, rnd, 1, cols)
    return save(wb, outdir / tr.filename), tr


def housing_compliance(outdir: Path) -> tuple[Path, Tracker]:
    """A landlord compliance improvement tracker for council housing (consumer standards,
    building safety), monthly sheets "June 2025" and "July 2025", statuses in the service's own
    words (Completed / On target / Minor issues / Delayed) and a "Latest update" column."""
    J, JL = "June 2025", "July 2025"
    R = [J, JL]
    A = [
        act("HC01", "Fire safety", "Complete fire risk assessments for all 48 blocks with communal areas",
            "Building Safety Manager", "June 2025",
            ("Completed", "48 of 48 FRAs in date."), ("Completed", "Complete; re-inspection cycle set in the compliance system."), rounds=R),
        act("HC02", "Fire safety", "Close all high-risk FRA remedial actions",
            "Building Safety Manager", "September 2025",
            ("Minor issues", "37 high-risk actions open."), ("Minor issues", "19 high-risk actions open; fire door replacement contractor short of fitters."), rounds=R),
        act("HC03", "Gas safety", "Achieve 100% gas safety certificates (LGSR) in date",
            "Gas Compliance Officer", "July 2025",
            ("On target", "99.6%: 21 properties without access."), ("Completed", "100% at 31 July after forced-entry warrants on the last 4 properties."), rounds=R),
        act("HC04", "Electrical safety", "Complete EICRs on all homes older than five years",
            "Electrical Compliance Officer", "March 2026",
            ("Delayed", "Contractor mobilisation slipped."), ("Delayed", "EICR coverage 81% against a target of 90% for July.\nSecond contractor being appointed through the framework."), rounds=R),
        act("HC05", "Water safety", "Carry out legionella risk assessments for sheltered schemes",
            "Compliance Manager", "August 2025",
            ("On target", "9 of 14 schemes assessed."), ("On target", "13 of 14 schemes assessed; last one booked for 6 August."), rounds=R),
        act("HC06", "Lifts", "Replace the lifts at Tower Court & Mill House",
            "Head of Asset Management", "December 2025",
            ("On target", "Order placed."), ("Minor issues", "Lead time for the lift cars extended by 6 weeks; residents written to."), rounds=R),
        act("HC07", "Damp & mould", "Inspect every damp & mould report within 10 working days",
            "Repairs Manager", "July 2025",
            ("On target", "89% inspected within 10 days."), ("Completed", "96% in July; dedicated damp & mould team now permanent."), rounds=R),
        act("HC08", "Damp & mould", "Survey the condition of 100% of homes (stock condition survey)",
            "Head of Asset Management", "March 2026",
            ("On target", "38% surveyed."), ("On target", "47% surveyed; on profile."), rounds=R),
        act("HC09", "Tenant engagement", "Publish Tenant Satisfaction Measures with the annual report",
            "Tenant Engagement Manager", "July 2025",
            ("On target", "TSM survey closed."), ("Completed", "Published on 18 July alongside the tenants' annual report."), rounds=R),
        act("HC10", "Tenant engagement", "Set up a tenant scrutiny panel on complaints",
            "Tenant Engagement Manager", "October 2025",
            ("On target", "Recruitment of panel members started."), ("On target", "8 tenants recruited; training from the regional tenant organisation in September."), rounds=R),
        act("HC11", "Asbestos", "Update asbestos management surveys for communal areas",
            "Compliance Manager", "September 2025",
            ("Delayed", "Surveyor capacity."), ("Delayed", "Surveys for 12 blocks still outstanding & the programme is now 8 weeks late."), rounds=R),
        act("HC12", "Data", "Move all compliance certificates into one compliance system",
            "Compliance Manager", "October 2025",
            ("On target", "Gas & electrical data loaded."), ("On target", "Fire & water data loaded; lifts & asbestos in August."), rounds=R),
    ]
    tr = Tracker("Housing compliance monthly tracker.xlsx", R, A)
    wb = new_workbook()
    ws = wb.active
    cols = [("Ref", "ref"), ("Area", "group"), ("Action", "text"),
            ("Responsible officer", "owner"), ("Target date", "target"), ("Status", "status"),
            ("Latest update", "comment")]
    for i, (rnd, name) in enumerate(zip(R, ["June 2025", "July 2025"])):
        sheet = ws if i == 0 else wb.create_sheet()
        sheet.title = name
        top = titles(sheet, ["Landlord compliance improvement tracker"]) + 1
        round_sheet(sheet, tr, rnd, top, cols)
    return save(wb, outdir / tr.filename), tr


BUILDERS = [cqc_monthly, housing_compliance]
