"""The tagged PDF for publishing: the appendix converted by LibreOffice, headless, with tags
and PDF/UA identification, so the title, language and structure survive into the PDF."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..files import write_atomic
from ..model import ConfigError

EXPORT = {"UseTaggedPDF": True, "PDFUACompliance": True, "ExportBookmarks": True, "ExportFormFields": False}


class PdfError(ConfigError):
    """The PDF could not be made; the message says why and what to do."""


def _filter() -> str:
    options = {name: {"type": "boolean", "value": str(value).lower()} for name, value in EXPORT.items()}
    return "pdf:writer_pdf_Export:" + json.dumps(options, separators=(",", ":"))


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: Path, out: Path, timeout: float = 300) -> Path:
    """Convert `docx` to `out/<same name>.pdf`; raise PdfError with a plain reason if it cannot."""
    program = soffice()
    if program is None:
        raise PdfError(f"The PDF of {docx.name} was not written because LibreOffice is not installed: install it "
                       "(on Debian or Ubuntu: apt-get install libreoffice-writer-nogui) and build again with --pdf.")
    with tempfile.TemporaryDirectory() as work:
        profile = Path(work) / "profile"  # a private profile: conversions never collide with a user's LibreOffice
        try:
            subprocess.run([program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
                            _filter(), "--outdir", work, str(docx)], capture_output=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PdfError(f"The PDF of {docx.name} was not written: LibreOffice did not finish ({exc}); close any "
                           "LibreOffice window left open and build again with --pdf.") from None
        made = Path(work) / f"{docx.stem}.pdf"
        if not made.exists():
            raise PdfError(f"The PDF of {docx.name} was not written: LibreOffice could not convert it; open the "
                           ".docx in Word or LibreOffice to check it.")
        return write_atomic(Path(out) / made.name, made.read_bytes())
