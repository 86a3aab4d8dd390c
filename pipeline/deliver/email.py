"""Email: the appendix attached, its summary paragraph in the body (plain text and HTML),
subject and body from templates/email/. SMTP settings from a config file, overridden by the
environment; the password only ever from the environment. Temporary failures are retried
with backoff; a message that cannot be sent is kept in the outbox, so nothing is lost."""

from __future__ import annotations

import os
import smtplib
import ssl
import time
from collections.abc import Callable, Mapping
from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Annotated, Any

import msgspec
import tenacity

from .. import config, wording
from ..files import reserve, safe_name, write_atomic
from ..model import ConfigError
from ..reports import templates_dir

DOCX_TYPE = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
SECURITY = ("none", "starttls", "ssl")


class MailError(Exception):
    """A message that could not be sent; `permanent` when retrying cannot help."""

    def __init__(self, message: str, permanent: bool):
        super().__init__(message)
        self.permanent = permanent


class MailSettings(msgspec.Struct, frozen=True, forbid_unknown_fields=True, rename={"sender": "from"}):
    """The [smtp] table of the settings file, with the PIPELINE_SMTP_* variables over it."""

    host: str = "localhost"
    port: Annotated[int, msgspec.Meta(ge=1, le=65535)] = 25
    user: str = ""
    password: str = ""  # only ever from PIPELINE_SMTP_PASSWORD
    security: str = "none"
    sender: str = "performance@localhost"
    retries: Annotated[int, msgspec.Meta(ge=0, le=10)] = 4
    backoff: Annotated[float, msgspec.Meta(ge=0)] = 2.0  # seconds before the first retry; doubled each time
    timeout: Annotated[float, msgspec.Meta(gt=0)] = 30.0
    cafile: str = ""  # certificate authority to trust for TLS (a council's own), besides the system's

    def __repr__(self) -> str:  # never show the password in logs or tracebacks
        return f"MailSettings(host={self.host!r}, port={self.port}, user={self.user!r}, security={self.security!r})"


class _SettingsFile(msgspec.Struct, frozen=True):
    smtp: dict[str, Any] = {}


ENVIRONMENT = {
    "PIPELINE_SMTP_HOST": "host", "PIPELINE_SMTP_PORT": "port", "PIPELINE_SMTP_USER": "user",
    "PIPELINE_SMTP_PASSWORD": "password", "PIPELINE_SMTP_SECURITY": "security", "PIPELINE_MAIL_FROM": "from",
    "PIPELINE_SMTP_CAFILE": "cafile",
}
_SECRET = ("pass", "secret", "pwd")


def settings(config_file: Path | None = None, environ: Mapping[str, str] = os.environ) -> MailSettings:
    """SMTP settings from the [smtp] table of `config_file` (TOML), then the PIPELINE_SMTP_* variables."""
    values: dict[str, Any] = {}
    if config_file:
        table = config.load(Path(config_file), _SettingsFile, "The settings file", "see the README's email "
                            "settings").smtp
        if any(word in key.lower() for key in table for word in _SECRET):
            raise ConfigError(f"The settings file {config_file} holds a password: remove it and set "
                              "PIPELINE_SMTP_PASSWORD in the environment instead.")
        values.update(table)
    values.update({key: environ[name] for name, key in ENVIRONMENT.items() if environ.get(name)})
    result = config.convert(values, MailSettings, "The SMTP settings", "see the README's email settings",
                            strict=False)
    if result.security not in SECURITY:
        raise ConfigError(f"The SMTP security '{result.security}' is not known: use none, starttls or ssl.")
    return result


def compose(attachments: list[Path], to: list[str], mail: MailSettings, context: dict[str, object],
            templates: Path | None = None) -> EmailMessage:
    """The message: subject and bodies from templates/email/, the appendices attached."""
    folder = (templates or templates_dir()) / "email"
    message = EmailMessage()
    message["Subject"] = wording.render(folder / "subject.txt", context)
    message["From"] = mail.sender
    message["To"] = ", ".join(to)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=mail.sender.partition("@")[2] or None)
    message.set_content(wording.render(folder / "body.txt", context, keep_lines=True))
    message.add_alternative(wording.render(folder / "body.html", context, html=True, keep_lines=True),
                            subtype="html")
    for path in attachments:
        message.add_attachment(Path(path).read_bytes(), maintype=DOCX_TYPE[0], subtype=DOCX_TYPE[1],
                               filename=Path(path).name)
    return message


def to_outbox(message: EmailMessage, outbox: Path) -> Path:
    """Keep the message as an .eml file (the dry-run mode, and where unsent messages wait)."""
    stamp = datetime.now().strftime("%Y-%m-%d %H%M%S")
    name = f"{stamp} {safe_name(str(message['Subject']))[:80]}.eml"
    Path(outbox).mkdir(parents=True, exist_ok=True)
    return write_atomic(reserve(Path(outbox), name), bytes(message))


def send(message: EmailMessage, mail: MailSettings, sleep: Callable[[float], None] = time.sleep) -> list[str]:
    """Send, retrying temporary failures with backoff; raise MailError when it cannot be sent.
    Returns the recipients refused while the others were sent the message."""
    retrying = tenacity.Retrying(stop=tenacity.stop_after_attempt(mail.retries + 1),
                                 wait=tenacity.wait_exponential(multiplier=mail.backoff, max=3600),
                                 retry=tenacity.retry_if_exception(_temporary), sleep=sleep, reraise=True)
    try:
        for attempt in retrying:
            with attempt:
                return _deliver(message, mail)
    except MailError as exc:
        if exc.permanent:
            raise
        raise MailError(f"The mail server {mail.host}:{mail.port} could not take the message after "
                        f"{mail.retries + 1} attempts ({exc}): check the SMTP settings and that the server is up.",
                        permanent=False) from None
    raise AssertionError("tenacity stops with the last attempt's outcome")  # pragma: no cover


def _temporary(exc: BaseException) -> bool:
    return isinstance(exc, MailError) and not exc.permanent


def _deliver(message: EmailMessage, mail: MailSettings) -> list[str]:
    """Hand the message over; returns the recipients the server refused while taking it for others."""
    try:
        with _connect(mail) as smtp:
            if mail.user:
                smtp.login(mail.user, mail.password)
            return sorted(smtp.send_message(message))
    except smtplib.SMTPAuthenticationError:
        raise MailError(f"The mail server {mail.host} refused the user name or password for '{mail.user}': "
                        "check PIPELINE_SMTP_USER and PIPELINE_SMTP_PASSWORD.", permanent=True) from None
    except smtplib.SMTPRecipientsRefused as exc:
        refused = ", ".join(exc.recipients)
        raise MailError(f"The mail server {mail.host} refused the recipient {refused}: check the address.",
                        permanent=True) from None
    except smtplib.SMTPNotSupportedError as exc:
        raise MailError(f"The mail server {mail.host} does not support what the settings ask ({exc}): check "
                        "PIPELINE_SMTP_SECURITY.", permanent=True) from None
    except smtplib.SMTPResponseException as exc:
        detail = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        raise MailError(f"The mail server {mail.host} refused the message ({exc.smtp_code} {detail.strip()}): check "
                        "the sender and recipient addresses, or ask whoever runs the server what its reply means.",
                        permanent=exc.smtp_code >= 500) from None
    except ssl.SSLCertVerificationError as exc:
        raise MailError(f"The mail server {mail.host}'s certificate could not be verified ({exc.verify_message}): "
                        "check the host name, or set PIPELINE_SMTP_CAFILE to the council's certificate "
                        "authority.", permanent=True) from None
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(str(exc) or type(exc).__name__, permanent=False) from None


def _connect(mail: MailSettings) -> smtplib.SMTP:
    if mail.security == "ssl":
        return smtplib.SMTP_SSL(mail.host, mail.port, timeout=mail.timeout, context=_tls(mail))
    smtp = smtplib.SMTP(mail.host, mail.port, timeout=mail.timeout)
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
