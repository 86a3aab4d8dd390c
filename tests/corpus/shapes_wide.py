"""Wide trackers: one sheet, a status (and commentary) column per round, the round named in the
heading: "Q1 2025/26 RAG", "Q1 2025/26 Status", "Q1 2025/26 BRAG rating", "30/06/2025 RAG",
"Apr-Jun 2025 RAG", or round names merged over two-row sub-headings."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from corpus_common import (Tracker, act, new_workbook, save, titles, wide_sheet)

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


def internal_audit(outdir: Path) -> tuple[Path, Tracker]:
    """An internal audit recommendations follow-up tracker for the Audit & Governance Committee:
    round headings are the quarter-end dates written as text ("30/06/2025 RAG"), commentary
    headed "Comments", each recommendation with its agreed management action."""
    R = [Q1, Q2]
    A = [
        act("IA24-03.1", "Payroll (24/25-03)", "Reconcile payroll starters & leavers to HR records monthly",
            "Payroll Manager", dt.date(2025, 6, 30),
            ("G", "First reconciliation completed in May."), ("B", "Monthly reconciliations evidenced for May to September; audit verified."), rounds=R,
            recommendation="Monthly reconciliations between HR and payroll should be performed and evidenced."),
        act("IA24-03.2", "Payroll (24/25-03)", "Remove payroll system access for leavers within five working days",
            "Head of HR & OD", dt.date(2025, 9, 30),
            ("A", "Leavers report being built."), ("B", "Automated leaver workflow in place since August; access removed within 2 days on average."), rounds=R,
            recommendation="Access rights should be removed promptly when staff leave."),
        act("IA24-07.1", "Procurement cards (24/25-07)", "Issue revised purchasing card guidance & require monthly manager sign-off",
            "Head of Procurement", dt.date(2025, 5, 31),
            ("B", "Guidance issued to all 212 cardholders."), ("B", "Complete."), rounds=R,
            recommendation="Purchasing card transactions should be reviewed and approved by line managers."),
        act("IA24-07.2", "Procurement cards (24/25-07)", "Cancel cards unused for six months",
            "Head of Procurement", dt.date(2025, 6, 30),
            ("B", "41 dormant cards cancelled."), ("B", "Complete."), rounds=R,
            recommendation="Dormant cards should be cancelled."),
        act("IA24-11.1", "Cyber security (24/25-11)", "Complete the removal of unsupported Windows servers",
            "Head of ICT", dt.date(2025, 12, 31),
            ("A", "9 of 23 servers decommissioned."), ("A", "17 of 23 servers decommissioned; the remaining 6 host the legacy social care system & move with its replacement."), rounds=R,
            recommendation="Unsupported operating systems should be removed from the network."),
        act("IA24-11.2", "Cyber security (24/25-11)", "Introduce phishing simulation & targeted training",
            "Head of ICT", dt.date(2025, 9, 30),
            ("G", "Supplier appointed."), ("G", "First simulation in September: 9% click rate. Training assigned to those who clicked; second simulation in November."), rounds=R,
            recommendation="Staff awareness of phishing should be tested regularly."),
        act("IA24-14.1", "Contract management (24/25-14)", "Maintain a complete contracts register with named contract managers",
            "Head of Procurement", dt.date(2025, 10, 31),
            ("G", "Register 80% complete."), ("G", "Register complete for contracts over £25k; contract managers named for all but 7."), rounds=R,
            recommendation="The contracts register should be complete and each contract should have a named manager."),
        act("IA24-14.2", "Contract management (24/25-14)", "Hold quarterly performance meetings for all high-value contracts",
            "Directors (all)", dt.date(2025, 9, 30),
            ("A", "Template agreed."), ("R", "Evidence of quarterly meetings found for 11 of 26 high-value contracts.\nReminder issued by the Chief Executive; follow-up audit scheduled for January."), rounds=R,
            recommendation="Contract performance should be monitored at regular meetings."),
        act("IA25-02.1", "Section 106 agreements (25/26-02)", "Reconcile S106 receipts to the planning obligations database",
            "Head of Planning", dt.date(2025, 12, 31),
            ("G", "Data cleansing started."), ("A", "Reconciliation found 14 unmatched receipts totalling £212k; investigation with Finance under way."), rounds=R,
            recommendation="S106 income should be reconciled to the obligations database."),
        act("IA25-02.2", "Section 106 agreements (25/26-02)", "Publish the Infrastructure Funding Statement by 31 December",
            "Head of Planning", dt.date(2025, 12, 31),
            ("G", "Drafting started."), ("G", "Draft statement prepared; on track for publication in December."), rounds=R,
            recommendation="The Infrastructure Funding Statement should be published on time."),
    ]
    tr = Tracker("Internal audit recommendations tracker.xlsx", R, A)
    wb = new_workbook()
    ws = wb.active
    ws.title = "Follow-up"
    top = titles(ws, ["Internal Audit – implementation of agreed actions",
                      "Audit & Governance Committee"]) + 1
    heads = {Q1: "30/06/2025", Q2: "30/09/2025"}
    wide_sheet(ws, tr, top,
               [("Ref", "ref"), ("Audit report", "group"), ("Recommendation", "recommendation"),
                ("Agreed action", "text"), ("Responsible officer", "owner"),
                ("Implementation date", "target")],
               ["status", "comment"],
               lambda r, k: f"{heads[r]} {'RAG' if k == 'status' else 'Comments'}", merge=False)
    return save(wb, outdir / tr.filename), tr


def risk_log(outdir: Path) -> tuple[Path, Tracker]:
    """A strategic risk register's mitigation action log: two header rows, a real Excel date
    (the quarter end) merged over "RAG | Comments"; risk SR03 has two actions under a merged
    risk reference."""
    R = [Q1, Q2, Q3]
    A = [
        act("SR01", "Financial sustainability", "Deliver the Medium Term Financial Strategy savings plan",
            "Director of Finance (s151 Officer)", "March 2026",
            ("G", "Savings plans signed off."), ("A", "£1.3m of savings at risk."), ("A", "£0.9m at risk after mitigations; use of the budget resilience reserve modelled for Cabinet in February."), rounds=R),
        act("SR01", "Financial sustainability", "Lobby government on the fair funding review through the LGA & county networks",
            "Chief Executive", "Ongoing",
            ("G", "Response to the consultation submitted."), ("G", "Briefing provided to local MPs."), ("G", "Provisional settlement analysed; response submitted on 14 January."), rounds=R, cont=True),
        act("SR02", "Cyber attack", "Achieve Cyber Assessment Framework baseline for the council's critical systems",
            "Head of ICT", "March 2026",
            ("A", "Gap analysis complete."), ("A", "7 of 14 outcomes achieved."), ("G", "11 of 14 outcomes achieved; backups now immutable & tested monthly."), rounds=R),
        act("SR03", "Children's social care demand", "Open two in-house children's homes",
            "Director of Children's Services", "December 2025",
            ("G", "Properties purchased."), ("G", "First home registered."), ("B", "Both homes registered by Ofsted; 6 children placed, avoiding external placement costs of c.£1.1m a year."), rounds=R),
        act("SR03", "Children's social care demand", "Recruit 20 additional in-house foster carers",
            "Head of Fostering", "March 2026",
            ("A", "5 approvals."), ("A", "9 approvals."), ("R", "11 approvals against 20; 4 carers retired. Regional fostering recruitment hub campaign launched in January."), rounds=R, cont=True),
        act("SR04", "Workforce capacity", "Implement market supplements for hard-to-fill professional roles",
            "Head of HR & OD", "September 2025",
            ("G", "Business cases approved."), ("B", "Supplements in place for planners, surveyors and legal."), ("B", "Complete."), rounds=R),
        act("SR05", "Climate & flood resilience", "Update the multi-agency flood plan & test it in an exercise",
            "Emergency Planning Manager", "November 2025",
            ("G", "Plan refreshed."), ("G", "Exercise planned for November."), ("G", "Exercise held on 19 November with the Environment Agency; lessons log of 12 actions being worked through."), rounds=R),
        act("SR06", "Information governance", "Raise data protection training completion to 95%",
            "Data Protection Officer", "December 2025",
            ("A", "82%."), ("A", "88%."), ("A", "91%. Managers of non-compliant staff contacted weekly; DP training now a probation requirement."), rounds=R),
        act("SR07", "Health & safety", "Complete fire risk assessments for all corporate buildings",
            "Head of Property", "October 2025",
            ("G", "62% complete."), ("G", "89% complete."), ("G", "All assessments complete; 38 remedial actions logged, 29 closed. Remaining actions due by March."), rounds=R),
        act("SR08", "Contract failure", "Put in place contingency plans for the highways & waste contracts",
            "Director of Environment", "December 2025",
            ("G", "Key suppliers identified."), ("G", "Draft plans written."), ("G", "Contingency plans signed off by the Corporate Risk Group on 8 December; annual test scheduled."), rounds=R),
        act("SR09", "Governance", "Implement the recommendations of the external auditor's value for money report",
            "Monitoring Officer", "March 2026",
            ("G", "Action plan agreed."), ("G", "4 of 6 recommendations implemented."), ("G", "5 of 6 implemented; the last (member training on scrutiny) is scheduled for February."), rounds=R),
    ]
    tr = Tracker("Strategic risk mitigation action log.xlsx", R, A)
    wb = new_workbook()
    ws = wb.active
    ws.title = "Mitigation actions"
    top = titles(ws, ["Strategic Risk Register – mitigating actions log"]) + 1
    dates = {Q1: dt.datetime(2025, 6, 30), Q2: dt.datetime(2025, 9, 30), Q3: dt.datetime(2025, 12, 31)}
    wide_sheet(ws, tr, top,
               [("Risk ref", "ref"), ("Risk", "group"), ("Mitigating action", "text"),
                ("Action owner", "owner"), ("Target date", "target")],
               ["status", "comment"], two_row=True, round_label=lambda r: dates[r],
               sub_heading=lambda k: "RAG" if k == "status" else "Comments")
    return save(wb, outdir / tr.filename), tr


def community_safety(outdir: Path) -> tuple[Path, Tracker]:
    """A Community Safety Partnership plan tracker whose rounds are written as periods
    ("Apr-Jun 2025", "Jul-Sep 2025", "Oct-Dec 2025") with a "Progress" column."""
    R = [Q1, Q2, Q3]
    A = [
        act("CS1", "Tackling anti-social behaviour", "Introduce a single ASB case management system for council & police",
            "Community Safety Manager", "December 2025",
            ("G", "System procured."), ("G", "Data migration in progress."), ("B", "Live from 3 November; 100% of new ASB cases now logged in the shared system."), rounds=R),
        act("CS2", "Tackling anti-social behaviour", "Renew the town centre Public Spaces Protection Order",
            "Head of Regulatory Services", "October 2025",
            ("G", "Consultation launched."), ("G", "Consultation closed; 83% support."), ("G", "Order renewed for three years from 20 October; signage installed. Enforcement reports quarterly."), rounds=R),
        act("CS3", "Serious violence duty", "Publish the local Serious Violence Strategy",
            "Community Safety Manager", "March 2026",
            ("A", "Needs assessment delayed."), ("A", "Needs assessment complete."), ("G", "Strategy drafted with the Violence Reduction Unit; consultation with young people via the Youth Council in January."), rounds=R),
        act("CS4", "Serious violence duty", "Deliver knife crime awareness sessions in all secondary schools",
            "Youth Justice Service Manager", "March 2026",
            ("G", "Programme agreed."), ("G", "9 of 14 schools visited."), ("G", "13 of 14 schools visited; 2,900 pupils reached."), rounds=R),
        act("CS5", "Domestic abuse", "Re-commission domestic abuse safe accommodation support",
            "Head of Commissioning", "January 2026",
            ("G", "Needs assessment refreshed."), ("A", "Tender delayed by four weeks."), ("A", "Tender evaluation complete but contract award delayed pending Cabinet decision on 22 January; interim extension agreed with the current provider."), rounds=R),
        act("CS6", "Domestic abuse", "Achieve DAHA accreditation for the council's housing service",
            "Head of Housing Options", "June 2026",
            ("G", "Registration complete."), ("G", "Policy review under way."), ("G", "Policies revised; staff training for 120 housing officers completes in February."), rounds=R),
        act("CS7", "Reducing reoffending", "Expand the Integrated Offender Management cohort to include neighbourhood crime",
            "Police Inspector, IOM", "December 2025",
            ("A", "Partner capacity issues."), ("R", "Probation staffing shortfall."), ("R", "Cohort still limited to 45 against 70 planned; probation staffing shortfall continues.\nEscalated to the Partnership's strategic board on 11 December."), rounds=R),
        act("CS8", "Community cohesion", "Run Prevent awareness training for frontline staff",
            "Prevent Coordinator", "March 2026",
            ("G", "Training plan agreed."), ("G", "340 staff trained."), ("G", "512 staff trained; e-learning added to induction for new starters."), rounds=R),
        act("CS9", "Community cohesion", "Establish a community tensions monitoring group",
            "Community Safety Manager", "September 2025",
            ("G", "Terms of reference drafted."), ("G", "Group meets fortnightly."), ("A", "Group meets fortnightly but attendance from partner agencies has dropped; membership review at the January Partnership meeting."), rounds=R),
    ]
    tr = Tracker("Community safety partnership plan tracker.xlsx", R, A)
    wb = new_workbook()
    ws = wb.active
    ws.title = "CSP plan"
    heads = {Q1: "Apr-Jun 2025", Q2: "Jul-Sep 2025", Q3: "Oct-Dec 2025"}
    wide_sheet(ws, tr, 1,
               [("Ref", "ref"), ("Priority", "group"), ("Action", "text"),
                ("Lead", "owner"), ("Target date", "target")],
               ["status", "comment"],
               lambda r, k: f"{heads[r]} {'RAG' if k == 'status' else 'Progress'}")
    return save(wb, outdir / tr.filename), tr


BUILDERS = [corporate_plan, workforce_strategy, transformation_programme, send_improvement,
            internal_audit, risk_log, community_safety]
