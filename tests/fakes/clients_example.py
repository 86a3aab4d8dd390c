"""Example clients for Microsoft 365 mail, written against the real services and proven against
the fakes in this folder: an app-only token from msal (client credentials), SMTP AUTH XOAUTH2 with
smtplib, and Microsoft Graph ``sendMail`` / draft + upload session + ``send`` with requests
(installed with msal, which depends on it).

Pointing them at the fakes takes three values and nothing else: the authority
(``FakeEntra.authority`` instead of ``https://login.microsoftonline.com/<tenant>``), the SMTP
host/port, and the Graph base URL; plus a CA file to trust (see :func:`make_app` on why
``REQUESTS_CA_BUNDLE`` matters).
"""

from __future__ import annotations

import base64
import smtplib
import ssl
from collections.abc import Sequence
from email.message import EmailMessage
from typing import Any
from urllib.parse import quote

import msal  # type: ignore[import-untyped]
import requests

EXCHANGE_SCOPE = "https://outlook.office365.com/.default"
GRAPH_SCOPE = "https://graph.microsoft.com/.default"
GRAPH_BASE = "https://graph.microsoft.com/v1.0"
INLINE_LIMIT = 3 * 1024 * 1024  # Graph: attach files under 3 MB inline, larger by upload session
CHUNK = 10 * 320 * 1024  # 3,200 KiB: a multiple of 320 KiB and under 4 MiB per PUT


class TokenError(Exception):
    """msal's error answer: ``error``, ``error_description`` and the AADSTS ``error_codes``."""

    def __init__(self, result: dict[str, Any]) -> None:
        super().__init__(f"{result.get('error')}: {result.get('error_description')}")
        self.error: str = result.get("error", "")
        self.codes: list[int] = list(result.get("error_codes", []))


def make_app(authority: str, client_id: str, client_secret: str,
             ca_file: str | None = None) -> Any:
    """A ConfidentialClientApplication; keep one per process so its token cache is reused.

    ``authority`` is ``https://login.microsoftonline.com/<tenant id>`` in production. msal needs
    an https authority. ``instance_discovery=False`` stops msal from asking
    ``login.microsoftonline.com/common/discovery/instance`` about an unfamiliar host (it does so
    even on a token *error* otherwise). ``verify=ca_file`` trusts a private CA, but note that
    requests lets ``REQUESTS_CA_BUNDLE``/``CURL_CA_BUNDLE`` in the environment override it.
    """
    return msal.ConfidentialClientApplication(
        client_id, client_credential=client_secret, authority=authority,
        instance_discovery=False, verify=ca_file or True)


def get_token(app: Any, scope: str) -> str:
    """An access token for ``scope`` from msal's cache, or from Entra when the cache has none
    valid for at least five more minutes. Raises TokenError with the AADSTS codes on failure."""
    result: dict[str, Any] = app.acquire_token_for_client(scopes=[scope])
    if "access_token" not in result:
        raise TokenError(result)
    token: str = result["access_token"]
    return token


def xoauth2_string(mailbox: str, token: str) -> str:
    """The SASL XOAUTH2 initial response, before base64 (smtplib encodes it)."""
    return f"user={mailbox}\x01auth=Bearer {token}\x01\x01"


def build_message(sender: str, to: Sequence[str], subject: str, text: str,
                  attachments: Sequence[tuple[str, str, bytes]] = ()) -> EmailMessage:
    """A plain-text message with (file name, MIME type, bytes) attachments."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, ", ".join(to), subject
    message.set_content(text)
    for name, mime_type, data in attachments:
        maintype, _, subtype = mime_type.partition("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message


def send_smtp_xoauth2(host: str, port: int, mailbox: str, token: str, message: EmailMessage,
                      ca_file: str | None = None, timeout: float = 30) -> None:
    """Send over SMTP AUTH XOAUTH2 (smtp.office365.com, 587 in production).

    Uses STARTTLS when the server offers it (Exchange always does and refuses AUTH before it).
    Raises smtplib.SMTPAuthenticationError with Exchange's reply (535 5.7.3, 535 5.7.139, ...).
    """
    with smtplib.SMTP(host, port, timeout=timeout) as smtp:
        smtp.ehlo()
        if smtp.has_extn("starttls"):
            smtp.starttls(context=ssl.create_default_context(cafile=ca_file))
            smtp.ehlo()
        smtp.auth("XOAUTH2", lambda challenge=None: xoauth2_string(mailbox, token))
        smtp.send_message(message)


class GraphError(Exception):
    """A Graph error answer: HTTP status and the ``error.code`` / ``error.message`` fields."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message = status, code, message


def _check(response: requests.Response, *expected: int) -> requests.Response:
    if response.status_code not in expected:
        try:
            error = response.json().get("error", {})
        except ValueError:
            error = {}
        raise GraphError(response.status_code, error.get("code", ""), error.get("message", ""))
    return response


def _recipients(addresses: Sequence[str]) -> list[dict[str, dict[str, str]]]:
    return [{"emailAddress": {"address": address}} for address in addresses]


def _file_attachment(name: str, mime_type: str, data: bytes) -> dict[str, str]:
    return {"@odata.type": "#microsoft.graph.fileAttachment", "name": name,
            "contentType": mime_type, "contentBytes": base64.b64encode(data).decode("ascii")}


def send_graph(token: str, sender: str, to: Sequence[str], subject: str, text: str,
               attachments: Sequence[tuple[str, str, bytes]] = (), *, base_url: str = GRAPH_BASE,
               ca_file: str | None = None, session: requests.Session | None = None) -> str:
    """Send as ``sender`` through Graph; returns "sendMail" or "draft" (the route taken).

    Attachments totalling under 3 MB go inline in one ``POST /users/{id}/sendMail``
    (application permission Mail.Send). Otherwise: create a draft (needs Mail.ReadWrite), attach
    each file under 3 MB with ``POST .../attachments`` and each larger one through
    ``createUploadSession`` and PUTs of byte ranges, then ``POST .../send`` (Mail.Send).
    """
    http = session or requests.Session()
    verify: str | bool = ca_file or True
    headers = {"Authorization": f"Bearer {token}"}
    user = f"{base_url}/users/{quote(sender)}"
    message = {"subject": subject, "body": {"contentType": "Text", "content": text},
               "toRecipients": _recipients(to)}
    if sum(len(data) for _, _, data in attachments) < INLINE_LIMIT:
        message["attachments"] = [_file_attachment(*a) for a in attachments]
        _check(http.post(f"{user}/sendMail", json={"message": message, "saveToSentItems": True},
                         headers=headers, verify=verify), 202)
        return "sendMail"
    draft = _check(http.post(f"{user}/messages", json=message, headers=headers, verify=verify),
                   201).json()
    item = f"{user}/messages/{quote(draft['id'])}"
    for name, mime_type, data in attachments:
        if len(data) < INLINE_LIMIT:
            _check(http.post(f"{item}/attachments", json=_file_attachment(name, mime_type, data),
                             headers=headers, verify=verify), 201)
        else:
            _upload(http, item, headers, verify, name, mime_type, data)
    _check(http.post(f"{item}/send", headers=headers, verify=verify), 202)
    return "draft"


def _upload(http: requests.Session, item: str, headers: dict[str, str], verify: str | bool,
            name: str, mime_type: str, data: bytes) -> None:
    """createUploadSession, then PUT ranges to its pre-authenticated uploadUrl (no Authorization
    header there, as the docs say)."""
    body = {"AttachmentItem": {"attachmentType": "file", "name": name, "size": len(data),
                               "contentType": mime_type}}
    upload_url = _check(http.post(f"{item}/attachments/createUploadSession", json=body,
                                  headers=headers, verify=verify), 201).json()["uploadUrl"]
    for start in range(0, len(data), CHUNK):
        chunk = data[start:start + CHUNK]
        end = start + len(chunk) - 1
        _check(http.put(upload_url, data=chunk, verify=verify, headers={
            "Content-Type": "application/octet-stream",
            "Content-Range": f"bytes {start}-{end}/{len(data)}"}),
            201 if end == len(data) - 1 else 200)
