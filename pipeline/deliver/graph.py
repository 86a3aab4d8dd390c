"""Sending through Microsoft Graph (`transport = "graph"`), as the mailbox, with the app's token.

A message that fits in one request goes in one `sendMail` (application permission Mail.Send).
One that does not is written as a draft, each attachment under 3 MB added to it, each larger one
uploaded in ranges through an upload session (Graph takes no more than about 4 MB a request), and
the draft sent; drafts need Mail.ReadWrite as well. A refusal is one sentence naming the
permission or setting that is likely missing (docs/email.md)."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any
from urllib.parse import quote

from . import https
from .mailconfig import GUIDE, UNCERTAIN, MailError, MailSettings

UPLOAD_FROM = 3 * 1024 * 1024  # Graph's smallest attachment for an upload session; smaller ones go whole
REQUEST_LIMIT = 4_000_000  # one JSON request to Graph is at most 4 MB
CHUNK = 10 * 320 * 1024  # bytes per PUT: a multiple of 320 KiB, under 4 MiB


@dataclass(frozen=True)
class File:
    name: str
    content_type: str
    data: bytes

    def as_attachment(self) -> dict[str, str]:
        return {"@odata.type": "#microsoft.graph.fileAttachment", "name": self.name,
                "contentType": self.content_type, "contentBytes": base64.b64encode(self.data).decode("ascii")}


def deliver(message: EmailMessage, mail: MailSettings, token: str) -> list[str]:
    """Send `message` as `mail.user`. Graph takes it for every recipient or none: returns []."""
    files = [File(part.get_filename() or "attachment", part.get_content_type(), _bytes(part))
             for part in message.iter_attachments()]
    resource = _resource(message)
    user = f"{mail.graph_url.rstrip('/')}/v1.0/users/{quote(mail.user)}"
    client = https.Client(mail, "Microsoft Graph")
    try:
        whole = {"message": {**resource, "attachments": [f.as_attachment() for f in files]}, "saveToSentItems": True}
        if all(len(f.data) < UPLOAD_FROM for f in files) and len(json.dumps(whole)) < REQUEST_LIMIT:
            _send(client, f"{user}/sendMail", token, whole, mail)
        else:
            _send_as_draft(client, user, token, resource, files, mail)
    finally:
        client.close()
    return []


def _bytes(part: EmailMessage) -> bytes:
    data = part.get_payload(decode=True)
    return data if isinstance(data, bytes) else b""


def _resource(message: EmailMessage) -> dict[str, Any]:
    """Graph's message: subject, the HTML body (or the plain one), and the recipients."""
    body = message.get_body(("html", "plain"))
    content = body.get_content() if body is not None else ""
    kind = "HTML" if body is not None and body.get_content_subtype() == "html" else "Text"

    def recipients(header: str) -> list[dict[str, dict[str, str]]]:
        field = message[header]
        addresses = getattr(field, "addresses", ()) if field is not None else ()
        return [{"emailAddress": {"address": a.addr_spec}} for a in addresses]

    return {"subject": str(message["Subject"] or ""), "body": {"contentType": kind, "content": content},
            "toRecipients": recipients("To"), "ccRecipients": recipients("Cc")}


def _send_as_draft(client: https.Client, user: str, token: str, resource: dict[str, Any], files: list[File],
                   mail: MailSettings) -> None:
    draft = _expect(client.post(f"{user}/messages", token, resource), 201, mail, "draft")
    item = f"{user}/messages/{quote(str(draft.body.get('id', '')), safe='')}"
    for file in files:
        if len(file.data) < UPLOAD_FROM:
            _expect(client.post(f"{item}/attachments", token, file.as_attachment()), 201, mail, "draft")
        else:
            _upload(client, item, token, file, mail)
    _send(client, f"{item}/send", token, None, mail)


def _send(client: https.Client, url: str, token: str, body: dict[str, Any] | None, mail: MailSettings) -> None:
    """The request that sends. With no answer to it (the connection lost, a timeout), Graph may have
    sent the message: that is never tried again, lest it arrive twice."""
    try:
        reply = client.post(url, token, body)
    except MailError:
        raise MailError(f"Microsoft Graph did not answer the request that sends the message, so {UNCERTAIN}.",
                        permanent=True, uncertain=True) from None
    _expect(reply, 202, mail, "send")


def _upload(client: https.Client, item: str, token: str, file: File, mail: MailSettings) -> None:
    """createUploadSession, then the file in ranges to its upload URL (which takes no token)."""
    asked = {"AttachmentItem": {"attachmentType": "file", "name": file.name, "size": len(file.data),
                                "contentType": file.content_type}}
    session = _expect(client.post(f"{item}/attachments/createUploadSession", token, asked), 201, mail, "draft")
    url = str(session.body.get("uploadUrl", ""))
    total = len(file.data)
    for start in range(0, total, CHUNK):
        end = min(start + CHUNK, total) - 1
        headers = {"Content-Type": "application/octet-stream", "Content-Range": f"bytes {start}-{end}/{total}"}
        _expect(client.put(url, file.data[start:end + 1], headers), 201 if end == total - 1 else 200, mail, "upload")


def _expect(reply: https.Reply, status: int, mail: MailSettings, step: str) -> https.Reply:
    if reply.status == status:
        return reply
    error = reply.body.get("error")
    code = str(error.get("code", "")) if isinstance(error, dict) else ""
    said = f"{reply.status} {code}".strip()
    raise MailError(_explain(reply.status, said, mail, step), permanent=not _temporary(reply.status))


def _temporary(status: int) -> bool:
    return status in (408, 429) or status >= 500


def _explain(status: int, said: str, mail: MailSettings, step: str) -> str:
    if status == 401:
        return (f"Microsoft Graph refused the app's token ({said}): check that tenant and client_id are the app "
                f"registration's, and graph_url the Graph of the tenant's cloud ({GUIDE}).")
    if status == 403 and step == "send":
        return (f"Microsoft Graph refused to let the app send as {mail.user} ({said}): the likely missing step "
                "is the Mail.Send application permission on Microsoft Graph with admin consent, or else an "
                f"access policy that leaves {mail.user} out ({GUIDE}, Microsoft Graph).")
    if status == 403:
        return (f"Microsoft Graph refused to let the app write a draft in {mail.user}, which a message with an "
                f"attachment of 3 MB or more needs ({said}): grant the Mail.ReadWrite application permission "
                f"with admin consent ({GUIDE}, Microsoft Graph).")
    if status == 404 and "User" in said:
        return f"Microsoft Graph has no mailbox {mail.user} ({said}): set user to the sending mailbox's address."
    if _temporary(status):
        return f"Microsoft Graph is busy or unavailable ({said})."
    return (f"Microsoft Graph refused the message ({said}, at the {step} step): check the recipients' addresses, "
            "or ask the council's Microsoft 365 administrator what the code means.")
