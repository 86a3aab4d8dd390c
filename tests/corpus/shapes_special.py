"""Trackers with one particular reality each: a real Excel table with a totals row, a "Key:"
block with the tracker's own codes, status shown by colour alone, a typed status whose fill says
another, columns the report does not know, title lines with a hidden row."""
from __future__ import annotations

from pathlib import Path

from corpus_common import (
    BLUE,
    F_AMBER,
    F_BLUE,
    F_GREEN,
    F_RED,
    F_THEME_AMBER,
    F_THEME_GREEN,
    GREEN,
    NOT_STARTED,
    ON_HOLD,
    RED,
    Tracker,
    act,
    new_workbook,
    put,
    save,
    titles,
    wide_sheet,
)
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

Q1, Q2 = "Q1 2025/26", "Q2 2025/26"
R = [Q1, Q2]


def _quarter_heading(status_word: str, comment_word: str):
    return lambda r, k: f"{r} {status_word if k == 'status' else comment_word}"


def waste_excel_table(outdir: Path) -> tuple[Path, Tracker]:
    """A waste & recycling service improvement tracker kept as a real Excel table (ListObject,
    banded style, filter buttons) with a totals row "Total | 9" and a note under the table."""
    A = [
        act("W1", None, "Introduce weekly food waste collections ready for Simpler Recycling", "Head of Waste Services", "March 2026",
            ("G", "Vehicles ordered."), ("G", "Caddies delivered; crews recruited for 6 new rounds."), rounds=R),
        act("W2", None, "Reduce missed bin collections to fewer than 50 per 100,000", "Waste Operations Manager", "September 2025",
            ("A", "72 per 100,000."), ("B", "44 per 100,000 in September after in-cab technology went live on all vehicles."), rounds=R),
        act("W3", None, "Re-procure the dry recycling processing contract", "Head of Waste Services", "April 2026",
            ("G", "Soft market testing complete."), ("G", "Tender published; 4 bids expected by 14 November."), rounds=R),
        act("W4", None, "Launch a garden waste subscription renewal online", "Head of Customer Services", "February 2026",
            ("G", "Integration with payment system specified."), ("A", "Payment integration delayed; manual fallback prepared for the February renewal window."), rounds=R),
        act("W5", None, "Cut contamination of recycling bins to below 10%", "Waste Education Officer", "March 2026",
            ("A", "Contamination 14%."), ("A", "Contamination 12.5%. 'Bin hanger' feedback tags used on 9 rounds."), rounds=R),
        act("W6", None, "Replace the household waste recycling centre booking system", "Head of Waste Services", "June 2025",
            ("B", "New booking system live since 2 June."), ("B", "Complete."), rounds=R),
        act("W7", None, "Agree a fly-tipping hot-spot CCTV programme", "Head of Regulatory Services", "December 2025",
            ("G", "Cameras purchased."), ("G", "Cameras deployed at 6 hot-spots; 17 fixed penalty notices issued."), rounds=R),
        act("W8", None, "Reduce depot vehicle downtime through a new fleet maintenance contract", "Fleet Manager", "October 2025",
            ("A", "Contract award delayed."), ("R", "Vehicle availability 86% against 95% target.\nTwo RCVs off the road awaiting parts; hire vehicles costing £9k a week."), rounds=R),
        act("W9", None, "Publish a waste & recycling customer charter", "Head of Waste Services", "January 2026",
            ("G", "Charter drafted with the residents' panel."), ("G", "Charter agreed by the Portfolio Holder; publication alongside the new calendar in January."), rounds=R),
    ]
    tr = Tracker("Waste and recycling service improvement tracker.xlsx", R, A)
    wb = new_workbook()
    ws = wb.active
    ws.title = "Tracker"
    end = wide_sheet(ws, tr, 1, [("Ref", "ref"), ("Action", "text"), ("Lead officer", "owner"),
                                 ("Target date", "target")],
                     ["status", "comment"], _quarter_heading("RAG", "Commentary"))
    total_row = end                      # rows 2..10 hold the 9 actions; row 11 is the totals row
    put(ws, total_row, 1, "Total", bold=True)
    put(ws, total_row, 2, len(A), bold=True)
    last_col = "H"
    table = Table(displayName="WasteImprovementTracker", ref=f"A1:{last_col}{total_row}",
                  totalsRowCount=1)
    heads = [ws.cell(row=1, column=c).value for c in range(1, 9)]
    table.tableColumns = [TableColumn(id=i, name=h) for i, h in enumerate(heads, 1)]
    table.tableColumns[0].totalsRowLabel = "Total"
    table.autoFilter = AutoFilter(ref=f"A1:{last_col}{total_row - 1}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True,
                                          showColumnStripes=False, showFirstColumn=False,
                                          showLastColumn=False)
    ws.add_table(table)
    ws.cell(row=total_row + 2, column=1,
            value="Note: figures as at 30 September 2025. Completed actions stay on the tracker until the end of the year.")
    tr.info["table"] = {"name": "WasteImprovementTracker", "ref": f"A1:H{total_row}",
                        "totals_row": total_row, "note_row": total_row + 2}
    return save(wb, outdir / tr.filename), tr


def customer_experience_key_block(outdir: Path) -> tuple[Path, Tracker]:
    """A Customer Experience Strategy action plan using the service's own codes (C, P, NS, D,
    OH) explained by a "Key:" block under the table."""
    A = [
        act("CX1", None, "Publish customer service standards for every service", "Head of Customer Services", "September 2025",
            ("P", "Standards drafted for 14 of 20 services."), ("C", "Standards published for all 20 services in September."), rounds=R),
        act("CX2", None, "Introduce a single complaints system across all directorates", "Complaints Manager", "October 2025",
            ("P", "System configured."), ("C", "Live since 1 October; Housing Ombudsman code self-assessment updated."), rounds=R),
        act("CX3", None, "Answer 80% of calls within 3 minutes", "Contact Centre Manager", "March 2026",
            ("D", "61% in Q1."), ("D", "68% in Q2. Council tax annual billing peak & 5 vacancies; recruitment under way.\nCall-back option added in August."), rounds=R),
        act("CX4", None, "Open a customer service point in the new library & community hub", "Head of Libraries", "November 2025",
            ("P", "Fit-out plans agreed."), ("P", "Fit-out complete; staff training in October ahead of opening on 3 November."), rounds=R),
        act("CX5", None, "Run quarterly 'mystery shopper' tests with the Citizens' Panel", "Customer Insight Officer", "March 2026",
            ("NS", "Panel recruitment first."), ("P", "First round complete: 42 contacts tested, 74% met the standard."), rounds=R),
        act("CX6", None, "Train all frontline staff in 'Customer First' behaviours", "Organisational Development Manager", "December 2025",
            ("C", "E-learning launched; 100% of frontline staff completed it by June."), ("C", "Complete."), rounds=R),
        act("CX7", None, "Add Welsh & Polish translations to the top 10 web forms", "Digital Services Manager", "February 2026",
            ("NS", "Awaiting web platform upgrade."), ("NS", "Not started: dependent on the web platform upgrade in January."), rounds=R),
        act("CX8", None, "Introduce text message reminders for bulky waste & pest control appointments", "Head of Customer Services", "December 2025",
            ("P", "Supplier chosen."), ("P", "Reminders live for bulky waste; pest control to follow in December."), rounds=R),
        act("CX9", None, "Review opening hours of the civic centre reception", "Head of Customer Services", "August 2025",
            ("P", "Footfall analysis under way."), ("OH", "On hold pending the office accommodation review & the staff consultation."), rounds=R),
        act("CX10", None, "Reduce avoidable contact (chasing calls) by 15%", "Customer Insight Officer", "March 2026",
            ("P", "Baseline of avoidable contact agreed."), ("D", "Avoidable contact up 4% because of the garden waste renewal problems; root-cause work with Waste Services."), rounds=R),
        act("CX11", None, "Publish a quarterly 'You said, we did' report", "Customer Insight Officer", "Quarterly",
            ("P", "First report drafted."), ("P", "Two reports published; next due in December."), rounds=R),
    ]
    tr = Tracker("Customer experience strategy action plan.xlsx", R, A,
                 key={"c": BLUE, "p": GREEN, "ns": NOT_STARTED, "d": RED, "oh": ON_HOLD})
    wb = new_workbook()
    ws = wb.active
    ws.title = "Action plan"
    end = wide_sheet(ws, tr, 1, [("Ref", "ref"), ("Action", "text"), ("Lead officer", "owner"),
                                 ("Target date", "target")],
                     ["status", "comment"], _quarter_heading("Status", "Comments"))
    row = end + 1
    ws.cell(row=row, column=1, value="Key:")
    for i, line in enumerate(["C = Complete", "P = Progressing", "NS = Not started",
                              "D = Delayed", "OH = On hold"], 1):
        ws.cell(row=row + i, column=1, value=line)
    tr.info["key_rows"] = [row, row + 5]
    return save(wb, outdir / tr.filename), tr


def health_wellbeing_colour_only(outdir: Path) -> tuple[Path, Tracker]:
    """A Health & Wellbeing Strategy action plan where several leads coloured the Q2 RAG cell
    instead of typing a letter (Excel's standard green, orange, red and blue, and two theme
    colours, one with a tint); Q1 letters are typed and coloured to match."""
    A = [
        act("HW1", "Start well", "Increase breastfeeding at 6-8 weeks to 50%", "Public Health Principal", "March 2026",
            ("G", "46.2% at 6-8 weeks."), (F_GREEN, "48.0%; peer supporters now in all family hubs."), rounds=R),
        act("HW2", "Start well", "Deliver the Family Hubs & Start for Life programme", "Head of Early Help", "March 2026",
            ("G", "Hubs open in all four localities."), ("G", "Parent-infant mental health service launched in July."), rounds=R),
        act("HW3", "Live well", "Reduce smoking prevalence to 10% through Swap to Stop", "Public Health Principal", "March 2026",
            ("A", "Vape kit distribution slower than planned."), (F_AMBER, "1,150 vape kits issued against 2,000; pharmacy partners being added in October."), rounds=R),
        act("HW4", "Live well", "Commission a new integrated drug & alcohol treatment service", "Head of Public Health Commissioning", "April 2026",
            ("A", "Procurement timetable tight."), (F_RED, "Tender returned one compliant bid over budget.\nRe-procurement needed; current contract extended to September 2026."), rounds=R),
        act("HW5", "Live well", "Adopt the Physical Activity Strategy", "Head of Leisure and Culture", "September 2025",
            ("G", "Consultation closed."), (F_BLUE, "Strategy adopted by the Health & Wellbeing Board on 25 September 2025."), rounds=R),
        act("HW6", "Age well", "Publish the Joint Strategic Needs Assessment chapter on older people", "Public Health Intelligence Manager", "June 2025",
            ("B", "Published in June."), ("B", "Complete."), rounds=R),
        act("HW7", "Age well", "Roll out falls prevention classes in sheltered housing", "Public Health Principal", "March 2026",
            ("G", "Instructors trained."), (F_THEME_GREEN, "Classes in 11 schemes with 160 regular participants; falls-related ambulance call-outs monitored with the ambulance trust."), rounds=R),
        act("HW8", "Age well", "Increase the uptake of NHS Health Checks to 60% of those invited", "Public Health Principal", "March 2026",
            ("A", "Uptake 48%."), ("A", "Uptake 51%; outreach checks at the market & in workplaces."), rounds=R),
        act("HW9", "Healthy places", "Apply health impact assessment to all major planning applications", "Head of Planning", "December 2025",
            ("G", "Supplementary planning document drafted."), ("G", "SPD adopted for consultation; HIA now required for schemes of 100+ homes."), rounds=R),
        act("HW10", "Healthy places", "Restrict new hot food takeaways within 400m of secondary schools", "Head of Planning", "March 2026",
            ("G", "Evidence base commissioned."), (F_THEME_AMBER, "Evidence base delayed by the consultant; policy now expected in the Local Plan review rather than a standalone SPD."), rounds=R),
    ]
    tr = Tracker("Health and wellbeing strategy action plan.xlsx", R, A)
    wb = new_workbook()
    ws = wb.active
    ws.title = "Action plan"
    wide_sheet(ws, tr, 1, [("Ref", "ref"), ("Priority", "group"), ("Action", "text"),
                           ("Lead officer", "owner"), ("Target date", "target")],
               ["status", "comment"], _quarter_heading("RAG", "Commentary"), colour_typed=True)
    return save(wb, outdir / tr.filename), tr


def libraries_fill_contradicts(outdir: Path) -> tuple[Path, Tracker]:
    """A Libraries & Culture service plan tracker where RAG letters are typed and coloured by
    hand; one "G" was left with last quarter's red fill."""
    A = [
        act("L1", "Reading & learning", "Run the Summer Reading Challenge in all branches", "Libraries Manager", "September 2025",
            ("G", "Sign-ups opened in June."), ("B", "3,920 children took part; 61% completed the challenge."), rounds=R),
        act("L2", "Reading & learning", "Extend opening hours using 'open+' self-service technology", "Libraries Manager", "March 2026",
            ("A", "Building works at two branches delayed."), ("A", "Open+ live at 3 of 6 branches; two branches need door access upgrades first."), rounds=R),
        act("L3", "Digital", "Offer free digital skills sessions weekly in every branch", "Digital Inclusion Officer", "December 2025",
            ("R", "Volunteer tutors not yet recruited."), (("G", F_RED), "14 volunteer tutors recruited; weekly sessions running in all branches since September."), rounds=R),
        act("L4", "Digital", "Replace public PCs & printing in all branches", "Head of ICT", "November 2025",
            ("G", "Order placed."), ("G", "Installation under way at 4 of 6 branches."), rounds=R),
        act("L5", "Culture", "Deliver the heritage lottery-funded museum archive project", "Museums & Heritage Manager", "March 2026",
            ("G", "Project archivist appointed."), ("G", "2,300 items catalogued; community exhibition planned for February half-term."), rounds=R),
        act("L6", "Culture", "Bid for Arts Council National Portfolio Organisation status", "Arts Development Officer", "October 2025",
            ("A", "Bid writing support secured."), ("R", "Application deadline missed after the bid writer left; next round opens in 2026/27.\nInterim project grant bid submitted instead."), rounds=R),
        act("L7", "Community", "Establish 'warm & welcoming' library spaces", "Libraries Manager", "November 2025",
            ("G", "All branches registered."), ("G", "Free hot drinks & activity packs in place for the winter programme."), rounds=R),
        act("L8", "Community", "Co-locate the registration service in the central library", "Head of Registration Services", "January 2026",
            ("G", "Design agreed."), ("A", "Listed building consent needed for the ceremony room; opening moved to March."), rounds=R),
        act("L9", "Community", "Recruit 40 new library volunteers", "Volunteer Coordinator", "March 2026",
            ("G", "18 volunteers recruited."), ("G", "33 volunteers recruited, including 9 young people on the Duke of Edinburgh's Award."), rounds=R),
    ]
    tr = Tracker("Libraries service plan tracker.xlsx", R, A)
    wb = new_workbook()
    ws = wb.active
    ws.title = "Service plan"
    wide_sheet(ws, tr, 1, [("Ref", "ref"), ("Outcome", "group"), ("Action", "text"),
                           ("Lead officer", "owner"), ("Target date", "target")],
               ["status", "comment"], _quarter_heading("RAG", "Commentary"), colour_typed=True)
    return save(wb, outdir / tr.filename), tr


def economic_growth_extra_columns(outdir: Path) -> tuple[Path, Tracker]:
    """An Economic Growth delivery plan tracker with columns a report does not know:
    "Directorate", "Budget code" and "Link to risk register"."""
    def x(directorate, code, risk):
        return {"directorate": directorate, "budget": code, "risk": risk}
    A = [
        act("EG1", "Town centres", "Deliver the Future High Streets Fund market hall refurbishment", "Director of Place", "March 2026",
            ("G", "Contractor on site."), ("G", "Roof & structural works complete; traders' fit-out from January."), rounds=R, extra=x("Place", "C41250", "SR01")),
        act("EG2", "Town centres", "Launch a shop front improvement grant", "Town Centre Manager", "September 2025",
            ("G", "Scheme opened."), ("B", "23 grants awarded (£187k); scheme closed fully subscribed."), rounds=R, extra=x("Place", "R22310", "n/a")),
        act("EG3", "Business growth", "Attract inward investment to the enterprise zone", "Head of Economic Growth", "March 2026",
            ("G", "Marketing campaign launched."), ("G", "Two occupiers signed (180 jobs); three enquiries at heads of terms."), rounds=R, extra=x("Place", "R22400", "SR01")),
        act("EG4", "Business growth", "Deliver a business start-up programme", "Business Support Manager", "March 2026",
            ("G", "Provider appointed."), ("G", "64 pre-starts supported & 21 businesses started trading."), rounds=R, extra=x("Place", "R22410", "n/a")),
        act("EG5", "Skills", "Open the Construction Skills Centre with the FE college", "Employment & Skills Manager", "January 2026",
            ("A", "Planning condition discharge outstanding."), ("A", "Opening moved to February because of a delayed power connection."), rounds=R, extra=x("Place", "C41310", "SR12")),
        act("EG6", "Skills", "Create 30 council apprenticeships for local residents", "Head of HR & OD", "March 2026",
            ("G", "12 starts."), ("G", "22 apprentices in post across 9 services."), rounds=R, extra=x("Resources", "R10050", "SR04")),
        act("EG7", "Infrastructure", "Complete the station gateway highway improvements", "Head of Highways", "December 2025",
            ("A", "Utility diversions over-running."), ("R", "Utility diversions 10 weeks late; completion now April 2026.\nCost increase of £420k reported to the Capital Programme Board."), rounds=R, extra=x("Environment", "C45120", "SR08")),
        act("EG8", "Infrastructure", "Secure gigabit broadband coverage for business parks", "Digital Infrastructure Officer", "March 2026",
            ("G", "Voucher scheme promoted."), ("G", "Coverage 88% of premises on business parks (target 95%)."), rounds=R, extra=x("Resources", "R10200", "n/a")),
        act("EG9", "Visitor economy", "Refresh the Destination Management Plan", "Tourism Manager", "November 2025",
            ("G", "Consultant appointed."), ("A", "Stakeholder workshops rescheduled after the consultant's illness; plan now due January."), rounds=R, extra=x("Place", "R22500", "n/a")),
        act("EG10", "Visitor economy", "Bid to host a stage of the Tour of Britain", "Events Manager", "October 2025",
            ("G", "Expression of interest submitted."), ("G", "Shortlisted; route feasibility work with British Cycling & the police."), rounds=R, extra=x("Place", "R22520", "n/a")),
    ]
    tr = Tracker("Economic growth delivery plan tracker.xlsx", R, A)
    wb = new_workbook()
    ws = wb.active
    ws.title = "Delivery plan"
    wide_sheet(ws, tr, 1, [("Ref", "ref"), ("Directorate", "directorate"), ("Priority", "group"),
                           ("Action", "text"), ("Lead officer", "owner"),
                           ("Budget code", "budget"), ("Link to risk register", "risk"),
                           ("Target date", "target")],
               ["status", "comment"], _quarter_heading("RAG", "Commentary"))
    tr.info["unknown_columns"] = [{"column": "B", "heading": "Directorate"},
                                  {"column": "F", "heading": "Budget code"},
                                  {"column": "G", "heading": "Link to risk register"}]
    return save(wb, outdir / tr.filename), tr


def customer_access_titles_hidden(outdir: Path) -> tuple[Path, Tracker]:
    """A Customer Access Strategy tracker with two title lines, a blank row before the header,
    and one action row hidden by the officer (it was complete in Q1)."""
    A = [
        act("CA1", "Channel shift", "Move 70% of council tax transactions online", "Head of Revenues & Benefits", "March 2026",
            ("G", "58% online."), ("G", "63% online; direct debit sign-up added to the resident account."), rounds=R),
        act("CA2", "Channel shift", "Close the cash office & introduce PayPoint payments", "Head of Customer Services", "June 2025",
            ("B", "Cash office closed on 30 May; PayPoint at 41 outlets."), ("B", "Complete."), rounds=R, hidden=True),
        act("CA3", "Channel shift", "Introduce webchat for housing repairs", "Repairs Manager", "December 2025",
            ("G", "Webchat platform procured."), ("A", "Repairs scheduling integration not ready; webchat will launch without live appointment booking in December."), rounds=R),
        act("CA4", "Assisted digital", "Provide assisted digital support at the three community hubs", "Community Hubs Manager", "September 2025",
            ("G", "Staff trained."), ("B", "Assisted digital sessions running at all three hubs, 5 days a week."), rounds=R),
        act("CA5", "Assisted digital", "Offer appointments in 12 community languages via interpreters", "Head of Customer Services", "March 2026",
            ("G", "Interpreting contract extended."), ("G", "Video interpreting on all reception desks; 380 appointments in Q2."), rounds=R),
        act("CA6", "Telephony", "Introduce an automated switchboard with speech recognition", "Head of ICT", "November 2025",
            ("A", "Supplier testing issues."), ("R", "Recognition accuracy 71% in testing (target 90%).\nGo-live paused; supplier remediation plan due 15 October."), rounds=R),
        act("CA7", "Telephony", "Publish call-answering performance every month", "Contact Centre Manager", "July 2025",
            ("G", "Dashboard built."), ("B", "Monthly performance page live on the website since July."), rounds=R),
        act("CA8", "Insight", "Introduce post-contact satisfaction surveys (text & email)", "Customer Insight Officer", "December 2025",
            ("G", "Questions agreed."), ("G", "Surveys live for council tax & waste contacts: satisfaction 78%."), rounds=R),
        act("CA9", "Insight", "Create a single customer record across revenues, housing & waste", "Head of Business Intelligence", "March 2026",
            ("A", "Data quality issues in the housing system."), ("A", "Matching rate 74%; data cleansing of 12,000 housing records under way."), rounds=R),
        act("CA10", "Insight", "Review the council's customer access points against footfall", "Head of Customer Services", "January 2026",
            ("G", "Footfall counters installed."), ("G", "Three months of footfall data collected; options report in January."), rounds=R),
    ]
    tr = Tracker("Customer access strategy tracker 2025-26.xlsx", R, A)
    wb = new_workbook()
    ws = wb.active
    ws.title = "Tracker"
    top = titles(ws, ["Eastmoor Borough Council", "Customer Access Strategy – action tracker 2025/26"])
    top += 1                                   # row 3 left blank
    wide_sheet(ws, tr, top, [("Ref", "ref"), ("Workstream", "group"), ("Action", "text"),
                             ("Lead officer", "owner"), ("Target date", "target")],
               ["status", "comment"], _quarter_heading("RAG", "Update"))
    tr.info["hidden_rows"] = [top + 2]        # CA2 is the second action
    tr.info["header_row"] = top
    return save(wb, outdir / tr.filename), tr


BUILDERS = [waste_excel_table, customer_experience_key_block, health_wellbeing_colour_only,
            libraries_fill_contradicts, economic_growth_extra_columns,
            customer_access_titles_hidden]
