"""A local stand-in for Exchange Online's SMTP client submission (smtp.office365.com:587) that
takes only OAuth: ``AUTH XOAUTH2`` with an app-only token from :class:`~tests.fakes.entra.FakeEntra`.

The XOAUTH2 string is ``base64("user=" + mailbox + "\\x01auth=Bearer " + token + "\\x01\\x01")``
("Authenticate an IMAP, POP or SMTP connection using OAuth", learn.microsoft.com/exchange/
client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth).
A login succeeds only when the token was issued by the fake Entra for ``https://outlook.office365.com``
with the ``SMTP.SendAsApp`` role, has not expired, the mailbox has SMTP AUTH enabled, and the
mailbox was granted to that app (Exchange's ``Add-MailboxPermission``). Replies copy Exchange's.
"""

from __future__ import annotations

import asyncio
import binascii
import email
from base64 import b64decode
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, Session

from .entra import EXCHANGE, FakeEntra
from .local_tls import LocalCA, Served

HOST = "FAKE0001.eurprd00.prod.outlook.local"
REPLY_BAD_TOKEN = f"535 5.7.3 Authentication unsuccessful [{HOST}]"
REPLY_MAILBOX_DISABLED = ("535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is "
                          "disabled for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for "
                          f"more information. [{HOST}]")
REPLY_TENANT_DISABLED = ("535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is "
                         "disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for "
                         f"more information. [{HOST}]")
REPLY_BASIC_AUTH = "550 5.7.30 Basic authentication is not supported for Client Submission"
REPLY_NOT_AUTHENTICATED = f"530 5.7.57 Client not authenticated to send mail. [{HOST}]"


@dataclass(frozen=True)
class XOAuth2Login:
    """Who logged in: the mailbox named in the XOAUTH2 string and the app behind the token."""

    mailbox: str
    client_id: str


@dataclass(frozen=True)
class ReceivedMessage:
    """A message accepted after DATA, parsed with ``email.policy.default``."""

    login: XOAuth2Login
    mail_from: str
    rcpt_tos: tuple[str, ...]
    message: EmailMessage

    def attachments(self) -> dict[str, bytes]:
        """Attachment file names mapped to their decoded bytes."""
        found: dict[str, bytes] = {}
        for part in self.message.iter_attachments():
            payload = part.get_content()
            found[part.get_filename() or ""] = (
                payload if isinstance(payload, bytes) else str(payload).encode())
        return found


def parse_xoauth2(blob: bytes) -> tuple[str, str] | None:
    """(mailbox, token) from a decoded SASL XOAUTH2 initial response, or None if malformed."""
    try:
        text = blob.decode("ascii")
    except UnicodeDecodeError:
        return None
    if not text.endswith("\x01\x01"):
        return None
    fields = dict(f.partition("=")[::2] for f in text[:-2].split("\x01"))
    user, auth = fields.get("user", ""), fields.get("auth", "")
    if set(fields) != {"user", "auth"} or not user or not auth.startswith("Bearer "):
        return None
    return user, auth.removeprefix("Bearer ")


class ExchangeSmtpHandler:
    """aiosmtpd handler: the ``auth_XOAUTH2`` mechanism plus Exchange's MAIL and DATA checks."""

    def __init__(self, entra: FakeEntra, mailboxes: Mapping[str, Iterable[str]],
                 smtp_auth_disabled: Iterable[str] = (), tenant_smtp_auth_disabled: bool = False
                 ) -> None:
        self.entra = entra
        self.grants = {box.lower(): set(apps) for box, apps in mailboxes.items()}
        self.smtp_auth_disabled = {box.lower() for box in smtp_auth_disabled}
        self.tenant_smtp_auth_disabled = tenant_smtp_auth_disabled
        self.login_replies: list[tuple[str, str]] = []
        self.messages: list[ReceivedMessage] = []

    def check_login(self, mailbox: str, token: str) -> tuple[str, XOAuth2Login | None]:
        """The reply Exchange would give, and the login if it succeeds."""
        issued = self.entra.validate(token)
        if issued is None or issued.audience != EXCHANGE or "SMTP.SendAsApp" not in issued.roles:
            return REPLY_BAD_TOKEN, None
        if self.tenant_smtp_auth_disabled:
            return REPLY_TENANT_DISABLED, None
        if mailbox.lower() in self.smtp_auth_disabled:
            return REPLY_MAILBOX_DISABLED, None
        if issued.client_id not in self.grants.get(mailbox.lower(), set()):
            return REPLY_BAD_TOKEN, None
        return "235 2.7.0 Authentication successful", XOAuth2Login(mailbox, issued.client_id)

    async def auth_XOAUTH2(self, server: SMTP, args: list[str]) -> AuthResult:
        """``AUTH XOAUTH2 <base64>``, or ``AUTH XOAUTH2`` then the base64 after a ``334``."""
        if len(args) == 2:
            try:
                blob = b64decode(args[1], validate=True)
            except binascii.Error:
                return self._refuse("?", REPLY_BAD_TOKEN)
        else:
            answer = await server.challenge_auth("")
            if not isinstance(answer, bytes):  # '*' or bad base64: aiosmtpd has replied 501
                return AuthResult(success=False, handled=True)
            blob = answer
        parsed = parse_xoauth2(blob)
        if parsed is None:
            return self._refuse("?", REPLY_BAD_TOKEN)
        reply, login = self.check_login(*parsed)
        if login is None:
            return self._refuse(parsed[0], reply)
        self.login_replies.append((parsed[0], reply))
        return AuthResult(success=True, auth_data=login, message=reply)

    def _refuse(self, mailbox: str, reply: str) -> AuthResult:
        self.login_replies.append((mailbox, reply))
        return AuthResult(success=False, handled=False, message=reply)

    async def handle_MAIL(self, server: SMTP, session: Session, envelope: Envelope,
                          address: str, mail_options: list[str]) -> str:
        """MAIL FROM needs a successful AUTH first (Exchange answers 530 5.7.57)."""
        if not session.authenticated:
            return REPLY_NOT_AUTHENTICATED
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 2.1.0 Sender OK"

    async def handle_DATA(self, server: SMTP, session: Session,
                          envelope: Envelope) -> str:
        """Accept the message if it is sent as the mailbox that logged in (else SendAsDenied)."""
        login = session.auth_data
        assert isinstance(login, XOAuth2Login)
        raw = envelope.original_content or b""
        message = email.message_from_bytes(raw, _class=EmailMessage, policy=policy.default)
        from_header = message.get("From")
        senders = [a.addr_spec for a in from_header.addresses] if from_header else []
        senders.append(envelope.mail_from or "")
        for sender in senders:
            if sender.lower() != login.mailbox.lower():
                return (f"554 5.2.252 SendAsDenied; {login.mailbox} not allowed to send as "
                        f"{sender}; STOREDRV.Submission.Exception:SendAsDeniedException."
                        "MapiExceptionSendAsDenied; Failed to process message due to a permanent "
                        f"exception with message [BeginDiagnosticData]Cannot submit message. "
                        f"[Hostname={HOST}]")
        self.messages.append(ReceivedMessage(
            login, envelope.mail_from or "", tuple(envelope.rcpt_tos), message))
        return f"250 2.0.0 OK <{message.get('Message-ID', '')}> [Hostname={HOST}]"


def _refuse_basic(server: SMTP, session: Session, envelope: Envelope, mechanism: str,
                  auth_data: Any) -> AuthResult:
    """PLAIN/LOGIN, when offered at all, get Exchange's answer once basic auth is off."""
    return AuthResult(success=False, handled=False, message=REPLY_BASIC_AUTH)


class _AnyPortController(Controller):
    """aiosmtpd's Controller bound to port 0: the kernel picks a free port, no race."""

    def _trigger_server(self) -> None:
        assert isinstance(self.server, asyncio.Server)
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()  # type: ignore[no-untyped-call]


class FakeExchangeSmtp(Served):
    """The SMTP server on 127.0.0.1 (random port), in a thread.

    ``mailboxes`` maps each mailbox to the client ids granted it. With ``ca``, the server offers
    STARTTLS and, as Exchange does, advertises and accepts AUTH only after it; without, AUTH is
    offered in the clear (``auth_require_tls=False``, for loopback only). ``basic_auth_mechanisms``
    (e.g. ``("LOGIN",)``, what Exchange advertises) are offered and always refused with 550 5.7.30.
    """

    def __init__(self, entra: FakeEntra, mailboxes: Mapping[str, Iterable[str]], *,
                 ca: LocalCA | None = None, basic_auth_mechanisms: Iterable[str] = (),
                 smtp_auth_disabled: Iterable[str] = (),
                 tenant_smtp_auth_disabled: bool = False) -> None:
        self.handler = ExchangeSmtpHandler(entra, mailboxes, smtp_auth_disabled,
                                           tenant_smtp_auth_disabled)
        offered = {m.upper() for m in basic_auth_mechanisms}
        tls: dict[str, Any] = (
            {"tls_context": ca.server_context(), "require_starttls": True, "auth_require_tls": True}
            if ca else {"auth_require_tls": False})
        self.controller = _AnyPortController(
            self.handler, hostname="127.0.0.1", port=0, server_hostname=HOST,
            ident="Microsoft ESMTP MAIL Service (tests.fakes)", authenticator=_refuse_basic,
            auth_exclude_mechanism=[m for m in ("PLAIN", "LOGIN") if m not in offered], **tls)

    def start(self) -> None:
        """Start the server thread."""
        self.controller.start()

    def stop(self) -> None:
        """Stop it."""
        self.controller.stop()

    @property
    def host(self) -> str:
        """Always 127.0.0.1."""
        return "127.0.0.1"

    @property
    def port(self) -> int:
        """The port the kernel gave us."""
        return int(self.controller.port)

    @property
    def messages(self) -> list[ReceivedMessage]:
        """Messages accepted so far."""
        return self.handler.messages
