"""Wide trackers: one sheet, a status (and commentary) column per round, the round named in the
heading: "Q1 2025/26 RAG", "Q1 2025/26 Status", "Q1 2025/26 BRAG rating", or the quarter merged
over two-row sub-headings. Rounds headed by dates or periods are in shapes_dates.py."""
from __future__ import annotations

from pathlib import Path

from corpus_common import Tracker, act, new_workbook, save, titles, wide_sheet

Q1, Q2, Q3, Q4 = "Q1 2025/26", "Q2 2025/26", "Q3 2025/26", "Q4 2025/26"


def corporate_plan(outdir: Path) -> tuple[Path, Tracker]:
    """A Corporate Plan delivery tracker kept by a district/unitary policy team: one header row,
    a G/A/R/B letter and a commentary column per quarter, written by many officers (so "green "
    and "AMBER" appear), a commitment with two actions under one merged Ref, a "n/a" target."""
    R = [Q1, Q2]
    A = [
        act("CP1", "A thriving local economy",
            "Adopt the Town Centre Masterplan and begin delivery of the first phase of public realm works",
            "Director of Place", "March 2026",
            ("G", "Masterplan consultation closed 14 June with 1,240 responses. Analysis under way."),
            ("G", "Masterplan adopted by Cabinet on 17 September 2025.\nPhase 1 public realm design & build contract out to tender; award expected December."),
            rounds=R),
        act("CP2", "A thriving local economy",
            "Deliver the UK Shared Prosperity Fund business support programme",
            "Head of Economic Growth", "March 2026",
            ("G", "Grant scheme opened 2 May; 21 applications received in the first month."),
            ("AMBER", "Take-up of the business grants strand is behind profile (38 of 60 grants awarded). Marketing refreshed with the Chamber of Commerce; risk of underspend < £50k flagged to MHCLG."),
            rounds=R),
        act("CP3", "A thriving local economy",
            "Secure a development partner for the Riverside employment site",
            "Director of Place", "December 2025",
            ("A", "Two bids received; both above the affordability envelope. Clarification meetings in July."),
            ("R", "Preferred bidder withdrew in August citing build-cost inflation.\nOptions paper to Cabinet in November: re-tender, direct development or disposal."),
            rounds=R),
        act("CP4", "Healthy and safe communities",
            "Refresh the Community Safety Strategy with the Community Safety Partnership",
            "Head of Community Safety", "September 2025",
            ("G", "Draft strategy shared with partners; public survey closes 31 July."),
            ("B", "Strategy 2025-28 approved by the Partnership on 9 September 2025 and published on the website."),
            rounds=R),
        act("CP4", "Healthy and safe communities",
            "Launch neighbourhood anti-social behaviour problem-solving panels",
            "Head of Community Safety", "March 2026",
            ("G", "Terms of reference agreed with Police neighbourhood inspectors."),
            ("G", "Panels running in 3 of 5 neighbourhoods; the remaining two launch in October."),
            rounds=R, cont=True),
        act("CP5", "Healthy and safe communities",
            "Deliver the leisure centre decarbonisation project (air source heat pumps & solar PV)",
            "Head of Leisure and Culture", "March 2026",
            ("G", "Public Sector Decarbonisation Scheme grant confirmed; contractor appointed."),
            ("green ", "Heat pumps installed at Northgate Leisure Centre; solar PV installation scheduled for the November half-term."),
            rounds=R),
        act("CP6", "Healthy and safe communities",
            "Implement the Healthy Weight Declaration commitments",
            "Director of Public Health", "n/a",
            ("G", "Declaration signed at Full Council in April."),
            ("G", "• Healthy food standards added to the schools catering contract\n• Advertising policy amended to restrict HFSS adverts on council sites"),
            rounds=R),
        act("CP7", "Homes and neighbourhoods",
            "Deliver 150 new affordable homes through the Housing Delivery Programme",
            "Director of Housing", "March 2026",
            ("A", "41 completions in Q1 against a profile of 45."),
            ("A", "87 completions to date against a profile of 95. Two sites delayed by utility connections; recovery plan agreed with the developers."),
            rounds=R),
        act("CP8", "Homes and neighbourhoods",
            "End the use of bed & breakfast accommodation for families beyond six weeks",
            "Head of Housing Options", "December 2025",
            ("R", "14 families in B&B beyond six weeks at the end of June."),
            ("A", "Families in B&B beyond six weeks down from 14 to 5. New 24-unit temporary accommodation scheme opens in November."),
            rounds=R),
        act("CP9", "Homes and neighbourhoods",
            "Complete the selective licensing consultation for Eastfield ward",
            "Head of Regulatory Services", "June 2025",
            ("B", "Consultation complete; Cabinet approved the designation on 24 June 2025."),
            ("B", "Complete. The scheme went live on 1 September 2025."),
            rounds=R),
        act("CP10", "A well-run council",
            "Deliver the 2025/26 savings programme of £6.2m",
            "Director of Finance (s151 Officer)", "March 2026",
            ("G", "All savings lines have delivery plans and named leads."),
            ("A", "£4.9m of £6.2m on track; £1.3m at risk in adult social care placements. Mitigations set out in the Q2 budget monitoring report."),
            rounds=R),
        act("CP11", "A well-run council",
            "Implement the new HR & payroll system",
            "Head of HR & OD", "October 2025",
            ("G", "Data migration test 2 passed; parallel run planned for September."),
            ("B", "System went live on 1 October 2025 after a successful parallel run in September."),
            rounds=R),
        act("CP12", "A well-run council",
            "Reduce average days lost to sickness absence by 10%",
            "Head of HR & OD", "March 2026",
            ("G", "Average days lost 9.1 at end of June."),
            ("G", "Average days lost 8.6 (target < 9). Wellbeing champions network relaunched."),
            rounds=R),
        act("CP13", "A well-run council",
            "Launch the customer portal for council tax & benefits self-service",
            "Head of Customer Services", "January 2026",
            ("G", "Supplier configuration under way."),
            ("G", "User testing completed with 40 residents and the accessibility audit passed. Soft launch planned for January."),
            rounds=R),
    ]
    tr = Tracker("Corporate Plan delivery tracker 2025-26.xlsx", R, A)
    wb = new_workbook()
    ws = wb.active
    ws.title = "Tracker"
    top = titles(ws, ["Corporate Plan 2024-28: delivery tracker 2025/26"]) + 1
    wide_sheet(ws, tr, top,
               [("Ref", "ref"), ("Priority", "group"), ("Action", "text"),
                ("Lead officer", "owner"), ("Target date", "target")],
               ["status", "comment"],
               lambda r, k: f"{r} {'RAG' if k == 'status' else 'Commentary'}")
    return save(wb, outdir / tr.filename), tr


def workforce_strategy(outdir: Path) -> tuple[Path, Tracker]:
    """A Workforce Strategy action plan kept by HR & OD: statuses as words under a "Status"
    heading per quarter, three quarters so far, a reprofiled target date written as text, and
    one action whose Q3 status was left blank (it was "On track" in Q2)."""
    R = [Q1, Q2, Q3]
    A = [
        act("WF01", "Attract", "Launch a refreshed employer brand and careers website",
            "Head of HR & OD", "September 2025",
            ("On track", "Brand agency appointed; photography with staff in June."),
            ("Complete", "New careers site went live on 8 September 2025."),
            ("Complete", "Complete. Applications per advert up 22% since launch."), rounds=R),
        act("WF02", "Attract", "Set up a social care apprenticeship academy with the local college",
            "Head of HR & OD", "March 2026 – reprofiled to June 2026",
            ("On track", "Curriculum outline agreed with the college."),
            ("At risk", "College lost its assessor; first cohort may slip to the spring term."),
            ("At risk", "Target date reprofiled to June 2026 as the college's new assessor starts in February.\nFirst cohort of 12 apprentices recruited & waiting to start."), rounds=R),
        act("WF03", "Attract", "Reduce agency spend in children's social care by 20%",
            "Director of Children's Services", "March 2026",
            ("At risk", "Agency spend flat in Q1."),
            ("Off track", "Agency spend 4% higher than the same period last year."),
            ("Off track", "Agency social workers 31 (target 20). Regional memorandum of understanding on agency pay rates adopted in November; market supplement for experienced social workers agreed by Appointments Committee."), rounds=R),
        act("WF04", "Retain", "Implement the revised pay and grading structure following the job evaluation review",
            "Head of HR & OD", "April 2026",
            ("Not started", "Not due to start until the job evaluation panels are trained."),
            ("On track", "Job evaluation panels under way; 61% of roles evaluated."),
            ("On track", "All roles evaluated; modelling of the new pay structure shared with the trade unions on 4 December."), rounds=R),
        act("WF05", "Retain", "Roll out stay interviews for staff in hard-to-recruit roles",
            "HR Business Partner Manager", "December 2025",
            ("On track", "Guidance drafted for managers."),
            ("On track", "Stay interviews held in planning, legal & environmental health."),
            ("Complete", "Stay interviews now part of the standard one-to-one toolkit; themes reported to CMT in December."), rounds=R),
        act("WF06", "Develop", "Deliver the Leadership and Management Development Programme (cohorts 1 and 2)",
            "Organisational Development Manager", "March 2026",
            ("On track", "Cohort 1 (24 managers) started in May."),
            ("On track", "Cohort 1 at module 4 of 6."),
            ("On track", "Cohort 1 graduated on 27 November; cohort 2 of 26 managers starts in January."), rounds=R),
        act("WF07", "Develop", "Introduce a corporate mandatory training dashboard",
            "Head of HR & OD", "January 2026",
            ("Not started", "Due to start in Q2."),
            ("On track", "Dashboard specification agreed with ICT."),
            ("Complete", "Dashboard live in the HR system; compliance at 87% and reported monthly to directorate management teams."), rounds=R),
        act("WF08", "Wellbeing", "Achieve Thrive at Work accreditation (Foundation level)",
            "Health & Wellbeing Lead", "March 2026",
            ("On track", "Registration completed; self-assessment started."),
            ("On track", "Self-assessment evidence 70% complete."),
            ("", "Assessment visit booked for 12 February."), rounds=R),
        act("WF09", "Wellbeing", "Reduce average sickness absence to below 9 days per FTE",
            "Head of HR & OD", "March 2026",
            ("At risk", "9.8 days per FTE (rolling 12 months)."),
            ("At risk", "10.1 days per FTE."),
            ("At risk", "10.2 days per FTE (target < 9). Musculoskeletal absence in waste services is the main driver; a physiotherapy fast-track pilot starts in January."), rounds=R),
        act("WF10", "Equality, diversity & inclusion", "Publish the gender, ethnicity and disability pay gap reports",
            "Head of HR & OD", "March 2026",
            ("Not started", "Due to start in Q2 after the equality data audit."), ("Not started", "Data cleansing of equality monitoring records first."),
            ("On track", "Disclosure campaign raised ethnicity declaration from 68% to 81%; reports drafted for publication in March."), rounds=R),
        act("WF11", "Equality, diversity & inclusion", "Establish a staff disability network",
            "EDI Lead", "December 2025",
            ("On track", "Expressions of interest invited."),
            ("On track", "Chair and deputy chair appointed."),
            ("On track", "Network launched at the December staff briefing with 35 members; executive sponsor is the Director of Place."), rounds=R),
        act("WF12", "Equality, diversity & inclusion", "Introduce a workforce planning toolkit for all service plans",
            "Head of HR & OD", "March 2026",
            ("Not started", None), ("Not started", None),
            ("Not started", "Deferred to Q4 to align with the 2026/27 service planning cycle."), rounds=R),
    ]
    tr = Tracker("Workforce strategy action plan 2025-26.xlsx", R, A)
    wb = new_workbook()
    ws = wb.active
    ws.title = "Action plan"
    wide_sheet(ws, tr, 1,
               [("Ref", "ref"), ("Theme", "group"), ("Action", "text"),
                ("Lead officer", "owner"), ("Target date", "target")],
               ["status", "comment"],
               lambda r, k: f"{r} {'Status' if k == 'status' else 'Commentary'}")
    return save(wb, outdir / tr.filename), tr


def transformation_programme(outdir: Path) -> tuple[Path, Tracker]:
    """A transformation programme tracker kept by the Programme Management Office: a BRAG
    rating (B/R/A/G letters) and an update per quarter, headed "Q1 2025/26 BRAG rating"."""
    R = [Q1, Q2]
    A = [
        act("T01", "Customer & digital", "Move the top 20 customer transactions online with end-to-end integration",
            "Head of Customer Services", "March 2026",
            ("G", "12 of 20 transactions mapped."), ("G", "15 of 20 transactions live, including bulky waste & garden waste renewals."), rounds=R),
        act("T02", "Customer & digital", "Replace the contact centre telephony platform",
            "Head of ICT", "September 2025",
            ("G", "Cut-over planned for 22 September."), ("B", "New cloud telephony platform live since 22 September 2025; call abandonment down from 14% to 6%."), rounds=R),
        act("T03", "Customer & digital", "Introduce an AI-assisted web chat for council tax queries",
            "Head of Revenues & Benefits", "January 2026",
            ("A", "Data protection impact assessment outstanding."), ("A", "DPIA signed off; procurement delayed by four weeks while the supplier's hosting arrangements were checked."), rounds=R),
        act("T04", "Property & assets", "Rationalise the office estate to two civic buildings",
            "Director of Resources", "March 2026",
            ("A", "Staff consultation on hybrid working closed."), ("R", "Sale of Lime Street offices fell through in August; revenue saving of £340k for 2025/26 now at risk.\nRe-marketing under way."), rounds=R),
        act("T05", "Property & assets", "Implement a corporate landlord model",
            "Head of Property", "December 2025",
            ("G", "Budgets identified for transfer."), ("G", "Facilities budgets of £2.1m transferred to the corporate landlord from 1 October."), rounds=R),
        act("T06", "Ways of working", "Roll out Microsoft 365 and retire on-premise file shares",
            "Head of ICT", "March 2026",
            ("G", "Pilot with Finance complete."), ("G", "1,150 of 1,900 staff migrated; file share retirement plan approved by the Information Governance Board."), rounds=R),
        act("T07", "Ways of working", "Adopt a single corporate performance management framework",
            "Head of Policy & Performance", "September 2025",
            ("G", "Framework drafted and tested with two directorates."), ("B", "Framework approved by Cabinet on 10 September 2025; quarterly reports now produced from one dataset."), rounds=R),
        act("T08", "Demand management", "Introduce a 'front door' triage for adult social care",
            "Director of Adult Social Care", "March 2026",
            ("A", "Recruitment to triage team under way."), ("A", "Triage team 70% staffed; 31% of contacts resolved at first point of contact against a target of 40%."), rounds=R),
        act("T09", "Demand management", "Deliver the children's placement sufficiency programme",
            "Director of Children's Services", "March 2026",
            ("G", "Two properties purchased for in-house children's homes."), ("G", "First in-house home registered with Ofsted in September; second home registration visit booked."), rounds=R),
        act("T10", "Commercial", "Grow traded services income by £250k",
            "Head of Commercial Services", "March 2026",
            ("G", "Pricing review complete."), ("G", "£146k additional income secured, mainly from the schools' HR & payroll offer."), rounds=R),
    ]
    tr = Tracker("Transformation programme tracker.xlsx", R, A)
    wb = new_workbook()
    ws = wb.active
    ws.title = "Programme tracker"
    wide_sheet(ws, tr, 1,
               [("Ref", "ref"), ("Workstream", "group"), ("Action", "text"),
                ("Senior responsible officer", "owner"), ("Target date", "target")],
               ["status", "comment"],
               lambda r, k: f"{r} {'BRAG rating' if k == 'status' else 'Update'}",
               colour_typed=True)
    return save(wb, outdir / tr.filename), tr


def send_improvement(outdir: Path) -> tuple[Path, Tracker]:
    """A SEND improvement plan tracker written after a joint Ofsted/CQC area SEND inspection:
    two header rows, the quarter merged over "RAG | Commentary", letters coloured by hand."""
    R = [Q1, Q2, Q3]
    A = [
        act("1.1", "Leadership & governance", "Refresh the SEND & Alternative Provision Partnership Board terms of reference and membership",
            "Director of Children's Services", "June 2025",
            ("B", "New terms of reference agreed; parent carer forum co-chair in place."), ("B", "Complete."), ("B", "Complete."), rounds=R),
        act("1.2", "Leadership & governance", "Publish a co-produced SEND strategy 2025-2029",
            "Assistant Director, Education", "December 2025",
            ("G", "Co-production workshops held with 140 families."), ("G", "Draft strategy out to consultation until 31 October."),
            ("Blue", "Strategy published on the Local Offer on 15 December 2025 following approval by Cabinet."), rounds=R),
        act("2.1", "Identification & assessment", "Issue at least 60% of EHC plans within 20 weeks",
            "Head of SEND", "March 2026",
            ("R", "Timeliness 34% (rolling 12 months)."), ("A", "Timeliness 47%; two additional EHC coordinators started in August."),
            ("A", "Timeliness 55% in Q3 (rolling 12 months 49%). Educational psychology capacity remains the main constraint."), rounds=R),
        act("2.2", "Identification & assessment", "Clear the backlog of annual reviews older than 12 months",
            "Head of SEND", "December 2025",
            ("A", "412 overdue annual reviews."), ("A", "268 overdue annual reviews."), ("B", "Backlog cleared in December; a weekly tracking report now goes to the SEND leadership team."), rounds=R),
        act("2.3", "Identification & assessment", "Introduce a multi-agency neurodevelopmental pathway with the ICB",
            "Designated Clinical Officer (ICB)", "March 2026",
            ("G", "Pathway design group established."), ("G", "Pathway agreed by the ICB Quality Committee."),
            ("G", "Pathway launched in two localities on 1 December; waiting list validation under way with the community paediatrics team."), rounds=R),
        act("3.1", "Inclusion & sufficiency", "Open two new resourced provisions in mainstream secondary schools",
            "Head of School Organisation", "September 2025",
            ("G", "Capital works started at both schools."), ("A", "One provision opened in September; the second delayed by building works."),
            ("B", "Second resourced provision opened after the October half-term; 24 places now available across both sites."), rounds=R),
        act("3.2", "Inclusion & sufficiency", "Reduce suspensions of pupils with EHC plans",
            "Head of Inclusion", "March 2026",
            ("A", "Inclusion charter drafted with headteachers."), ("A", "Suspensions up 6% year on year."),
            ("R", "Suspensions of pupils with EHC plans up 11% on the same term last year.\n• Targeted support offered to the five schools with the highest rates\n• Deep dive report to the Partnership Board in February"), rounds=R),
        act("3.3", "Inclusion & sufficiency", "Commission additional alternative provision places for Key Stage 4",
            "Head of Commissioning", "January 2026",
            ("G", "Market engagement event held."), ("G", "Framework tender published."),
            ("G", "Tender evaluation complete; contracts to be awarded in January for places from February half-term."), rounds=R),
        act("4.1", "Preparing for adulthood", "Embed preparing for adulthood outcomes in all Year 9 annual reviews",
            "Head of SEND", "March 2026",
            ("G", "Training for SENCOs scheduled."), ("G", "Training delivered to 54 SENCOs."),
            ("G", "Audit of 40 Year 9 reviews found PfA outcomes in 33 (83%)."), rounds=R),
        act("4.2", "Preparing for adulthood", "Increase supported internships to 40 places",
            "Employment & Skills Manager", "September 2026",
            ("G", "22 interns in place."), ("G", "29 places confirmed for the new academic year."),
            ("A", "31 interns started in September against 40 planned; two employers withdrew. Job coach vacancy re-advertised."), rounds=R),
        act("5.1", "Communication & co-production", "Relaunch the Local Offer website with families",
            "Head of SEND", "October 2025",
            ("G", "Parent carer forum user testing arranged."), ("G", "New site in beta."),
            ("G", "Relaunched in November; page views up 40% and a 'you said, we did' page added."), rounds=R),
        act("5.2", "Communication & co-production", "Reduce complaints about EHC plan communication by 25%",
            "Head of SEND", "March 2026",
            ("A", "Complaints baseline 96 a year."), ("G", "Caseworker named on every plan since July."),
            ("G", "Complaints down 19% year to date; monthly drop-in sessions with caseworkers continue."), rounds=R),
    ]
    tr = Tracker("SEND improvement plan tracker.xlsx", R, A)
    wb = new_workbook()
    ws = wb.active
    ws.title = "Improvement plan"
    top = titles(ws, ["Area SEND Improvement Plan – progress tracker"]) + 1
    wide_sheet(ws, tr, top,
               [("Ref", "ref"), ("Priority area", "group"), ("Action", "text"),
                ("Lead officer", "owner"), ("Target date", "target")],
               ["status", "comment"], two_row=True, round_label=lambda r: r,
               sub_heading=lambda k: "RAG" if k == "status" else "Commentary",
               colour_typed=True)
    return save(wb, outdir / tr.filename), tr


BUILDERS = [corporate_plan, workforce_strategy, transformation_programme, send_improvement]
