"""Sheet-per-round trackers: each round has its own sheet holding the same table as it stood
then ("Q1 2025-26", "Qtr 2 2025-26", "Q1" with the year elsewhere). Month sheets are in shapes_months.py."""
from __future__ import annotations

from pathlib import Path

from corpus_common import (
    F_AMBER,
    F_BLUE,
    F_GREEN,
    F_RED,
    Tracker,
    act,
    new_workbook,
    put,
    round_sheet,
    save,
    titles,
)
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

Q1, Q2, Q3 = "Q1 2025/26", "Q2 2025/26", "Q3 2025/26"
STD = [("Ref", "ref"), ("Theme", "group"), ("Action", "text"), ("Lead officer", "owner"),
       ("Target date", "target")]


def e(status, comment, pct=None, target=None) -> dict:
    return {"status": status, "comment": comment, "pct": pct, "target": target}


def digital_strategy(outdir: Path) -> tuple[Path, Tracker]:
    """A Digital Strategy action plan kept by ICT: a cover sheet, then one sheet per quarter named
    "Qtr 1 2025-26" ... with a column headed exactly "BRAG rating" and a "Progress update"
    (on the Qtr 3 sheet the two columns are the other way round)."""
    R = [Q1, Q2, Q3]
    A = [
        act("D1", "Digital inclusion", "Provide free data SIMs & refurbished devices through libraries",
            "Head of Libraries", "December 2025",
            ("G", "Device lending scheme agreed with the Good Things Foundation."), ("G", "180 devices and 240 SIMs issued."),
            ("B", "Scheme now business as usual: 412 devices and 530 SIMs issued since April, with digital skills sessions in every library."), rounds=R),
        act("D2", "Digital inclusion", "Train 50 Digital Champions in community organisations",
            "Digital Inclusion Officer", "September 2025",
            ("G", "31 champions trained."), ("B", "53 champions trained across 22 organisations."), ("B", "Complete."), rounds=R),
        act("D3", "Digital services", "Replace the customer relationship management (CRM) platform",
            "Head of ICT", "February 2026",
            ("A", "Supplier shortlist agreed."), ("A", "Contract award slipped by six weeks."),
            ("R", "Supplier unable to meet the integration specification for the waste system.\nGo-live will not be achieved in February; revised plan to the Digital Board in January."), rounds=R),
        act("D4", "Digital services", "Launch a resident account with single sign-on",
            "Head of Customer Services", "March 2026",
            ("G", "Identity provider selected."), ("G", "Beta testing with 200 residents."),
            ("G", "9,400 residents registered; council tax & housing benefit now linked to the account."), rounds=R),
        act("D5", "Data & insight", "Create a corporate data warehouse with Power BI dashboards",
            "Head of Business Intelligence", "March 2026",
            ("G", "Architecture agreed."), ("G", "Finance & HR data loaded."),
            ("G", "Adult social care & housing data loaded; 14 dashboards published to managers."), rounds=R),
        act("D6", "Data & insight", "Publish an open data catalogue on the council website",
            "Information Governance Manager", "December 2025",
            ("R", "No resource identified."), ("A", "Graduate trainee assigned."),
            ("A", "37 datasets prepared but publication paused until the new website goes live in February."), rounds=R),
        act("D7", "Infrastructure", "Upgrade Wi-Fi in all libraries & community hubs",
            "Head of ICT", "March 2026",
            ("G", "Survey of 18 sites complete."), ("G", "8 sites upgraded."), ("G", "14 of 18 sites upgraded; remaining four scheduled around building works."), rounds=R),
        act("D8", "Infrastructure", "Migrate the on-premise data centre to cloud hosting",
            "Head of ICT", "June 2026",
            ("G", "Migration partner appointed."), ("A", "Licensing costs higher than forecast."),
            ("A", "62 of 140 servers migrated; revised business case shows a £45k a year pressure < the £60k contingency."), rounds=R),
        act("D9", "Cyber security", "Renew the Public Services Network (PSN) compliance certificate",
            "Head of ICT", "November 2025",
            ("A", "IT health check found 3 critical vulnerabilities."), ("G", "All critical vulnerabilities fixed."),
            ("G", "Submission made on 21 November; awaiting the certificate from the Cabinet Office."), rounds=R),
    ]
    tr = Tracker("Digital strategy action plan.xlsx", R, A)
    wb = new_workbook()
    cover = wb.active
    cover.title = "Cover"
    titles(cover, ["Digital Strategy 2024-2027", "Action plan – quarterly monitoring",
                   "Owner: Head of ICT", "Reported to: Digital Board and Corporate Management Team"])
    cols = [("Ref", "ref"), ("Theme", "group"), ("Action", "text"), ("Lead officer", "owner"),
            ("Target date", "target"), ("BRAG rating", "status"), ("Progress update", "comment")]
    for rnd, name in zip(R, ["Qtr 1 2025-26", "Qtr 2 2025-26", "Qtr 3 2025-26"]):
        if rnd == Q3:   # the Q3 sheet was copied from a colleague's template: update first
            cols = cols[:5] + [cols[6], cols[5]]
        round_sheet(wb.create_sheet(name), tr, rnd, 1, cols, colour_typed=True)
    return save(wb, outdir / tr.filename), tr


def climate_emergency(outdir: Path) -> tuple[Path, Tracker]:
    """A Climate Emergency action plan kept by the Sustainability team: one sheet per quarter
    ("Q1 2025-26", "Q2 2025-26") with a % complete column; one action was added in Q2 and one
    completed in Q2."""
    R = [Q1, Q2]
    A = [
        act("CE01", "Council buildings", "Retrofit 12 council buildings with LED lighting & building management controls",
            "Head of Property", "March 2026",
            e("G", "Surveys complete at all 12 buildings.", 0.3), e("G", "LED retrofit complete at 7 buildings; BMS controls being commissioned.", 0.55), rounds=R),
        act("CE02", "Council buildings", "Install solar PV on the civic centre and two depots",
            "Head of Property", "December 2025",
            e("A", "Structural survey at Bridge Street depot raised roof loading concerns.", 0.1),
            e("A", "Civic centre array installed (120 kWp). Depot roofs need strengthening first; revised completion March 2026.", 0.35, "December 2025 – revised to March 2026"), rounds=R),
        act("CE03", "Transport", "Adopt the Local Cycling and Walking Infrastructure Plan",
            "Head of Transport Planning", "June 2025",
            e("B", "LCWIP adopted by Cabinet on 11 June 2025.", 1.0), e("B", "Complete.", 1.0), rounds=R),
        act("CE04", "Transport", "Install 60 on-street electric vehicle charge points",
            "Head of Transport Planning", "March 2026",
            e("G", "LEVI funding confirmed; chargepoint operator procurement started.", 0.2),
            e("G", "Operator appointed; 24 sites approved after consultation with ward members.", 0.45), rounds=R),
        act("CE05", "Fleet", "Replace 15 diesel fleet vehicles with electric vehicles",
            "Fleet Manager", "March 2026",
            e("A", "Charging infrastructure at the depot not yet funded.", 0.05),
            e("R", "Depot grid connection quote of £380k is unaffordable this year.\n• 4 EV vans ordered for the town centre team\n• Remaining 11 replacements deferred to 2026/27", 0.1), rounds=R),
        act("CE06", "Waste & recycling", "Introduce weekly food waste collections for all households",
            "Head of Waste Services", "March 2026",
            e("G", "Vehicles & caddies ordered with the Simpler Recycling capital grant.", 0.25),
            e("G", "Caddies delivered to depot; round design finalised. Communications plan agreed for a March launch.", 0.5), rounds=R),
        act("CE07", "Natural environment", "Plant 5,000 trees through the Urban Tree Challenge Fund",
            "Parks & Open Spaces Manager", "September 2025",
            e("G", "3,400 trees planted; remaining planting with volunteers in September.", 0.7),
            e("B", "5,120 trees planted across 19 sites, with 340 volunteers from schools & Friends groups.", 1.0), rounds=R),
        act("CE08", "Natural environment", "Contribute to the county Local Nature Recovery Strategy",
            "Ecology Officer", "March 2026",
            e("G", "Habitat mapping shared with the county council.", 0.15),
            e("A", "County timetable has slipped by three months; council's contribution is ready but consultation now expected in April.", 0.3), rounds=R),
        act("CE09", "Communities", "Run the Climate Action Community Grants scheme",
            "Sustainability Officer", "December 2025",
            e("G", "Round 1 opened with £60k available.", 0.4),
            e("G", "18 grants awarded (£58,400), including repair cafés & a community energy feasibility study.", 0.75), rounds=R),
        act("CE10", "Communities", "Deliver carbon literacy training to all councillors & senior managers",
            "Sustainability Manager", "March 2026",
            e("A", "Low take-up from members so far.", 0.2),
            e("A", "46% of senior managers and 31% of councillors certified. Sessions added before Full Council dates.", 0.35), rounds=R),
        act("CE11", "Adaptation", "Complete a climate risk & adaptation assessment for council services",
            "Emergency Planning Manager", "March 2026",
            e("G", "Methodology agreed with the Local Resilience Forum.", 0.1),
            e("G", "Workshops held with all directorates; heat & flood risk registers drafted.", 0.4), rounds=R),
        act("CE12", "Council buildings", "Bid to the Public Sector Decarbonisation Scheme (Phase 4) for three maintained schools",
            "Head of Property", "March 2026",
            None,
            e("G", "New action added in Q2. Heat decarbonisation plans commissioned for the three schools; bid window expected to open in the spring.", 0.1), rounds=R),
    ]
    tr = Tracker("Climate emergency action plan 2025-26.xlsx", R, A)
    wb = new_workbook()
    ws = wb.active
    ws.title = "Q1 2025-26"
    round_sheet(ws, tr, Q1, 1, STD + [("% complete", "pct"), ("RAG", "status"), ("Commentary", "comment")])
    round_sheet(wb.create_sheet("Q2 2025-26"), tr, Q2, 1,
                STD + [("% complete", "pct"), ("RAG", "status"), ("Commentary", "comment")])
    return save(wb, outdir / tr.filename), tr


def council_plan_q_sheets(outdir: Path) -> tuple[Path, Tracker]:
    """A Council Plan tracker whose sheets are named only "Q1" and "Q2": the year is in the title
    line above each table ("Council Plan tracker 2025/26"); commentary is headed "Notes"."""
    R = [Q1, Q2]
    A = [
        act("1.1", "Fair & inclusive economy", "Deliver the Good Work Charter with local employers",
            "Head of Economic Development", "March 2026",
            ("G", "Charter launched with 12 founding employers."), ("G", "31 employers signed up, covering 6,800 employees."), rounds=R),
        act("1.2", "Fair & inclusive economy", "Open the Skills & Employment Hub in the town centre",
            "Head of Economic Development", "September 2025",
            ("G", "Fit-out under way."), ("B", "Hub opened on 1 September 2025 with DWP, the college & Citizens Advice co-located."), rounds=R),
        act("1.3", "Fair & inclusive economy", "Increase council spend with local suppliers to 40%",
            "Head of Procurement", "March 2026",
            ("A", "34% in Q1."), ("A", "36% year to date; meet-the-buyer event held with 60 SMEs in September."), rounds=R),
        act("2.1", "Decent homes", "Adopt the Housing Strategy 2025-2030",
            "Director of Housing", "October 2025",
            ("G", "Consultation draft approved."), ("G", "Consultation closed with 690 responses; strategy to Cabinet in November."), rounds=R),
        act("2.2", "Decent homes", "Bring 50 long-term empty homes back into use",
            "Private Sector Housing Manager", "March 2026",
            ("G", "11 homes back in use."), ("G", "24 homes back in use; two compulsory purchase orders being prepared."), rounds=R),
        act("2.3", "Decent homes", "Meet the new Awaab's Law timescales for damp & mould in council homes",
            "Head of Housing Property Services", "October 2025",
            ("A", "Policy drafted; staffing gap in the surveying team."), ("B", "Procedures live from 27 October 2025; every new damp & mould report triaged within 24 hours."), rounds=R),
        act("3.1", "Clean & green places", "Achieve Green Flag status for three more parks",
            "Parks Manager", "July 2025",
            ("G", "Applications submitted for Fairfield, Mill Lane & Castle Gardens."), ("A", "Two of three awards achieved; Mill Lane to reapply next year after judges' feedback on toilets & signage."), rounds=R),
        act("3.2", "Clean & green places", "Raise the household recycling rate to 50%",
            "Head of Waste Services", "March 2026",
            ("A", "46.1% (provisional)."), ("A", "47.0%. Contamination of the dry recycling bins remains high at 14%; door-stepping campaign in 4,000 homes."), rounds=R),
        act("3.3", "Clean & green places", "Introduce a fly-tipping enforcement partnership",
            "Head of Regulatory Services", "December 2025",
            ("G", "Contract specification agreed."), ("G", "Contractor starts in November; fixed penalty for fly-tipping raised to £1,000."), rounds=R),
        act("4.1", "Healthy lives", "Deliver the Holiday Activities & Food programme",
            "Head of Early Help", "August 2025",
            ("G", "Summer programme of 64 providers confirmed."), ("G", "5,300 children attended in the summer holidays; 71% eligible for free school meals."), rounds=R),
        act("4.2", "Healthy lives", "Extend the social prescribing service to all GP practices",
            "Director of Public Health", "March 2026",
            ("R", "ICB funding decision delayed."), ("R", "ICB funding for 2025/26 not yet confirmed.\nService covers 11 of 17 practices; escalated to the Health & Wellbeing Board."), rounds=R),
        act("5.1", "Modern council", "Move the committee management system to the cloud",
            "Democratic Services Manager", "September 2025",
            ("G", "Migration planned for August."), ("B", "Migrated in August; webcasting integrated from the September cycle."), rounds=R),
        act("5.2", "Modern council", "Introduce a resident satisfaction survey",
            "Head of Policy & Performance", "November 2025",
            ("G", "Questionnaire agreed with the LGA benchmark."), ("G", "Fieldwork completed with 1,100 residents; results reported in November."), rounds=R),
    ]
    tr = Tracker("Council Plan tracker.xlsx", R, A)
    wb = new_workbook()
    ws = wb.active
    cols = [("Ref", "ref"), ("Priority", "group"), ("Action", "text"), ("Lead officer", "owner"),
            ("Target date", "target"), ("RAG", "status"), ("Notes", "comment")]
    for i, (rnd, name) in enumerate(zip(R, ["Q1", "Q2"])):
        sheet = ws if i == 0 else wb.create_sheet()
        sheet.title = name
        top = titles(sheet, ["Council Plan tracker 2025/26"]) + 1
        round_sheet(sheet, tr, rnd, top, cols)
    return save(wb, outdir / tr.filename), tr


def equality_plan(outdir: Path) -> tuple[Path, Tracker]:
    """An Equality, Diversity & Inclusion action plan: sheets "Q1", "Q2", "Q3" and no year inside
    the workbook for the rounds; the year is in the file name ("... 2025-26.xlsx"). Statuses
    as words, commentary headed "Progress narrative"."""
    R = [Q1, Q2, Q3]
    A = [
        act("EQ1", "Know our communities", "Publish ward-level equality profiles using Census 2021 data",
            "Head of Policy & Performance", "September 2025",
            ("On track", "Profiles drafted for 10 of 21 wards."), ("Complete", "All 21 ward profiles published on the Council's website."), ("Complete", "Complete."), rounds=R),
        act("EQ2", "Know our communities", "Improve the take-up of equality monitoring in service satisfaction surveys",
            "Head of Customer Services", "March 2026",
            ("On track", "Standard question set agreed."), ("On track", "Question set used in 9 surveys."), ("On track", "Completion of monitoring questions up from 54% to 72%."), rounds=R),
        act("EQ3", "Inclusive services", "Refresh the Equality Impact Assessment toolkit & train report authors",
            "Equalities Officer", "December 2025",
            ("On track", "Toolkit redesigned."), ("On track", "Training dates set."), ("Complete", "New toolkit in use from 1 November; 84 report authors trained in five sessions."), rounds=R),
        act("EQ4", "Inclusive services", "Make all council web pages meet WCAG 2.2 AA",
            "Digital Services Manager", "March 2026",
            ("At risk", "1,900 accessibility issues found in audit."), ("At risk", "1,100 issues outstanding."), ("At risk", "640 issues outstanding, most in PDF documents. PDF replacement programme agreed with services; progress reported monthly."), rounds=R),
        act("EQ5", "Inclusive services", "Introduce British Sign Language video relay for customer contact",
            "Head of Customer Services", "January 2026",
            ("Not started", "Due to start in Q2."), ("On track", "Supplier quotes obtained."), ("On track", "Contract signed with the relay provider; go-live on 12 January after staff training."), rounds=R),
        act("EQ6", "Inclusive workforce", "Achieve Disability Confident Leader status",
            "Head of HR & OD", "March 2026",
            ("On track", "Self-assessment under way."), ("On track", "Validation partner identified."), ("On track", "Evidence submitted to the validator; decision expected in February."), rounds=R),
        act("EQ7", "Inclusive workforce", "Set up reverse mentoring between staff network members & the senior leadership team",
            "EDI Lead", "December 2025",
            ("Not started", "Awaiting network chairs' agreement."), ("Not started", "Networks asked to nominate mentors."), ("On hold", "Paused at the networks' request until the staff survey results are shared in February."), rounds=R),
        act("EQ8", "Inclusive workforce", "Reduce the gender pay gap below 8%",
            "Head of HR & OD", "March 2026",
            ("On track", "Gap 9.4% at the March 2025 snapshot."), ("On track", "Action plan agreed."), ("On track", "Flexible working by default in adverts since October; women now 48% of applicants for Grade 10+ roles."), rounds=R),
        act("EQ9", "Strong communities", "Run the Community Cohesion small grants fund",
            "Community Development Manager", "October 2025",
            ("On track", "Applications opened."), ("On track", "14 grants awarded."), ("On track", "All 14 grant-funded projects under way, including Holocaust Memorial Day & Black History Month events."), rounds=R),
        act("EQ10", "Strong communities", "Co-produce a Hate Crime reporting & support campaign with partners",
            "Community Safety Manager", "March 2026",
            ("Not started", "Planned for later in the year."), ("Not started", "Partners' meeting set for October."), ("Not started", "Start delayed until the new Hate Crime Coordinator is in post in January."), rounds=R),
    ]
    tr = Tracker("Equality action plan 2025-26.xlsx", R, A)
    wb = new_workbook()
    ws = wb.active
    cols = [("Ref", "ref"), ("Equality objective", "group"), ("Action", "text"),
            ("Lead officer", "owner"), ("Target date", "target"), ("Status", "status"),
            ("Progress narrative", "comment")]
    for i, (rnd, name) in enumerate(zip(R, ["Q1", "Q2", "Q3"])):
        sheet = ws if i == 0 else wb.create_sheet()
        sheet.title = name
        top = titles(sheet, ["Equality, Diversity and Inclusion Action Plan"]) + 1
        round_sheet(sheet, tr, rnd, top, cols)
    return save(wb, outdir / tr.filename), tr


def homelessness_no_year(outdir: Path) -> tuple[Path, Tracker]:
    """A Homelessness & Rough Sleeping Strategy action plan with sheets "Q1" and "Q2" and no year
    anywhere (title, file name and targets name none): the rounds cannot be placed, so it must be
    refused, naming both sheets."""
    R = [Q1, Q2]
    A = [
        act("H1", "Prevention", "Introduce a hospital discharge housing pathway with the acute trust",
            "Head of Housing Options", "End of Q3",
            ("On track", "Protocol drafted with the discharge team."), ("On track", "Housing officer based at the hospital two days a week."), rounds=R),
        act("H2", "Prevention", "Increase homelessness preventions to 55% of cases",
            "Head of Housing Options", "Q4",
            ("At risk", "Preventions at 47%."), ("At risk", "Preventions at 50%; landlord incentive scheme relaunched."), rounds=R),
        act("H3", "Rough sleeping", "Maintain a year-round assertive outreach service",
            "Rough Sleeping Coordinator", "Ongoing",
            ("On track", "Outreach team fully staffed."), ("On track", "Monthly street count average 6, down from 9."), rounds=R),
        act("H4", "Rough sleeping", "Open a 10-bed Housing First scheme",
            "Supported Housing Manager", "Q3",
            ("At risk", "Provider selected; properties not yet secured."), ("Off track", "Only 4 of 10 properties secured; registered provider partners asked to release more void properties."), rounds=R),
        act("H5", "Temporary accommodation", "Reduce the use of nightly-paid temporary accommodation",
            "Head of Housing Options", "Q4",
            ("On track", "Leasing scheme launched."), ("On track", "22 leased units now replace nightly-paid rooms."), rounds=R),
        act("H6", "Temporary accommodation", "Carry out quality inspections of all TA properties",
            "Private Sector Housing Manager", "End of Q2",
            ("On track", "Inspection programme agreed."), ("Complete", "All 138 properties inspected; 9 removed from use."), rounds=R),
        act("H7", "Partnerships", "Relaunch the Homelessness Forum with voluntary sector partners",
            "Housing Strategy Officer", "Q1",
            ("Complete", "Forum relaunched with 23 organisations."), ("Complete", "Complete."), rounds=R),
        act("H8", "Partnerships", "Agree a Duty to Refer protocol with probation & prisons",
            "Head of Housing Options", "Q3",
            ("Not started", "Waiting for the probation service to nominate a lead."), ("On track", "Protocol drafted & shared with the regional probation team."), rounds=R),
    ]
    tr = Tracker("Homelessness strategy action plan.xlsx", R, A)
    wb = new_workbook()
    ws = wb.active
    cols = [("Ref", "ref"), ("Objective", "group"), ("Action", "text"), ("Lead officer", "owner"),
            ("Target date", "target"), ("Status", "status"), ("Commentary", "comment")]
    for i, (rnd, name) in enumerate(zip(R, ["Q1", "Q2"])):
        sheet = ws if i == 0 else wb.create_sheet()
        sheet.title = name
        top = titles(sheet, ["Homelessness and Rough Sleeping Strategy – action plan"]) + 1
        round_sheet(sheet, tr, rnd, top, cols)
    return save(wb, outdir / tr.filename), tr


def peer_challenge_key_sheet(outdir: Path) -> tuple[Path, Tracker]:
    """An LGA Corporate Peer Challenge action plan with a "Key" sheet ("B | Complete",
    "G | On track", ... each code cell filled with its colour) and a sheet per quarter; one
    recommendation has two actions under merged Ref and recommendation cells."""
    R = [Q1, Q2]
    A = [
        act("1", None, "Agree a single, shared narrative for the place with partners",
            "Chief Executive", "December 2025",
            ("G", "Partners' away day held in June."), ("G", "Draft narrative tested with the Town Board; launch at the State of the Borough event in December."), rounds=R,
            recommendation="Develop a clear, shared vision for the borough with partners."),
        act("2", None, "Strengthen the corporate programme management office",
            "Director of Resources", "September 2025",
            ("G", "PMO manager appointed."), ("B", "PMO fully staffed; single programme dashboard reported to CMT monthly since September."), rounds=R,
            recommendation="Build capacity to deliver the transformation programme."),
        act("3", None, "Introduce a member development programme on finance & scrutiny",
            "Monitoring Officer", "October 2025",
            ("G", "Programme designed with the LGA."), ("B", "Four sessions held; 38 of 51 councillors attended at least one."), rounds=R,
            recommendation="Strengthen the role of members in budget setting and scrutiny."),
        act("3", None, "Refresh the scrutiny work programme to focus on the budget & improvement plan",
            "Scrutiny Officer", "December 2025",
            ("G", "Workshop with scrutiny chairs held."), ("G", "Budget scrutiny task & finish group set up; reports to Cabinet in January."), rounds=R, cont=True),
        act("4", None, "Publish the Medium Term Financial Strategy with a three-year savings plan",
            "Director of Finance (s151 Officer)", "February 2026",
            ("A", "Budget gap of £14.2m for 2026/27 to 2028/29."), ("A", "£9.6m of savings identified against a £14.2m gap; options for the remainder to Cabinet in December."), rounds=R),
        act("5", None, "Review the senior management structure",
            "Chief Executive", "July 2025",
            ("B", "New structure agreed by Appointments Committee in June."), ("B", "Complete."), rounds=R),
        act("6", None, "Roll out a new staff engagement & internal communications plan",
            "Head of Communications", "March 2026",
            ("G", "Staff survey commissioned."), ("G", "Survey response rate 61% (up from 44%); results shared at all-staff briefings in October."), rounds=R),
        act("7", None, "Improve the timeliness of responses to councillor enquiries",
            "Head of Customer Services", "December 2025",
            ("A", "58% answered within 10 working days."), ("R", "Response rate fell to 52% after the case system upgrade.\nFix due from supplier in November; weekly reporting to Directors."), rounds=R),
        act("8", None, "Adopt a community engagement & consultation framework",
            "Head of Policy & Performance", "January 2026",
            ("G", "Draft framework written."), ("A", "Framework needs rework after the VCS assembly's feedback; Cabinet date moved to February."), rounds=R),
        act("9", None, "Invite the peer team back for a progress review",
            "Chief Executive", "November 2025",
            ("G", "Date agreed with the LGA."), ("G", "Progress review booked for 25-26 November 2025."), rounds=R),
    ]
    tr = Tracker("Corporate peer challenge action plan.xlsx", R, A)
    wb = new_workbook()
    key = wb.active
    key.title = "Key"
    key.cell(row=1, column=1, value="Key").font = Font(bold=True, size=12)
    for i, (code, label, fill) in enumerate([("B", "Complete", F_BLUE), ("G", "On track", F_GREEN),
                                             ("A", "At risk", F_AMBER), ("R", "Off track", F_RED)]):
        put(key, 3 + i, 1, code, fill=fill.pattern())
        put(key, 3 + i, 2, label)
    key.column_dimensions["B"].width = 20
    cols = [("Ref", "ref"), ("Recommendation", "recommendation"), ("Action", "text"),
            ("Lead", "owner"), ("Target date", "target"), ("BRAG", "status"), ("Update", "comment")]
    for rnd, name in zip(R, ["Q1 2025-26", "Q2 2025-26"]):
        round_sheet(wb.create_sheet(name), tr, rnd, 1, cols, colour_typed=True)
    return save(wb, outdir / tr.filename), tr


def anti_poverty_lists(outdir: Path) -> tuple[Path, Tracker]:
    """An Anti-Poverty Strategy action plan with a hidden "Lists" sheet feeding the Status
    dropdown (data validation), one sheet per quarter from Q2 (the plan was adopted in July)."""
    R = [Q2, Q3]
    A = [
        act("AP1", "Maximising income", "Run a Pension Credit take-up campaign",
            "Head of Revenues & Benefits", "December 2025",
            ("On track", "Data matching identified 1,430 households."), ("Complete", "312 new Pension Credit awards worth an estimated £1.2m a year to residents."), rounds=R),
        act("AP2", "Maximising income", "Introduce a council tax support scheme with a 100% band for the lowest incomes",
            "Head of Revenues & Benefits", "April 2026",
            ("On track", "Consultation launched."), ("On track", "Consultation closed; scheme recommended to Full Council in January."), rounds=R),
        act("AP3", "Maximising income", "Fund benefits advice in GP surgeries & family hubs",
            "Public Health Principal", "March 2026",
            ("On track", "Advice sessions in 3 family hubs."), ("On track", "Sessions in 5 family hubs & 4 GP surgeries; £640k of unclaimed benefits identified."), rounds=R),
        act("AP4", "Food & fuel", "Establish a network of affordable food clubs",
            "Community Development Manager", "March 2026",
            ("At risk", "Only two host venues identified."), ("At risk", "Four clubs open against eight planned; volunteer capacity is the barrier."), rounds=R),
        act("AP5", "Food & fuel", "Distribute the Household Support Fund",
            "Head of Revenues & Benefits", "March 2026",
            ("On track", "Autumn allocation of £1.9m agreed."), ("Complete", "Fund fully committed by 19 December: 11,200 households supported."), rounds=R),
        act("AP6", "Food & fuel", "Launch a warm spaces network for winter",
            "Community Development Manager", "November 2025",
            ("On track", "31 venues registered."), ("Cancelled", "Superseded by the county-wide 'Welcoming Spaces' scheme, which the council now funds & promotes."), rounds=R),
        act("AP7", "Housing costs", "Prevent evictions through a rent arrears fund for private tenants",
            "Head of Housing Options", "March 2026",
            ("On track", "Fund agreed with landlords' forum."), ("Off track", "Only 23 awards made; eligibility criteria too narrow.\nRevised criteria to the Portfolio Holder in January."), rounds=R),
        act("AP8", "Housing costs", "Target energy efficiency grants at households in fuel poverty",
            "Private Sector Housing Manager", "March 2026",
            ("On track", "Warm Homes: Local Grant allocation confirmed."), ("On track", "126 homes surveyed & 41 retrofits complete (insulation, heat pumps < 12 kW)."), rounds=R),
        act("AP9", "Work & skills", "Offer paid work placements to care leavers in council services",
            "Head of HR & OD", "March 2026",
            ("Not started", "Waiting for apprenticeship levy transfer decision."), ("On hold", "On hold until the 2026/27 budget is set in February."), rounds=R),
        act("AP10", "Work & skills", "Commission in-work progression coaching through UKSPF",
            "Employment & Skills Manager", "March 2026",
            ("On track", "Provider appointed."), ("On track", "87 residents on the programme; 19 moved to better-paid work."), rounds=R),
        act("AP11", "Understanding poverty", "Set up a Poverty Truth Commission",
            "Director of Public Health", "June 2026",
            ("Not started", "Funding bid to the community foundation submitted."), ("Not started", "Bid successful; facilitator to be recruited in Q4."), rounds=R),
        act("AP12", "Understanding poverty", "Publish a poverty dashboard with ward-level indicators",
            "Head of Business Intelligence", "December 2025",
            ("On track", "Indicators agreed."), ("On track", "Dashboard in testing with the Anti-Poverty Partnership; public release in January."), rounds=R),
    ]
    tr = Tracker("Anti-poverty strategy action plan.xlsx", R, A)
    wb = new_workbook()
    first = wb.active
    cols = STD + [("Status", "status"), ("Commentary", "comment")]
    sheets = []
    for i, (rnd, name) in enumerate(zip(R, ["Q2 2025-26", "Q3 2025-26"])):
        sheet = first if i == 0 else wb.create_sheet()
        sheet.title = name
        end = round_sheet(sheet, tr, rnd, 1, cols)
        sheets.append((sheet, end))
    lists = wb.create_sheet("Lists")
    statuses = ["Status", "Complete", "On track", "At risk", "Off track", "Not started",
                "On hold", "Cancelled"]
    for r, text in enumerate(statuses, 1):
        lists.cell(row=r, column=1, value=text)
    lists.sheet_state = "hidden"
    for sheet, end in sheets:
        dv = DataValidation(type="list", formula1="=Lists!$A$2:$A$8", allow_blank=True)
        dv.error = "Choose a status from the list"
        sheet.add_data_validation(dv)
        dv.add(f"F2:F{end + 20}")
    return save(wb, outdir / tr.filename), tr


BUILDERS = [digital_strategy, climate_emergency, council_plan_q_sheets, equality_plan,
            homelessness_no_year, peer_challenge_key_sheet,
            anti_poverty_lists]
