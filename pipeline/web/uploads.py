"""Reading the upload form: the body counted as it arrives and refused past the limit (the rest
read and thrown away, so that the browser gets the answer rather than a broken connection), and
the form parsed with room for one file and a few small fields only."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import ClientDisconnect, Request
from starlette.types import Message, Receive

FIELDS_ALLOWANCE = 64 * 1024  # the form's other fields and the multipart framing, besides the file


class TooLarge(Exception):
    """The upload is over the limit."""


class BadForm(Exception):
    """The body is not the upload form as a browser sends it."""


@dataclass(frozen=True)
class Upload:
    file: UploadFile | None  # None when no file was chosen
    token: str


async def _drain(receive: Receive) -> None:
    """Read the rest of the body and keep none of it."""
    while True:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            return


def _counting(receive: Receive, limit: int) -> Receive:
    received = 0

    async def counted() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise TooLarge()
        return message

    return counted


async def read_form(request: Request, max_bytes: int, token_field: str) -> Upload:
    """The upload form's file and token. Raises TooLarge past `max_bytes` of file, BadForm for a
    body no browser would send."""
    limit = max_bytes + FIELDS_ALLOWANCE
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        await _drain(request.receive)
        raise TooLarge()
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise BadForm()
    limited = Request(request.scope, _counting(request.receive, limit))
    try:
        form = await limited.form(max_files=1, max_fields=8, max_part_size=FIELDS_ALLOWANCE)
    except TooLarge:
        await _drain(request.receive)
        raise
    except (MultiPartException, HTTPException, ClientDisconnect, ValueError):
        raise BadForm() from None
    return _fields(form, token_field)


def _fields(form: FormData, token_field: str) -> Upload:
    token = form.get(token_field)
    file = form.get("tracker")
    chosen = file if isinstance(file, UploadFile) and (file.filename or file.size) else None
    return Upload(chosen, token if isinstance(token, str) else "")
