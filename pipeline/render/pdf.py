"""The tagged PDF for publishing: the appendix converted by LibreOffice, headless, with tags
and PDF/UA identification, so the title, language and structure survive into the PDF."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..model import ConfigError

EXPORT = {"UseTaggedPDF": True, "PDFUACompliance": True, "ExportBookmarks": True, "ExportFormFields": False}


class PdfError(ConfigError):
    """The PDF could not be made; the message says why and what to do."""


def _filter() -> str:
    options = {name: {"type": "boolean", "value": str(value).lower()} for name, value in EXPORT.items()}
    return "pdf:writer_pdf_Export:" + json.dumps(options, separators=(",", ":"))


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_of(document: bytes, name: str, timeout: float = 300) -> bytes:
    """The tagged PDF of the .docx `document` (called `name`); PdfError with a plain reason if it
    cannot be made. LibreOffice converts a copy in a folder of its own, with a private profile, so
    conversions never collide with each other or with a user's LibreOffice."""
    program = soffice()
    if program is None:
        raise PdfError(f"The PDF of {name} was not written because LibreOffice is not installed: install it "
                       "(on Debian or Ubuntu: apt-get install libreoffice-writer-nogui) and build again with --pdf.")
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / name
        source.write_bytes(document)
        profile = Path(work) / "profile"
        try:
            subprocess.run([program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
                            _filter(), "--outdir", work, str(source)], capture_output=True, timeout=timeout,
                           check=False)
        except (OSError, subprocess.TimeoutExpired):
            raise PdfError(f"The PDF of {name} was not written: LibreOffice did not finish; close any LibreOffice "
                           "window left open and build again with --pdf.") from None
        made = source.with_suffix(".pdf")
        if not made.exists():
            raise PdfError(f"The PDF of {name} was not written: LibreOffice could not convert it; open the .docx in "
                           "Word or LibreOffice to check it.")
        return made.read_bytes()
