"""What one running web page serves: the output folder (and its run log), the templates, the
meeting calendar, the date, and the [web] settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..reports import built_in_templates, templates_dir
from .settings import WebSettings

WEB_TEMPLATES = "web"


@dataclass(frozen=True)
class Site:
    out: Path
    today: Callable[[], date] = date.today
    templates: Path | None = None  # a council's own templates folder; its web/ folder is used first
    calendar: Path | None = None
    settings: WebSettings = field(default_factory=WebSettings)
    pdf: bool = False  # write the PDF too (when LibreOffice is there)
    report: Callable[[str], None] = print  # a line for the console about each upload

    def template_folders(self) -> tuple[Path, ...]:
        """Where the page templates and styles are looked for: the council's web/ folder, then the
        built-in one (so a council need copy only the files it changes)."""
        built_in = built_in_templates() / WEB_TEMPLATES
        own = (self.templates or templates_dir()) / WEB_TEMPLATES
        return (own, built_in) if own.is_dir() and own.resolve() != built_in.resolve() else (built_in,)
