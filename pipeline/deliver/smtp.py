"""Handing a message to an SMTP server: plain, STARTTLS or TLS, logged in with a password or, for
Microsoft 365, with the app's token (SASL XOAUTH2). Each refusal is one sentence; Exchange
Online's replies name the set-up step that is likely missing (docs/email.md)."""

from __future__ import annotations

import contextlib
import re
import smtplib
import ssl
from collections.abc import Callable
from email.message import EmailMessage
from typing import Any

from .mailconfig import GUIDE, UNCERTAIN, MailError, MailSettings

_ENHANCED = re.compile(r"\b[245]\.\d{1,3}\.\d{1,3}\b")


def deliver(message: EmailMessage, mail: MailSettings, token: str | None = None) -> list[str]:
    """Hand the message over, logged in with `token` (XOAUTH2) when given, else with the password
    when there is a user. Returns the recipients the server refused while taking it for others.
    A failure before the message itself is sent (connecting, signing in, the envelope) may be
    tried again; one while or after it is sent may have delivered it, and is never retried."""
    return _in_words(message, mail, lambda: _session(message, mail, token))


def _session(message: EmailMessage, mail: MailSettings, token: str | None) -> list[str]:
    smtp = _connect(mail)
    try:
        return _hand_over(smtp, message, mail, token)
    finally:
        smtp.close()


def _hand_over(smtp: _SMTP | _SMTPOverTLS, message: EmailMessage, mail: MailSettings, token: str | None) -> list[str]:
    try:
        if token is not None:
            smtp.ehlo_or_helo_if_needed()
            smtp.auth("XOAUTH2", _XOAuth2(mail.user, token))
        elif mail.user:
            smtp.login(mail.user, mail.password)
        refused = sorted(smtp.send_message(message))
    except (OSError, smtplib.SMTPException) as exc:
        if smtp.handing_over and not isinstance(exc, smtplib.SMTPResponseException):  # no answer: taken or not
            raise MailError(f"The connection to the mail server {mail.host} failed while the message was being "
                            f"handed over, so {UNCERTAIN}.", permanent=True, uncertain=True) from None
        raise
    with contextlib.suppress(OSError, smtplib.SMTPException):  # taken: a failed goodbye changes nothing
        smtp.quit()
    return refused


class _SMTP(smtplib.SMTP):
    """An SMTP connection that knows when the message itself has begun to be handed over."""

    handing_over = False

    def data(self, msg: Any) -> tuple[int, bytes]:
        self.handing_over = True
        return super().data(msg)


class _SMTPOverTLS(smtplib.SMTP_SSL):
    handing_over = False

    def data(self, msg: Any) -> tuple[int, bytes]:
        self.handing_over = True
        return super().data(msg)


def _in_words(message: EmailMessage, mail: MailSettings, action: Callable[[], list[str]]) -> list[str]:
    """`action`'s smtplib and network failures, each as a MailError in one sentence."""
    try:
        return action()
    except UnicodeEncodeError:  # smtplib's sign-in takes ASCII only; its message would show the character
        raise MailError(f"The SMTP user name or password holds a character the mail server {mail.host}'s sign-in "
                        "cannot take (only letters, digits and punctuation without accents): change the "
                        "account's password, then PIPELINE_SMTP_PASSWORD.", permanent=True) from None
    except smtplib.SMTPAuthenticationError as exc:
        raise MailError(_refused_login(mail, exc.smtp_code, _said(exc)), permanent=True) from None
    except smtplib.SMTPRecipientsRefused as exc:
        refused = ", ".join(exc.recipients)
        raise MailError(f"The mail server {mail.host} refused the recipient {refused}: check the address.",
                        permanent=True) from None
    except smtplib.SMTPNotSupportedError as exc:
        raise MailError(f"The mail server {mail.host} does not support what the settings ask ({exc}): check "
                        "PIPELINE_SMTP_SECURITY.", permanent=True) from None
    except smtplib.SMTPResponseException as exc:
        raise MailError(_refused_message(mail, message, exc.smtp_code, _said(exc)),
                        permanent=exc.smtp_code >= 500) from None
    except ssl.SSLCertVerificationError as exc:
        raise MailError(f"The mail server {mail.host}'s certificate could not be verified ({exc.verify_message}): "
                        "check the host name, or set PIPELINE_SMTP_CAFILE to the council's certificate "
                        "authority.", permanent=True) from None
    except OSError as exc:
        raise MailError(exc.strerror or "the connection failed", permanent=False) from None
    except smtplib.SMTPException:
        raise MailError("the server broke off the conversation", permanent=False) from None


class _XOAuth2:
    """SASL XOAUTH2: the mailbox and the token in the first response; an empty reply to the error
    challenge a server may send before its refusal."""

    def __init__(self, mailbox: str, token: str) -> None:
        self._first = f"user={mailbox}\x01auth=Bearer {token}\x01\x01"

    def __call__(self, challenge: bytes | None = None) -> str:
        return self._first if challenge is None else ""

    def __repr__(self) -> str:  # never show the token
        return "_XOAuth2()"


def _said(exc: smtplib.SMTPResponseException) -> str:
    text = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
    return " ".join(text.split())


def _reply(code: int, said: str) -> str:
    """'535 5.7.139': the reply code and its enhanced status code, as Microsoft's pages name them."""
    enhanced = _ENHANCED.search(said)
    return f"{code} {enhanced.group(0)}" if enhanced else str(code)


def _refused_login(mail: MailSettings, code: int, said: str) -> str:
    """Why the server refused the login, and the step to take (Exchange Online's codes first)."""
    reply = _reply(code, said)
    who = (f"Microsoft 365 refused to let the app sign in to {mail.user} by SMTP ({reply})" if mail.oauth else
           f"The mail server {mail.host} refused the user name or password for '{mail.user}' ({reply})")
    if reply.endswith("5.7.139") and "tenant" in said.lower():
        return (f"{who}: SMTP AUTH is turned off for the whole organisation; turn it on for this mailbox "
                f"alone (Set-CASMailbox -Identity {mail.user} -SmtpClientAuthenticationDisabled $false; "
                f"{GUIDE}, step 7).")
    if reply.endswith("5.7.139"):
        return (f"{who}: SMTP AUTH is turned off for the mailbox; turn it on (Set-CASMailbox -Identity "
                f"{mail.user} -SmtpClientAuthenticationDisabled $false; {GUIDE}, step 7).")
    if reply.endswith("5.7.30"):
        return (f"Microsoft 365 no longer takes a password for {mail.user} ({reply}): set auth = \"oauth2\" "
                f"and the app registration's tenant and client_id ({GUIDE}).")
    if mail.oauth:
        return (f"{who}: the likely missing step is the mailbox permission (the app's service principal "
                f"registered in Exchange with New-ServicePrincipal and given {mail.user} with "
                "Add-MailboxPermission), or else the SMTP.SendAsApp application permission and its admin "
                f"consent ({GUIDE}, steps 4 to 6).")
    return f"{who}: check PIPELINE_SMTP_USER and PIPELINE_SMTP_PASSWORD."


def _refused_message(mail: MailSettings, message: EmailMessage, code: int, said: str) -> str:
    if code == 552 or re.search(r"\b5\.3\.4\b", said):
        size = len(bytes(message)) / 1_000_000
        return (f"The mail server {mail.host} refused the message as too large ({_reply(code, said)}; it is "
                f"{size:.1f} MB with its attachments): ask whoever runs the server to raise its limit, or send the "
                "appendix without its PDF.")
    if "SendAsDenied" in said:
        return (f"Microsoft 365 will not let {mail.user} send as {message['From']} ({_reply(code, said)} "
                f"SendAsDenied): set from to {mail.user}, or leave it out.")
    return (f"The mail server {mail.host} refused the message ({code} {said}): check the sender and recipient "
            "addresses, or ask whoever runs the server what its reply means.")


def _connect(mail: MailSettings) -> _SMTP | _SMTPOverTLS:
    if mail.security == "ssl":
        return _SMTPOverTLS(mail.host, mail.port, timeout=mail.timeout, context=_tls(mail))
    smtp = _SMTP(mail.host, mail.port, timeout=mail.timeout)
    if mail.security == "starttls":
        try:
            smtp.starttls(context=_tls(mail))
        except BaseException:
            smtp.close()
            raise
    return smtp


def _tls(mail: MailSettings) -> ssl.SSLContext:
    """Certificates are always verified: against the system's authorities, and the council's own
    (PIPELINE_SMTP_CAFILE) where one is given."""
    context = ssl.create_default_context()
    if mail.cafile:
        try:
            context.load_verify_locations(cafile=mail.cafile)
        except (OSError, ssl.SSLError) as exc:
            raise MailError(f"The certificate file {mail.cafile} cannot be used ({exc}): check "
                            "PIPELINE_SMTP_CAFILE.", permanent=True) from None
    return context
