"""The web page in a real browser: Debian's Chromium driven by Playwright (which downloads no
browser of its own), with and without JavaScript, on a desktop and a phone; every page checked
by axe-core against WCAG 2.2 A and AA, and photographed into the test's folder."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import docx
import openpyxl
import pytest

from pipeline.deliver.runlog import RunLog
from tests import runs

CHROMIUM = Path("/usr/bin/chromium")
ARGUMENTS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
WAIT = 120_000  # milliseconds: a build with its PDF on a slow machine; every wait is for a condition


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed: .ci/run installs it with apt-get (package chromium).")
        pytest.skip("Chromium is not installed here: apt-get install chromium, as .ci/run does.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGUMENTS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser):
    contexts = []

    def open_(url: str, **options):
        context = browser.new_context(**{**DESKTOP, **options})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(WAIT)
        page.goto(url)
        return page

    yield open_
    for context in contexts:
        context.close()


def accessible(page) -> None:
    """axe-core finds no WCAG 2.2 A or AA violation on the page as it stands."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert results.violations_count == 0, results.generate_report()


def photograph(page, folder: Path, name: str) -> Path:
    """The whole page, and the first screenful as it opens, saved under the test's folder."""
    path = folder / "screenshots" / f"{name}.png"
    path.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    page.screenshot(path=str(path.with_name(f"{name} (first screen).png")))
    assert path.stat().st_size > 10_000
    return path


def upload(page, tracker: Path) -> None:
    page.set_input_files("#tracker", str(tracker))
    with page.expect_navigation():
        page.get_by_role("button", name="Check the tracker").click()


def focused(page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.className")


def test_an_officer_follows_the_summary_to_the_error_at_b60_and_takes_the_checked_copy(server, open_page, trackers,
                                                                                       tmp_path):
    page = open_page(server.url)
    assert page.title() == "Check a tracker – Council tracker pipeline"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    accessible(page)
    photograph(page, tmp_path, "1 the form")

    upload(page, trackers["seed"])
    assert page.title().startswith("Error: Council Plan workplan (as published).xlsx")
    assert "error-summary" in focused(page)  # the summary takes the focus, as the GOV.UK pattern does
    accessible(page)
    photograph(page, tmp_path, "2 errors in the seed workbook")
    page.get_by_role("link", name=re.compile(r"^Workplan!B60: 't to community G' is not a status")).click()
    target = page.locator(":focus")
    assert target.get_attribute("id") == page.url.rsplit("#", 1)[1]
    assert "Cell B60" in target.inner_text() and "Error" in target.inner_text()
    photograph(page, tmp_path, "3 the finding at B60")

    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"^Download the checked copy")).click()
    assert download.value.suggested_filename == "Council Plan workplan (as published) - checked.xlsx"
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    book = openpyxl.load_workbook(saved)
    assert ("error", "'Workplan'!B60") in [row[:2] for row in book["Findings"].iter_rows(values_only=True)]


def test_a_ready_tracker_gives_the_appendix_with_51_actions_on_a_desktop_and_a_phone(server, open_page, trackers,
                                                                                   tmp_path):
    page = open_page(server.url)
    upload(page, trackers["improvement"])
    assert page.title() == "Continuous Improvement Plan.xlsx – Council tracker pipeline"
    verdict = page.locator(".verdict").inner_text()
    assert "Ready" in verdict and "the appendix for January 2026 is built" in verdict
    assert page.locator(".inset-text").inner_text().startswith("There are currently 51 actions within this plan.")
    accessible(page)
    photograph(page, tmp_path, "4 a ready tracker")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"^Download the appendix \(Word document\)")).click()
    appendix = docx.Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert len(runs.plan_tables(appendix)[0].rows) - 1 == 51

    phone = open_page(server.url, **PHONE)
    accessible(phone)
    photograph(phone, tmp_path, "5 the form on a phone")
    upload(phone, trackers["improvement"])
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # nothing runs off the side
    accessible(phone)
    photograph(phone, tmp_path, "6 a ready tracker on a phone")


@pytest.mark.parametrize("kind, sentence", [
    ("zip bomb", "Quarterly tracker.xlsx was refused because it would inflate to"),
    ("encrypted", "Service plan.xlsx is password-protected"),
])
def test_a_hostile_file_gets_its_sentence_and_the_page_goes_on(server, open_page, trackers, tmp_path, kind, sentence):
    page = open_page(server.url)
    upload(page, trackers[kind])
    summary = page.locator(".error-summary")
    assert summary.get_by_role("link").inner_text().startswith(sentence)
    assert " ".join(page.locator("#tracker-error").text_content().split()).startswith(f"Error: {sentence}")
    accessible(page)
    photograph(page, tmp_path, f"7 {kind} refused")
    summary.get_by_role("link").click()
    assert focused(page) == "tracker"  # the link leads to the file input, to choose another
    upload(page, trackers["workplan"])
    assert "Ready" in page.locator(".verdict").inner_text()


def test_the_page_works_with_javascript_off(server, open_page, trackers, tmp_path):
    page = open_page(server.url, java_script_enabled=False)
    upload(page, trackers["seed"])
    links = page.locator(".error-summary a")
    assert links.count() == 1 and links.first.inner_text().startswith("Workplan!B60:")
    photograph(page, tmp_path, "8 errors without JavaScript")
    with page.expect_download() as download:
        page.locator(".downloads a").first.click()
    assert download.value.suggested_filename.endswith(" - checked.xlsx")


def test_a_file_over_the_limit_is_named_before_it_is_sent_and_refused_without_javascript(start_server, open_page,
                                                                                         tmp_path):
    server = start_server(settings="[web]\nmax_upload_mb = 1\n")
    big = tmp_path / "Big tracker.xlsx"
    big.write_bytes(b"PK" + bytes(2 * 1024 * 1024))
    page = open_page(server.url)
    page.set_input_files("#tracker", str(big))
    page.get_by_role("button", name="Check the tracker").click()
    page.wait_for_function("document.querySelector('[data-status]').textContent.length > 0")
    assert page.locator("[data-status]").inner_text() == ("Big tracker.xlsx is larger than 1 MB, the most this page "
                                                          "takes: choose a smaller file.")
    assert page.url == server.url  # nothing was sent

    plain = open_page(server.url, java_script_enabled=False)
    upload(plain, big)
    assert plain.locator(".error-summary a").inner_text().startswith("The file you chose is larger than 1 MB")
    photograph(plain, tmp_path, "9 over the limit")
    assert RunLog(server.out).history() == []


def test_plans_and_history_on_a_desktop_and_a_phone(start_server, open_page, trackers, tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "meetings.toml").write_text(
        '[[meeting]]\ndate = 2026-12-08\ncommittee = "Executive"\ntracker = "Council Plan workplan.xlsx"\n'
        'to = ["clerk@council.example"]\n\n[[meeting]]\ndate = 2027-01-19\ncommittee = "Scrutiny"\n'
        'tracker = "Continuous Improvement Plan.xlsx"\nto = ["scrutiny@council.example"]\n', encoding="utf-8")
    server = start_server("--calendar", "meetings.toml", folder=folder)
    page = open_page(server.url)
    for kind in ("seed", "workplan", "improvement", "encrypted"):
        page.goto(server.url)
        upload(page, trackers[kind])
    page.get_by_role("link", name="Plans and history").click()
    assert page.title() == "Plans and history – Council tracker pipeline"
    assert page.locator(".run h3").all_inner_texts() == [
        "Run 4: Service plan.xlsx", "Run 3: Continuous Improvement Plan.xlsx", "Run 2: Council Plan workplan.xlsx",
        "Run 1: Council Plan workplan (as published).xlsx"]
    assert page.locator("ul.cards").first.locator("h3").all_inner_texts() == ["Continuous Improvement Plan",
                                                                              "Council Plan workplan"]
    assert page.locator("ul.cards").nth(1).locator("h3").all_inner_texts() == ["Executive, 8 December 2026",
                                                                               "Scrutiny, 19 January 2027"]
    accessible(page)
    photograph(page, tmp_path, "10 plans and history")
    with page.expect_download() as download:
        page.locator(".run").nth(1).get_by_role("link", name=re.compile(r"Word document")).click()
    assert download.value.suggested_filename == "Continuous Improvement Plan - January 2026 - appendix.docx"

    phone = open_page(server.url + "history", **PHONE)
    accessible(phone)
    photograph(phone, tmp_path, "11 plans and history on a phone")
