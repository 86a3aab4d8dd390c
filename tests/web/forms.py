"""Posting the page's own form as a browser does: the fields, action, method and encoding read
from the page's HTML, and the file sent as multipart/form-data."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import httpx
import lxml.html

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def page(response: httpx.Response) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(response.text)


def text_of(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


class Officer:
    """One person's browser session with the page: its cookies, its sign-in, its form."""

    def __init__(self, url: str, **options: object):
        self.http = httpx.Client(base_url=url, timeout=600, follow_redirects=False, **options)  # type: ignore[arg-type]

    def __enter__(self) -> Officer:
        return self

    def __exit__(self, *_: object) -> None:
        self.http.close()

    def get(self, path: str, **options: object) -> httpx.Response:
        return self.http.get(path, **options)  # type: ignore[arg-type]

    def upload(self, path: Path, name: str | None = None, **options: object) -> httpx.Response:
        """Open the form, then send it with `path` chosen in its file input."""
        form = page(self.get("/")).forms[0]
        assert form.method.lower() == "post" and form.get("enctype") == "multipart/form-data"
        fields = {field.name: field.value or "" for field in form.inputs if field.get("type") == "hidden"}
        (file_input,) = [field for field in form.inputs if field.get("type") == "file"]
        files = {file_input.name: (name or path.name, path.read_bytes(), XLSX)}
        return self.http.post(form.action, data=fields, files=files, **options)  # type: ignore[arg-type]

    def download(self, href: str) -> httpx.Response:
        response = self.get(href)
        assert response.status_code == 200, response.text
        assert response.headers["content-disposition"].startswith("attachment")
        return response


def attachment_name(response: httpx.Response) -> str:
    """The file name a download is saved under, as a browser reads Content-Disposition."""
    disposition = response.headers["content-disposition"]
    if "filename*=utf-8''" in disposition:
        return unquote(disposition.split("filename*=utf-8''", 1)[1])
    return disposition.split('filename="', 1)[1].rstrip('"')


def having_class(document: lxml.html.HtmlElement, css_class: str) -> list[lxml.html.HtmlElement]:
    return document.xpath(f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {css_class} ')]")


def summary_links(document: lxml.html.HtmlElement, css_class: str = "error-summary") -> list[tuple[str, str]]:
    return [(a.get("href"), text_of(a)) for box in having_class(document, css_class) for a in box.iter("a")]


def download_links(document: lxml.html.HtmlElement) -> list[str]:
    return [a.get("href") for box in having_class(document, "downloads") for a in box.iter("a")]
