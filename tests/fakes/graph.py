"""A local stand-in for the Microsoft Graph v1.0 mail endpoints an app-only mailer uses.

``POST /v1.0/users/{id}/sendMail`` (user-sendmail), ``POST /users/{id}/messages`` (a draft),
``POST .../messages/{id}/attachments`` (a file under 3 MB), ``POST .../attachments/
createUploadSession`` with ``PUT``s of byte ranges to the returned ``uploadUrl`` (attachment-
createuploadsession, "Attach large files to Outlook messages"), and ``POST .../messages/{id}/send``
(message-send). Every Graph call needs ``Authorization: Bearer`` with a token the fake Entra issued
for ``https://graph.microsoft.com``; Mail.Send or Mail.ReadWrite as the docs list. The upload URL
is pre-authenticated and must get no Authorization header. Errors use Graph's
``{"error": {"code", "message", "innerError"}}``; codes starting ``Fake`` are this fake's own.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
import re
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from .entra import GRAPH, FakeEntra, IssuedToken
from .local_tls import JsonHandler, LocalCA, LocalHTTPSServer, Served

MIN_UPLOAD, MAX_UPLOAD = 3 * 1024 * 1024, 150 * 1024 * 1024
MAX_RANGE, RANGE_UNIT = 4 * 1024 * 1024, 320 * 1024
MAX_JSON = 4 * 1024 * 1024


class GraphRequestError(Exception):
    """An error answer: status, Graph error code and message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message = status, code, message


def _bad(message: str, code: str = "RequestBodyRead") -> GraphRequestError:
    return GraphRequestError(400, code, message)


@dataclass
class Attachment:
    """A file attached to a message, with its decoded bytes."""

    name: str
    content_type: str
    data: bytes


@dataclass
class GraphMessage:
    """A message as the fake holds it: a draft, or sent (``route`` "sendMail" or "draft")."""

    id: str
    user: str
    client_id: str
    subject: str
    body_type: str
    body: str
    to: list[str]
    cc: list[str]
    attachments: list[Attachment] = field(default_factory=list)
    save_to_sent_items: bool = True
    route: str = "draft"


@dataclass
class UploadSession:
    """One createUploadSession: what was promised and the ranges received so far."""

    id: str
    authtoken: str
    message: GraphMessage
    name: str
    content_type: str
    size: int
    received: bytearray = field(default_factory=bytearray)
    ranges: list[tuple[int, int]] = field(default_factory=list)
    authorization_headers: int = 0


def _addresses(message: dict[str, Any], key: str) -> list[str]:
    recipients = message.get(key) or []
    try:
        return [str(r["emailAddress"]["address"]) for r in recipients]
    except (TypeError, KeyError):
        raise _bad(f"Invalid {key}: each needs emailAddress.address.") from None


def _file_attachment(item: Any) -> Attachment:
    if not isinstance(item, dict) or item.get("@odata.type") != "#microsoft.graph.fileAttachment":
        raise _bad("The property 'contentBytes' does not exist on type 'microsoft.graph."
                   "attachment'. Make sure to only use property names that are defined by the "
                   "type or mark the type as open type.")
    if not item.get("name"):
        raise _bad("A file attachment needs a name.", "ErrorInvalidProperty")
    try:
        data = base64.b64decode(item.get("contentBytes", ""), validate=True)
    except (binascii.Error, ValueError):
        raise _bad("Cannot convert the literal to the expected type 'Edm.Binary'.") from None
    return Attachment(item["name"], item.get("contentType") or "application/octet-stream", data)


def parse_message(message: Any, user: str, client_id: str, message_id: str) -> GraphMessage:
    """Check a JSON ``message`` resource (subject, body, recipients, fileAttachments)."""
    if not isinstance(message, dict):
        raise _bad("The request body must contain a message.", "ErrorInvalidRequest")
    body = message.get("body") or {"contentType": "Text", "content": ""}
    body_type = str(body.get("contentType", "Text"))
    if body_type.lower() not in ("text", "html"):
        raise _bad(f"Cannot convert the literal '{body_type}' to the expected type "
                   "'microsoft.graph.bodyType'.")
    return GraphMessage(message_id, user, client_id, str(message.get("subject", "")), body_type,
                        str(body.get("content", "")), _addresses(message, "toRecipients"),
                        _addresses(message, "ccRecipients"),
                        [_file_attachment(a) for a in message.get("attachments") or []])


class FakeGraph(Served):
    """The fake Graph service, its mailboxes, drafts, upload sessions and sent messages.

    ``users`` are the mailboxes that exist. ``range_unit`` (320 KiB by default; None to drop the
    check) makes every PUT but the last a multiple of it: OneDrive's documented rule, stricter
    than the Outlook attachment docs, which only say "up to 4 MB each time".
    """

    def __init__(self, ca: LocalCA, entra: FakeEntra, users: Iterable[str], *,
                 range_unit: int | None = RANGE_UNIT) -> None:
        self.entra = entra
        self.users = {u.lower() for u in users}
        self.range_unit = range_unit
        self.sent: list[GraphMessage] = []
        self.drafts: dict[str, GraphMessage] = {}
        self.uploads: dict[str, UploadSession] = {}
        self._server = LocalHTTPSServer(_GraphHandler, ca)
        self._server.graph = self  # type: ignore[attr-defined]

    def start(self) -> None:
        """Start serving on 127.0.0.1."""
        self._server.start()

    def stop(self) -> None:
        """Stop serving."""
        self._server.stop()

    @property
    def base_url(self) -> str:
        """Stand-in for ``https://graph.microsoft.com/v1.0``."""
        return f"{self._server.base_url}/v1.0"

    def authorize(self, header: str | None, role: str) -> IssuedToken:
        """The token's grant, if it is for Graph and carries ``role``."""
        if not header or not header.startswith("Bearer "):
            raise GraphRequestError(401, "InvalidAuthenticationToken", "Access token is empty.")
        issued = self.entra.validate(header.removeprefix("Bearer "))
        if issued is None:
            raise GraphRequestError(401, "InvalidAuthenticationToken",
                                    "Access token validation failure.")
        if issued.audience != GRAPH:
            raise GraphRequestError(401, "InvalidAuthenticationToken",
                                    "Access token validation failure. Invalid audience.")
        if role not in issued.roles:
            raise GraphRequestError(403, "ErrorAccessDenied",
                                    "Access is denied. Check credentials and try again.")
        return issued

    def new_id(self) -> str:
        """An Outlook-style item id (it ends in '=', so clients must URL-quote it)."""
        return "AAMkAD" + secrets.token_urlsafe(24) + "AAA="


class _GraphHandler(JsonHandler):
    """Routes Graph POSTs and upload-URL PUTs."""

    body = b""

    @property
    def graph(self) -> FakeGraph:
        return self.server.graph  # type: ignore[attr-defined, no-any-return]

    def _error(self, error: GraphRequestError) -> None:
        stamp = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
        self.reply_json(error.status, {"error": {"code": error.code, "message": error.message,
                        "innerError": {"date": stamp, "request-id": str(uuid.uuid4()),
                                       "client-request-id": str(uuid.uuid4())}}})

    def _json(self) -> Any:
        if len(self.body) > MAX_JSON:
            raise GraphRequestError(413, "FakeRequestTooLarge", "Request body over 4 MB.")
        try:
            return json.loads(self.body or b"null")
        except ValueError:
            raise _bad("Invalid JSON in the request body.") from None

    def do_POST(self) -> None:
        """``/v1.0/users/{id}/(sendMail|messages[/{id}/(attachments[/createUploadSession]|send)])``."""
        self.body = self.read_body()  # read it all, even to refuse: the connection is kept alive
        parts = [unquote(p) for p in urlsplit(self.path).path.strip("/").split("/")]
        try:
            if len(parts) < 4 or parts[:2] != ["v1.0", "users"]:
                raise GraphRequestError(404, "FakeNotFound", f"No route for {self.path}")
            user, action = parts[2].lower(), parts[3:]
            sending = action == ["sendMail"] or (len(action) == 3 and action[2] == "send")
            role = "Mail.Send" if sending else "Mail.ReadWrite"
            issued = self.graph.authorize(self.headers.get("Authorization"), role)
            if user not in self.graph.users:
                raise GraphRequestError(404, "ErrorInvalidUser",
                                        f"The requested user '{parts[2]}' is invalid.")
            self._route(user, action, issued)
        except GraphRequestError as error:
            self._error(error)

    def _route(self, user: str, action: list[str], issued: IssuedToken) -> None:
        graph = self.graph
        if action == ["sendMail"]:
            request = self._json()
            if not isinstance(request, dict):
                raise _bad("The request body must be a JSON object.", "ErrorInvalidRequest")
            save = request.get("saveToSentItems", True)
            if str(save).lower() not in ("true", "false"):
                raise _bad(f"Cannot convert the literal '{save}' to the expected type 'Edm.Boolean'.")
            message = parse_message(request.get("message"), user, issued.client_id, graph.new_id())
            message.save_to_sent_items, message.route = str(save).lower() == "true", "sendMail"
            self._send(message)
            return
        if action == ["messages"]:
            draft = parse_message(self._json(), user, issued.client_id, graph.new_id())
            graph.drafts[draft.id] = draft
            self.reply_json(201, {"id": draft.id, "isDraft": True, "subject": draft.subject,
                                  "hasAttachments": bool(draft.attachments)})
            return
        item = graph.drafts.get(action[1]) if len(action) >= 3 else None
        if item is None or item.user != user:
            raise GraphRequestError(404, "ErrorItemNotFound",
                                    "The specified object was not found in the store.")
        if action[2:] == ["attachments"]:
            item.attachments.append(_file_attachment(self._json()))
            self.reply_json(201, {"@odata.type": "#microsoft.graph.fileAttachment",
                                  "id": graph.new_id(), "name": item.attachments[-1].name})
        elif action[2:] == ["attachments", "createUploadSession"]:
            self._create_upload_session(item, self._json())
        elif action[2:] == ["send"]:
            if self.headers.get("Content-Length") is None:
                raise GraphRequestError(411, "FakeLengthRequired", "Content-Length: 0 required.")
            del graph.drafts[item.id]
            self._send(item)
        else:
            raise GraphRequestError(404, "FakeNotFound", f"No route for {self.path}")

    def _send(self, message: GraphMessage) -> None:
        if not message.to and not message.cc:
            raise _bad("At least one recipient is required, but none were found.",
                       "ErrorInvalidRecipients")
        self.graph.sent.append(message)
        self.reply(202)

    def _create_upload_session(self, draft: GraphMessage, request: Any) -> None:
        item = (request or {}).get("AttachmentItem") or (request or {}).get("attachmentItem")
        if not isinstance(item, dict) or item.get("attachmentType") != "file" \
                or not item.get("name") or not isinstance(item.get("size"), int):
            raise _bad("AttachmentItem needs attachmentType 'file', a name and an integer size.",
                       "ErrorInvalidRequest")
        if item["size"] < MIN_UPLOAD:
            raise _bad("Attachment size must be greater than the minimum size.",
                       "ErrorAttachmentSizeShouldNotBeLessThanMinimumSize")
        if item["size"] > MAX_UPLOAD:
            raise _bad("Attachment size is over 150 MB.", "FakeAttachmentTooLarge")
        upload = UploadSession(self.graph.new_id(), secrets.token_urlsafe(24), draft, item["name"],
                               item.get("contentType") or "application/octet-stream", item["size"])
        self.graph.uploads[upload.id] = upload
        self.reply_json(201, {
            "@odata.context": f"{self.graph.base_url}/$metadata#microsoft.graph.uploadSession",
            "uploadUrl": f"{self.server.base_url}/upload/{upload.id}?authtoken={upload.authtoken}",
            "expirationDateTime": _in_minutes(15), "nextExpectedRanges": ["0-"]})

    def do_PUT(self) -> None:
        """A byte range to an upload URL: ``Content-Range: bytes {start}-{end}/{total}``."""
        url = urlsplit(self.path)
        upload = self.graph.uploads.get(url.path.removeprefix("/upload/"))
        data = self.read_body()
        try:
            if upload is None or parse_qs(url.query).get("authtoken") != [upload.authtoken]:
                raise GraphRequestError(404, "FakeUploadSessionNotFound", "No such upload session.")
            if "Authorization" in self.headers:
                upload.authorization_headers += 1
                raise _bad("The uploadUrl is pre-authenticated: send no Authorization header.",
                           "FakeAuthorizationNotExpected")
            self._accept_range(upload, data)
        except GraphRequestError as error:
            self._error(error)

    def _accept_range(self, upload: UploadSession, data: bytes) -> None:
        if self.headers.get("Content-Type") != "application/octet-stream":
            raise _bad("Content-Type must be application/octet-stream.", "FakeContentType")
        match = re.fullmatch(r"bytes (\d+)-(\d+)/(\d+)", self.headers.get("Content-Range", ""))
        if not match:
            raise _bad("Content-Range must be 'bytes {start}-{end}/{total}'.", "FakeContentRange")
        start, end, total = (int(g) for g in match.groups())
        if total != upload.size or end < start or end >= total:
            raise _bad(f"Range {start}-{end}/{total} does not fit a {upload.size}-byte file.",
                       "FakeContentRange")
        if start != len(upload.received):
            raise GraphRequestError(416, "FakeRangeOutOfOrder",
                                    f"Expected the range to start at {len(upload.received)}.")
        if len(data) != end - start + 1:
            raise _bad(f"Content-Range says {end - start + 1} bytes; the body has {len(data)}.",
                       "FakeContentRange")
        if len(data) > MAX_RANGE:
            raise _bad("Each range must be at most 4 MB.", "FakeRangeTooLarge")
        unit = self.graph.range_unit
        if unit and end != total - 1 and len(data) % unit:
            raise _bad(f"Each range but the last must be a multiple of {unit} bytes.",
                       "FakeRangeNotMultiple")
        upload.received += data
        upload.ranges.append((start, end))
        if end != total - 1:
            self.reply_json(200, {"expirationDateTime": _in_minutes(15),
                                  "nextExpectedRanges": [str(end + 1)]})
            return
        upload.message.attachments.append(
            Attachment(upload.name, upload.content_type, bytes(upload.received)))
        message = upload.message
        self.reply(201, headers={"Location": f"{self.graph.base_url}/Users('{message.user}')"
                                             f"/Messages('{message.id}')/Attachments('{upload.id}')"})


def _in_minutes(minutes: int) -> str:
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=minutes)
    return later.isoformat().replace("+00:00", "Z")
