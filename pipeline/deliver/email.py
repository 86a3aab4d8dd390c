"""Email: the appendix attached, its summary paragraph in the body (plain text and HTML),
subject and body from templates/email/. SMTP settings from a config file, overridden by the
environment; the password only ever from the environment. Temporary failures are retried
with backoff; a message that cannot be sent is kept in the outbox, so nothing is lost."""

from __future__ import annotations

import os
import smtplib
import ssl
import time
import tomllib
from dataclasses import dataclass, replace
from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from .. import wording
from ..files import safe_name, unique_path, write_atomic
from ..model import ConfigError
from ..reports import templates_dir

DOCX_TYPE = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
SECURITY = ("none", "starttls", "ssl")


class MailError(Exception):
    """A message that could not be sent; `permanent` when retrying cannot help."""

    def __init__(self, message: str, permanent: bool):
        super().__init__(message)
        self.permanent = permanent


@dataclass(frozen=True)
class MailSettings:
    host: str = "localhost"
    port: int = 25
    user: str = ""
    password: str = ""
    security: str = "none"
    sender: str = "performance@localhost"
    retries: int = 4
    backoff: float = 2.0  # seconds before the first retry; doubled each time
    timeout: float = 30.0
    cafile: str = ""  # certificate authority to trust for TLS (a council's own), besides the system's

    def __repr__(self) -> str:  # never show the password in logs or tracebacks
        return f"MailSettings(host={self.host!r}, port={self.port}, user={self.user!r}, security={self.security!r})"


ENVIRONMENT = {
    "PIPELINE_SMTP_HOST": "host", "PIPELINE_SMTP_PORT": "port", "PIPELINE_SMTP_USER": "user",
    "PIPELINE_SMTP_PASSWORD": "password", "PIPELINE_SMTP_SECURITY": "security", "PIPELINE_MAIL_FROM": "sender",
    "PIPELINE_SMTP_CAFILE": "cafile",
}


def settings(config: Path | None = None, environ=os.environ) -> MailSettings:
    """SMTP settings from the [smtp] table of `config` (TOML), then the PIPELINE_SMTP_* variables."""
    values: dict = {}
    if config:
        try:
            table = tomllib.loads(Path(config).read_text(encoding="utf-8")).get("smtp", {})
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"The settings file {config} cannot be read ({exc}): check it is TOML with an "
                              "[smtp] table.") from None
        if "password" in table:
            raise ConfigError(f"The settings file {config} holds a password: remove it and set "
                              "PIPELINE_SMTP_PASSWORD in the environment instead.")
        values.update({("sender" if k == "from" else k): v for k, v in table.items()})
    values.update({field: environ[name] for name, field in ENVIRONMENT.items() if environ.get(name)})
    try:
        result = MailSettings(**{k: v for k, v in values.items() if k in MailSettings.__dataclass_fields__})
        result = replace(result, port=int(result.port), retries=int(result.retries), backoff=float(result.backoff))
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"The SMTP settings cannot be used ({exc}): check the port is a number.") from None
    if result.security not in SECURITY:
        raise ConfigError(f"The SMTP security '{result.security}' is not known: use none, starttls or ssl.")
    return result


def compose(attachments: list[Path], to: list[str], mail: MailSettings, context: dict,
            templates: Path | None = None) -> EmailMessage:
    """The message: subject and bodies from templates/email/, the appendices attached."""
    folder = (templates or templates_dir()) / "email"
    message = EmailMessage()
    message["Subject"] = wording.render(folder / "subject.txt", **context)
    message["From"] = mail.sender
    message["To"] = ", ".join(to)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=mail.sender.partition("@")[2] or None)
    message.set_content(wording.render(folder / "body.txt", keep_lines=True, **context))
    message.add_alternative(wording.render(folder / "body.html", html=True, keep_lines=True, **context),
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
    return write_atomic(unique_path(Path(outbox), name), bytes(message))


def send(message: EmailMessage, mail: MailSettings, sleep=time.sleep) -> list[str]:
    """Send, retrying temporary failures with backoff; raise MailError when it cannot be sent.
    Returns the recipients refused while the others were sent the message."""
    last = ""
    for attempt in range(mail.retries + 1):
        try:
            return _deliver(message, mail)
        except MailError as exc:
            if exc.permanent:
                raise
            last = str(exc)
        if attempt < mail.retries:
            sleep(mail.backoff * 2 ** attempt)
    raise MailError(f"The mail server {mail.host}:{mail.port} could not take the message after "
                    f"{mail.retries + 1} attempts ({last}): check the SMTP settings and that the server is up.",
                    permanent=False)


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
