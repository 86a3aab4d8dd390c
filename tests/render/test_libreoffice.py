"""The appendix opens in LibreOffice: converted to PDF headlessly, its text is all there."""

import shutil
import subprocess
from datetime import date

import pytest

from tests import runs

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")


@pytest.mark.parametrize("name", ["workplan_sheets", "improvement_sheets"])
def test_appendix_converts_to_pdf(tracker, tmp_path, name):
    docx_path = runs.built(tracker(name), tmp_path, date(2026, 11, 22)).appendix
    profile = tmp_path / "profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(docx_path)], check=True, capture_output=True, timeout=240)
    pdf = docx_path.with_suffix(".pdf")
    assert pdf.exists() and pdf.stat().st_size > 10_000
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "There are currently" in " ".join(text.split())
        assert "OFFICIAL" in text
