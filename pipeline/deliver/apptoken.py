"""The app registration's token from Microsoft Entra ID, through msal (used here alone) and the
client-credentials flow: kept for the life of the process and reused until it is about to expire,
and a refusal said in one sentence naming the Microsoft 365 set-up step that is likely missing.

The app proves itself with a client secret (PIPELINE_SMTP_CLIENT_SECRET) or a certificate (a .pem
holding the private key and the certificate, or a .pfx), read here with cryptography."""

from __future__ import annotations

import hashlib
import re
import threading
from pathlib import Path
from typing import Any

import msal
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from . import https
from .mailconfig import GUIDE, MailError, MailSettings

TOKEN_PATH = "/oauth2/v2.0/token"
_PEM_BLOCK = re.compile(r"-----BEGIN ([A-Z ]+)-----.+?-----END \1-----", re.DOTALL)
_apps: dict[str, Any] = {}
_lock = threading.Lock()


def access_token(mail: MailSettings) -> str:
    """A token for Exchange Online (SMTP) or Graph, as the settings say: msal's cached one while it
    has more than five minutes left, else a new one. Raises MailError saying what to set up when it
    is refused."""
    app = _app(mail)
    with https.failures(f"The Microsoft sign-in at {mail.token_url}"):
        result: dict[str, Any] = app.acquire_token_for_client(scopes=[mail.token_scope])
    token = result.get("access_token")
    if isinstance(token, str) and token:
        return token
    raise MailError(explain(result, mail), permanent=not _temporary(result))


def authority(mail: MailSettings) -> str:
    """The tenant's sign-in address: token_url and the tenant, or token_url itself when it names the
    token endpoint in full (https://login.microsoftonline.us/<tenant>/oauth2/v2.0/token)."""
    base = mail.token_url.rstrip("/")
    if base.endswith(TOKEN_PATH):
        return base.removesuffix(TOKEN_PATH)
    return f"{base}/{mail.tenant}"


def _app(mail: MailSettings) -> Any:
    """One msal application per app registration and credential, for the life of the process, so
    its token cache is reused."""
    credential = _credential(mail)
    key = hashlib.sha256(repr((authority(mail), mail.client_id, credential, mail.cafile)).encode()).hexdigest()
    with _lock:
        if key not in _apps:
            with https.failures(f"The Microsoft sign-in at {mail.token_url}"):
                try:
                    _apps[key] = msal.ConfidentialClientApplication(
                        mail.client_id, client_credential=credential, authority=authority(mail),
                        instance_discovery=False, http_client=https.session(mail))
                except ValueError:
                    raise MailError(f"The Microsoft sign-in at {authority(mail)} does not know the tenant "
                                    f"'{mail.tenant}': set tenant to the Directory (tenant) ID on the app "
                                    f"registration's Overview ({GUIDE}).", permanent=True) from None
        return _apps[key]


def _credential(mail: MailSettings) -> str | dict[str, str]:
    """The client secret, or the certificate's private key and certificate in PEM."""
    if not mail.certificate:
        return mail.client_secret
    path = Path(mail.certificate)
    password = mail.certificate_password.encode() or None
    try:
        data = path.read_bytes()
        if path.suffix.lower() in (".pfx", ".p12"):
            key, certificate, _ = pkcs12.load_key_and_certificates(data, password)
        else:
            blocks = {m.group(1): m.group(0).encode() for m in _PEM_BLOCK.finditer(data.decode("ascii", "replace"))}
            private = next((v for k, v in blocks.items() if k.endswith("PRIVATE KEY")), b"")
            key = serialization.load_pem_private_key(private, password)
            certificate = x509.load_pem_x509_certificate(blocks.get("CERTIFICATE", b""))
    except OSError as exc:
        raise MailError(f"The certificate file {path} cannot be read ({exc.strerror or exc}): check the "
                        "certificate setting and that the account running the pipeline may read it.",
                        permanent=True) from None
    except (ValueError, TypeError):
        raise MailError(f"The certificate file {path} could not be opened: it must hold the app's private key "
                        "and its certificate (a .pem, or a .pfx), and PIPELINE_SMTP_CERTIFICATE_PASSWORD must be "
                        "its password if it has one.", permanent=True) from None
    if key is None or certificate is None:
        raise MailError(f"The certificate file {path} does not hold both the private key and the certificate: "
                        "export it again with its private key.", permanent=True)
    pem_key = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return {"private_key": pem_key.decode("ascii"),
            "public_certificate": certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")}


def _temporary(result: dict[str, Any]) -> bool:
    return result.get("error") in ("temporarily_unavailable", "server_error") or "error" not in result


_STEPS = {
    7000215: "set PIPELINE_SMTP_CLIENT_SECRET to the secret's Value (not its Secret ID) from the app "
             "registration's Certificates & secrets",
    7000222: "the client secret has expired: add a new one under the app registration's Certificates & "
             "secrets and set PIPELINE_SMTP_CLIENT_SECRET to its Value",
    700016: "set client_id to the Application (client) ID, and tenant to the Directory (tenant) ID, both on "
            "the app registration's Overview",
    90002: "set tenant to the Directory (tenant) ID on the app registration's Overview",
    700027: "upload the certificate (its public part, a .cer) to the app registration under Certificates & "
            "secrets",
    65001: "grant admin consent for the app's API permissions (API permissions, Grant admin consent)",
    500011: "check tenant is the council's Microsoft 365 tenant",
}


def explain(result: dict[str, Any], mail: MailSettings) -> str:
    """One sentence for msal's error answer: the AADSTS code and the step to take; never a secret."""
    codes = [int(c) for c in result.get("error_codes") or [] if str(c).isdigit()]
    code = next((c for c in codes if c in _STEPS), codes[0] if codes else None)
    said = f"AADSTS{code}" if code else str(result.get("error") or "no answer")
    step = _STEPS.get(code or 0, "check tenant, client_id and the app's credential against the app "
                                 "registration")
    return f"Microsoft 365 refused to sign in the app {mail.client_id} ({said}): {step} ({GUIDE})."
