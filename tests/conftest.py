"""Shared fixtures: real tracker workbooks, built once per test session from the two seeds."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from pipeline import reports
from tests import builders

TODAY = date(2026, 11, 22)
FIXTURES = {
    "workplan_seed_exact": builders.workplan_seed_exact,
    "workplan_wide": builders.workplan_wide,
    "workplan_sheets": builders.workplan_sheets,
    "workplan_sections": lambda p: builders.workplan_sheets(p, sections=True),
    "improvement_sheets": builders.improvement_sheets,
    "improvement_sheets_unmerged": lambda p: builders.improvement_sheets(p, merge_rows=False),
    "improvement_wide": builders.improvement_wide,
}


@pytest.fixture(scope="session")
def tracker_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("trackers")
    for name, build in FIXTURES.items():
        build(folder / f"{name}.xlsx")
    return folder


@pytest.fixture
def tracker(tracker_dir, tmp_path):
    """A fresh copy of a named fixture tracker in this test's own folder."""

    def copy(name: str) -> Path:
        target = tmp_path / f"{name}.xlsx"
        shutil.copy(tracker_dir / f"{name}.xlsx", target)
        return target

    return copy


@pytest.fixture(scope="session")
def report_types():
    return reports.load_all()


@pytest.fixture
def smtp(monkeypatch):
    """A real SMTP server on 127.0.0.1 (aiosmtpd), with the pipeline's settings pointing at it."""
    from tests.smtp import SmtpServer

    server = SmtpServer().start()
    monkeypatch.setenv("PIPELINE_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("PIPELINE_SMTP_PORT", str(server.port))
    monkeypatch.setenv("PIPELINE_SMTP_SECURITY", "none")
    monkeypatch.setenv("PIPELINE_MAIL_FROM", "performance@council.example")
    yield server
    server.stop()
