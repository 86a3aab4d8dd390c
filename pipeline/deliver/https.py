"""HTTPS to Microsoft's sign-in and Graph (through requests, used here alone): certificates always
verified, against the usual authorities and the council's own (PIPELINE_SMTP_CAFILE, for a proxy
that inspects TLS), and a server that cannot be reached or trusted said in one sentence."""

from __future__ import annotations

import ssl
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from .mailconfig import MailError, MailSettings


class _CouncilTrust(HTTPAdapter):
    """Trusts the council's certificate authority as well as the usual ones. (requests' own
    `verify=` would trust the file alone, and REQUESTS_CA_BUNDLE in the environment overrides it.)"""

    def __init__(self, context: ssl.SSLContext) -> None:
        self._context = context
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["ssl_context"] = self._context
        super().init_poolmanager(*args, **kwargs)

    def proxy_manager_for(self, proxy: str, **kwargs: Any) -> Any:
        kwargs["ssl_context"] = self._context
        return super().proxy_manager_for(proxy, **kwargs)


class _Session(requests.Session):
    """A session whose every request gives up after the settings' timeout (msal sets none)."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.timeout = timeout

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", self.timeout)
        return super().request(*args, **kwargs)


def session(mail: MailSettings) -> requests.Session:
    """A session for Microsoft's services (msal is given it too); proxies from the environment."""
    http = _Session(mail.timeout)
    if mail.cafile:
        context = ssl.create_default_context()
        try:
            context.load_verify_locations(cafile=mail.cafile)
        except (OSError, ssl.SSLError) as exc:
            raise MailError(f"The certificate file {mail.cafile} cannot be used ({exc}): check "
                            "PIPELINE_SMTP_CAFILE.", permanent=True) from None
        http.mount("https://", _CouncilTrust(context))
    return http


@contextmanager
def failures(what: str) -> Iterator[None]:
    """A server that cannot be trusted or reached, as a MailError naming `what` ("Microsoft Graph")."""
    try:
        yield
    except requests.exceptions.SSLError:
        raise MailError(f"{what} could not be trusted (its certificate could not be verified): if the council's "
                        "network inspects TLS, set PIPELINE_SMTP_CAFILE to the certificate authority it uses.",
                        permanent=True) from None
    except requests.RequestException as exc:
        raise MailError(f"{what} could not be reached ({type(exc).__name__}): check the server's internet "
                        "connection and any proxy (HTTPS_PROXY).", permanent=False) from None


@dataclass(frozen=True)
class Reply:
    """What a server answered: the status, the JSON body (empty when there was none) and headers."""

    status: int
    body: Mapping[str, Any]
    headers: Mapping[str, str]


class Client:
    """JSON and byte uploads to one service, with the settings' timeout and trust."""

    def __init__(self, mail: MailSettings, what: str) -> None:
        self._session = session(mail)
        self.what = what

    def post(self, url: str, token: str, body: Mapping[str, Any] | None = None) -> Reply:
        """POST `body` as JSON (or nothing, with Content-Length: 0) with the bearer token."""
        headers = {"Authorization": f"Bearer {token}"}
        with failures(self.what):
            if body is None:
                return _reply(self._session.post(url, data=b"", headers=headers))
            return _reply(self._session.post(url, json=body, headers=headers))

    def put(self, url: str, data: bytes, headers: Mapping[str, str]) -> Reply:
        """PUT bytes, with no token: an upload URL carries its own authorisation."""
        with failures(self.what):
            return _reply(self._session.put(url, data=data, headers=dict(headers)))

    def close(self) -> None:
        self._session.close()


def _reply(response: requests.Response) -> Reply:
    try:
        body = response.json() if response.content else {}
    except ValueError:
        body = {}
    return Reply(response.status_code, body if isinstance(body, dict) else {}, dict(response.headers))
