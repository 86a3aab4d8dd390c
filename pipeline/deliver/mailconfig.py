"""How mail is sent: the [smtp] table of the settings file, with the PIPELINE_SMTP_* variables over
it. Secrets (the password, the app's client secret, a certificate's password) are only ever read
from the environment, and never shown: not in a message, a log or a repr.

Three ways to send: SMTP with a user name and password (`auth = "password"`, the default); SMTP
with Microsoft 365's OAuth 2.0 (`auth = "oauth2"`: an app registration's token, SASL XOAUTH2);
and Microsoft Graph's sendMail (`transport = "graph"`, the same app registration)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Annotated, Any

import msgspec

from .. import config
from ..model import ConfigError

SECURITY = ("none", "starttls", "ssl")
AUTHS = ("password", "oauth2")
TRANSPORTS = ("smtp", "graph")
SIGN_IN = "https://login.microsoftonline.com"
GRAPH = "https://graph.microsoft.com"
SCOPES = {"smtp": "https://outlook.office365.com/.default", "graph": "https://graph.microsoft.com/.default"}
MICROSOFT_365_SMTP = {"host": "smtp.office365.com", "port": 587, "security": "starttls"}
GUIDE = "see docs/email.md"
_ADDRESS = re.compile(r"[^@\s<>(),;:\"\[\]\\]+@[^@\s<>(),;:\"\[\]\\.]+(\.[^@\s<>(),;:\"\[\]\\.]+)+")


class MailError(Exception):
    """A message that could not be sent; `permanent` when retrying cannot help. `uncertain` when
    the server may have taken it (the connection failed while or after it was handed over): such
    a message is never sent again, lest it arrive twice."""

    def __init__(self, message: str, permanent: bool, uncertain: bool = False):
        super().__init__(message)
        self.permanent = permanent or uncertain
        self.uncertain = uncertain


UNCERTAIN = ("it may or may not have gone: check with the recipients; it will not be sent again "
             "automatically")


class MailSettings(msgspec.Struct, frozen=True, forbid_unknown_fields=True, rename={"sender": "from"}):
    """The [smtp] table of the settings file, with the PIPELINE_SMTP_* variables over it."""

    host: str = ""  # no default: nothing is sent until a mail server is named
    port: Annotated[int, msgspec.Meta(ge=1, le=65535)] = 25
    user: str = ""  # the account to log in as; with oauth2 or Graph, the mailbox that sends
    password: str = ""  # only ever from PIPELINE_SMTP_PASSWORD
    security: str = "none"
    sender: str = "performance@localhost"
    retries: Annotated[int, msgspec.Meta(ge=0, le=10)] = 4
    backoff: Annotated[float, msgspec.Meta(ge=0)] = 2.0  # seconds before the first retry; doubled each time
    timeout: Annotated[float, msgspec.Meta(gt=0)] = 30.0
    cafile: str = ""  # certificate authority to trust for TLS (a council's own), besides the system's
    auth: str = "password"  # or "oauth2": Microsoft 365's app registration, SASL XOAUTH2
    transport: str = "smtp"  # or "graph": Microsoft Graph's sendMail
    tenant: str = ""  # the Microsoft 365 tenant: its directory (tenant) ID, or a domain it owns
    client_id: str = ""  # the app registration's application (client) ID
    client_secret: str = ""  # only ever from PIPELINE_SMTP_CLIENT_SECRET
    certificate: str = ""  # instead of a secret: the app's certificate and private key (.pem or .pfx)
    certificate_password: str = ""  # only ever from PIPELINE_SMTP_CERTIFICATE_PASSWORD
    token_url: str = SIGN_IN  # Microsoft's sign-in (another for a national cloud)
    graph_url: str = GRAPH  # Microsoft Graph (another for a national cloud)
    scope: str = ""  # what the token is for; blank: Exchange Online's, or Graph's (another for a national cloud)

    @property
    def oauth(self) -> bool:
        """Whether the app registration's token is used (XOAUTH2, or Graph, which needs it)."""
        return self.auth == "oauth2" or self.transport == "graph"

    @property
    def token_scope(self) -> str:
        """The resource the app's token is asked for: Exchange Online's for SMTP, else Graph's."""
        return self.scope or SCOPES[self.transport]

    @property
    def server(self) -> str:
        """Who takes the message, to begin a sentence: 'Microsoft Graph' or 'The mail server host:port'."""
        return "Microsoft Graph" if self.transport == "graph" else f"The mail server {self.host}:{self.port}"

    def __repr__(self) -> str:  # never show a secret in logs or tracebacks
        return (f"MailSettings(host={self.host!r}, port={self.port}, user={self.user!r}, "
                f"security={self.security!r}, auth={self.auth!r}, transport={self.transport!r})")

    __str__ = __repr__


class _SettingsFile(msgspec.Struct, frozen=True):
    smtp: dict[str, Any] = {}


ENVIRONMENT = {
    "PIPELINE_SMTP_HOST": "host", "PIPELINE_SMTP_PORT": "port", "PIPELINE_SMTP_USER": "user",
    "PIPELINE_SMTP_PASSWORD": "password", "PIPELINE_SMTP_SECURITY": "security", "PIPELINE_MAIL_FROM": "from",
    "PIPELINE_SMTP_CAFILE": "cafile", "PIPELINE_SMTP_AUTH": "auth", "PIPELINE_SMTP_TRANSPORT": "transport",
    "PIPELINE_SMTP_TENANT": "tenant", "PIPELINE_SMTP_CLIENT_ID": "client_id",
    "PIPELINE_SMTP_CLIENT_SECRET": "client_secret", "PIPELINE_SMTP_CERTIFICATE": "certificate",
    "PIPELINE_SMTP_CERTIFICATE_PASSWORD": "certificate_password", "PIPELINE_SMTP_TOKEN_URL": "token_url",
    "PIPELINE_SMTP_GRAPH_URL": "graph_url", "PIPELINE_SMTP_SCOPE": "scope",
}
_SECRETS = {"client_secret": ("the app's client secret", "PIPELINE_SMTP_CLIENT_SECRET"),
            "certificate_password": ("a certificate's password", "PIPELINE_SMTP_CERTIFICATE_PASSWORD")}
_SECRET_WORDS = ("pass", "secret", "pwd")


def settings(config_file: Path | None = None, environ: Mapping[str, str] = os.environ) -> MailSettings:
    """Mail settings from the [smtp] table of `config_file` (TOML), then the PIPELINE_SMTP_* variables."""
    values: dict[str, Any] = {}
    if config_file:
        table = config.load(Path(config_file), _SettingsFile, "The settings file", GUIDE).smtp
        _refuse_secrets(table, config_file)
        values.update(table)
    values.update({key: environ[name] for name, key in ENVIRONMENT.items() if environ.get(name)})
    if values.get("auth") == "oauth2" and values.get("transport", "smtp") == "smtp":
        values = {**MICROSOFT_365_SMTP, **values}
    if "from" not in values and (values.get("auth") == "oauth2" or values.get("transport") == "graph"):
        values["from"] = values.get("user", "")  # Microsoft 365 sends as the mailbox signed in
    result = config.convert(values, MailSettings, "The SMTP settings", GUIDE, strict=False)
    _check(result)
    return result


def _refuse_secrets(table: dict[str, Any], config_file: Path) -> None:
    for key in table:
        if any(word in key.lower() for word in _SECRET_WORDS):
            what, variable = _SECRETS.get(key, ("a password", "PIPELINE_SMTP_PASSWORD"))
            raise ConfigError(f"The settings file {config_file} holds {what}: remove it and set {variable} in "
                              "the environment instead.")


def require_server(mail: MailSettings) -> None:
    """Refuse to send before any attempt when no mail server is named."""
    if mail.transport == "smtp" and not mail.host:
        raise ConfigError("No mail server is set, so nothing can be emailed: set host in the [smtp] table of the "
                          f"settings file, or PIPELINE_SMTP_HOST ({GUIDE}), or give --dry-run to keep each email "
                          "as a file in the outbox.")


def bad_addresses(addresses: Iterable[str]) -> list[str]:
    """Those of `addresses` that are not a plain email address (name@place.domain)."""
    return [a for a in addresses if not _ADDRESS.fullmatch(a)]


def _check(mail: MailSettings) -> None:
    """Each setting that cannot work, said in one sentence."""
    for name, value, allowed in (("security", mail.security, SECURITY), ("auth", mail.auth, AUTHS),
                                 ("transport", mail.transport, TRANSPORTS)):
        if value not in allowed:
            choices = f"{', '.join(allowed[:-1])} or {allowed[-1]}"
            raise ConfigError(f"The SMTP {name} '{value}' is not known: use {choices}.")
    if mail.oauth:
        _check_oauth(mail)


def _check_oauth(mail: MailSettings) -> None:
    how = "transport = \"graph\"" if mail.transport == "graph" else "auth = \"oauth2\""
    needed = (("tenant", "the council's Microsoft 365 tenant (the Directory (tenant) ID on the app "
                         "registration's Overview)"),
              ("client_id", "the app registration's Application (client) ID"),
              ("user", "the address of the mailbox that sends"))
    for name, meaning in needed:
        if not getattr(mail, name):
            raise ConfigError(f"The SMTP settings use {how} but give no {name}: set {name} to {meaning} "
                              f"({GUIDE}).")
    if not mail.client_secret and not mail.certificate:
        raise ConfigError(f"The SMTP settings use {how} but give the app no credential: set "
                          "PIPELINE_SMTP_CLIENT_SECRET in the environment, or certificate to the app's "
                          f"certificate file ({GUIDE}).")
    if mail.client_secret and mail.certificate:
        raise ConfigError("The SMTP settings give the app both a client secret and a certificate: use one, "
                          "and remove the other.")
    for name in ("token_url", "graph_url"):
        if not getattr(mail, name).startswith("https://"):
            raise ConfigError(f"The SMTP {name} '{getattr(mail, name)}' is not an https:// address: correct it "
                              f"({GUIDE}).")
