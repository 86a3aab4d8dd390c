"""Wide trackers whose rounds are headed by dates or periods rather than quarter names:
"30/06/2025 RAG" as text, a real Excel date merged over "RAG | Comments", "Apr-Jun 2025"."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from corpus_common import Tracker, act, new_workbook, save, titles, wide_sheet

Q1, Q2, Q3 = "Q1 2025/26", "Q2 2025/26", "Q3 2025/26"


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


BUILDERS = [internal_audit, risk_log, community_safety]
