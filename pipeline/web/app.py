"""The web page's routes (Starlette): each reads the request, calls `checks` or `pages`, and
renders a template. Nothing here judges a tracker.

    GET  /                      the upload form
    POST /check                 an upload checked and built: the answer page
    GET  /history               plans, meetings and every run
    GET  /runs/<id>/<name>      a file that run made, if the run log knows it
    GET  /static/<name>         the page's styles and script (from the templates folder)
"""

from __future__ import annotations

import os
import re
import traceback
from collections.abc import Callable, Mapping

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import run, wording
from ..deliver.runlog import RunLog
from ..model import ConfigError
from ..present import counted
from . import pages
from .checks import Checked, check, find_run, output_file
from .guard import COOKIE, FIELD, Denial, Gate, Guard
from .site import Site
from .uploads import BadForm, TooLarge, read_form

STATIC = re.compile(r"^[A-Za-z0-9_-]+\.(css|js|png|svg|ico|woff2)$")
MEDIA = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         ".xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12", ".pdf": "application/pdf",
         ".txt": "text/plain; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".js": "text/javascript; charset=utf-8", ".png": "image/png", ".svg": "image/svg+xml",
         ".ico": "image/x-icon", ".woff2": "font/woff2"}
FAULT = "Something went wrong on the server and nothing was changed: try again, and tell the performance team if it " \
        "happens again."
PLAIN_FAULT = f'<!DOCTYPE html><html lang="en-GB"><title>Sorry, there is a problem</title><p>{FAULT}</p></html>'
NOT_FOUND = "There is no page at this address: go to ‘Check a tracker’ from the top of the page."
NO_FILE = ("That file is not one the run log records, or it is no longer in the output folder: see ‘Plans and "
           "history’.")
BUILDS_AT_ONCE = 4


class Pages:
    """The route handlers for one site."""

    def __init__(self, site: Site, guard: Guard):
        self.site, self.guard = site, guard
        self.builds = anyio.CapacityLimiter(BUILDS_AT_ONCE)

    def render(self, request: Request | None, name: str, context: Mapping[str, object],
               status: int = 200) -> HTMLResponse:
        common = {"user": _user(request) if request else None, "path": request.url.path if request else ""}
        html = wording.render_page(name, self.site.template_folders(), {**common, **context})
        return HTMLResponse(html, status)

    def problem(self, request: Request | None, status: int, message: str, title: str) -> HTMLResponse:
        return self.render(request, "problem.html", {"title": title, "message": message}, status)

    def refusal(self, denial: Denial) -> ASGIApp:
        titles = {401: "Sign in", 403: "You cannot use this page from here", 400: "Wrong address"}
        response = self.problem(None, denial.status, denial.message, titles.get(denial.status, "Not allowed"))
        if denial.challenge:
            response.headers["WWW-Authenticate"] = 'Basic realm="Council tracker pipeline", charset="UTF-8"'
        return response

    def form_page(self, request: Request, error: str = "", status: int = 200) -> HTMLResponse:
        token, fresh = self.guard.form_token(request.cookies.get(COOKIE), _user(request))
        limit = self.site.settings.max_upload_bytes
        response = self.render(request, "check.html", {"token": token, "token_field": FIELD, "error": error,
                               "max_bytes": limit, "max_mb": f"{self.site.settings.max_upload_mb:g}"}, status)
        if fresh:
            response.set_cookie(COOKIE, fresh, httponly=True, samesite="strict", path="/",
                                secure=request.url.scheme == "https")
        return response

    async def form(self, request: Request) -> Response:
        if request.url.path == "/check":  # the answer page's address, opened again
            return RedirectResponse("/", status_code=303)
        return self.form_page(request)

    async def upload(self, request: Request) -> Response:
        settings = self.site.settings
        try:
            form = await read_form(request, settings.max_upload_bytes, FIELD)
        except TooLarge:
            return self.form_page(request, f"The file you chose is larger than {settings.max_upload_mb:g} MB, the most this "
                                           "page takes: remove what the tracker does not need, or ask the performance "
                                           "team to build it.", 413)
        except BadForm:
            return self.form_page(request, "The upload did not arrive as this form sends it: choose the file and "
                                           "select ‘Check the tracker’ again.", 400)
        user = _user(request)
        try:
            if not self.guard.form_allowed(request.cookies.get(COOKIE), user, form.token,
                                           request.headers.get("sec-fetch-site")):
                return self.form_page(request, "The form had expired or did not come from this page: choose the "
                                               "file and select ‘Check the tracker’ again.", 403)
            if form.file is None:
                return self.form_page(request, "Select the tracker to check.", 400)
            checked = await anyio.to_thread.run_sync(check, self.site, form.file.filename, form.file.file,
                                                     limiter=self.builds)
        finally:
            if form.file is not None:
                await form.file.close()
        self.site.report(_report_line(checked, user))
        if isinstance(checked.outcome, (run.Refused, run.Failed)):  # the file's fault, or the server's
            status = 422 if isinstance(checked.outcome, run.Refused) else 503
            return self.form_page(request, pages.verdict(checked.name, checked.outcome), status)
        return self.render(request, "result.html", pages.result(checked))

    async def history(self, request: Request) -> Response:
        asked = request.query_params.get("limit", "")
        limit = min(int(asked), 5000) if asked.isdigit() and int(asked) > 0 else 50
        values = await anyio.to_thread.run_sync(
            lambda: pages.history(RunLog(self.site.out), self.site.out, self.site.calendar, self.site.today(), limit))
        return self.render(request, "history.html", values)

    async def download(self, request: Request) -> Response:
        run_id, name = int(request.path_params["run_id"]), str(request.path_params["name"])
        entry = await anyio.to_thread.run_sync(lambda: find_run(RunLog(self.site.out), run_id))
        path = output_file(self.site, entry, name) if entry else None
        if path is None:
            return self.problem(request, 404, NO_FILE, "File not found")
        return FileResponse(path, filename=path.name, media_type=MEDIA.get(path.suffix.lower(),
                                                                           "application/octet-stream"))

    async def static(self, request: Request) -> Response:
        name = str(request.path_params["name"])
        if STATIC.match(name):
            for folder in self.site.template_folders():
                if (folder / name).is_file():
                    return FileResponse(folder / name, media_type=MEDIA[(folder / name).suffix.lower()],
                                        headers={"cache-control": "max-age=300"})
        return self.problem(request, 404, NOT_FOUND, "Page not found")

    async def http_problem(self, request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        if status == 404:
            return self.problem(request, 404, NOT_FOUND, "Page not found")
        return self.problem(request, status, "This address does not answer that kind of request: go to ‘Check a "
                                             "tracker’ from the top of the page.", "Not available")

    async def fault(self, request: Request, exc: Exception) -> Response:
        message = str(exc) if isinstance(exc, ConfigError) else FAULT
        try:
            return self.problem(request, 500, message, "Sorry, there is a problem")
        except Exception:  # noqa: BLE001 - the templates themselves may be what failed
            return HTMLResponse(PLAIN_FAULT, 500)


def _user(request: Request) -> str | None:
    user = request.scope.get("state", {}).get("user")
    return user if isinstance(user, str) else None


def _report_line(checked: Checked, user: str | None) -> str:
    outcome, by = checked.outcome, f" by {user}" if user else ""
    if isinstance(outcome, (run.Refused, run.Failed)):
        return f"{checked.name} (web run {checked.run_id}{by}): {'refused' if isinstance(outcome, run.Refused) else 'failed'}."
    state = "built" if isinstance(outcome, run.Built) else "not built"
    return f"{checked.name} (web run {checked.run_id}{by}): {state}, {counted(len(outcome.errors), 'error')}."


class Shield:
    """The outermost layer: whatever fails, the browser gets one sentence and the console one line
    (the trace only with PIPELINE_DEBUG set); the server goes on serving."""

    def __init__(self, app: ASGIApp, report: Callable[[str], None]):
        self.app, self.report = app, report

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as exc:  # noqa: BLE001 - no trace ever reaches the browser
            self.report(f"The web page met a fault answering {scope.get('path', '')}: {type(exc).__name__}: {exc}")
            if os.environ.get("PIPELINE_DEBUG"):
                self.report(traceback.format_exc())
            if not started and scope["type"] == "http":
                await HTMLResponse(PLAIN_FAULT, 500)(scope, receive, send)


def make_app(site: Site, guard: Guard) -> ASGIApp:
    handlers = Pages(site, guard)
    routes = [
        Route("/", handlers.form, methods=["GET"]),
        Route("/check", handlers.form, methods=["GET"]),
        Route("/check", handlers.upload, methods=["POST"]),
        Route("/history", handlers.history, methods=["GET"]),
        Route("/runs/{run_id:int}/{name}", handlers.download, methods=["GET"]),
        Route("/static/{name}", handlers.static, methods=["GET"]),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: handlers.http_problem,
                                                        Exception: handlers.fault})
    return Shield(Gate(app, guard, handlers.refusal), site.report)
