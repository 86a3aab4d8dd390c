"""Who may use the web page, and what every answer carries.

- Sign-in: a trusted reverse proxy's user header (from the proxy's own addresses only), or HTTP
  Basic against the password hashes in the settings file. Without either, the page is served on
  this computer only (the server will not start on another address), and answers only to the
  loopback names, so that a web site cannot reach it by pointing its own name at 127.0.0.1.
- Forms: a token tied to a cookie and the user (signed with a secret made at start), and the
  browser's own Sec-Fetch-Site, so that another site cannot make a browser post here.
- Every answer: a content security policy (scripts and styles from this server only), no
  framing, no sniffing, no caching of pages.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import ipaddress
import secrets
from collections.abc import Callable
from dataclasses import dataclass

import anyio
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .passwords import matches
from .settings import WebSettings

COOKIE = "pipeline-csrf"
FIELD = "csrf_token"
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
SECURITY_HEADERS = (
    (b"content-security-policy", b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                 b"form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
)


def is_loopback(host: str) -> bool:
    """Whether `host` ("127.0.0.1", "::1", "localhost") is this computer only."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_name(header: str) -> str:
    """The name in a Host header, without its port: "[::1]:8000" -> "::1"."""
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


@dataclass(frozen=True)
class Denial:
    """Why a request is turned away, in one sentence; `challenge` asks the browser for a password."""

    status: int
    message: str
    challenge: bool = False


SIGN_IN = Denial(401, "Sign in with your user name and password to use this page.", challenge=True)
PROXY_ONLY = Denial(403, "This page is served only through the council's sign-in: open it at the address you "
                         "were given.")
WRONG_HOST = Denial(400, "This page is served only at the address it was started on: open it from there.")


class Guard:
    """Sign-in and form tokens for one running server."""

    def __init__(self, settings: WebSettings, listening_on: str):
        self.settings = settings
        self.local_only = is_loopback(listening_on) and not settings.signs_in
        self._secret = secrets.token_bytes(32)
        self._signed_in: dict[str, str] = {}  # SHA-256 of an Authorization header already checked -> its user
        self._hashing = anyio.CapacityLimiter(2)  # a scrypt check takes 128 MiB: two at a time

    def host_allowed(self, header: str) -> bool:
        name = host_name(header).lower()
        if self.settings.hosts:
            return name in (h.lower() for h in self.settings.hosts) or is_loopback(name)
        return is_loopback(name) if self.local_only else True

    async def user(self, scope: Scope) -> str | Denial | None:
        """The signed-in user; None when no sign-in is configured (this computer only)."""
        headers = Headers(scope=scope)
        client = scope.get("client")
        header = self.settings.user_header
        if header and client and client[0] in self.settings.trusted_proxies and headers.get(header, "").strip():
            return headers[header].strip()
        if self.settings.users:
            return await self._basic(headers.get("authorization", "")) or SIGN_IN
        return PROXY_ONLY if header else None

    async def _basic(self, authorization: str) -> str | None:
        scheme, _, encoded = authorization.partition(" ")
        if scheme.lower() != "basic" or not encoded:
            return None
        key = hashlib.sha256(authorization.encode("utf-8")).hexdigest()
        if key in self._signed_in:
            return self._signed_in[key]
        try:
            name, _, password = base64.b64decode(encoded.strip(), validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None
        stored = self.settings.users.get(name)
        if stored is None or not await anyio.to_thread.run_sync(matches, password, stored, limiter=self._hashing):
            return None
        if len(self._signed_in) > 1000:  # a long-running server: forget the oldest sign-ins
            self._signed_in.clear()
        self._signed_in[key] = name
        return name

    def form_token(self, cookie: str | None, user: str | None) -> tuple[str, str | None]:
        """The token a form carries, and a new cookie to set when the browser has none."""
        fresh = None if cookie and len(cookie) == 43 else secrets.token_urlsafe(32)
        return self._sign(fresh or cookie or "", user), fresh

    def form_allowed(self, cookie: str | None, user: str | None, token: str, fetch_site: str | None) -> bool:
        if fetch_site not in (None, "same-origin", "none"):
            return False
        return bool(cookie) and hmac.compare_digest(self._sign(cookie or "", user), token)

    def _sign(self, cookie: str, user: str | None) -> str:
        return hmac.new(self._secret, f"{cookie}|{user or ''}".encode("utf-8"), hashlib.sha256).hexdigest()


Refuse = Callable[[Denial], ASGIApp]


class Gate:
    """ASGI middleware: the host and the sign-in checked before anything else, the user put in
    `scope["state"]["user"]`, and the security headers added to every answer."""

    def __init__(self, app: ASGIApp, guard: Guard, refuse: Refuse):
        self.app, self.guard, self.refuse = app, guard, refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.extend(SECURITY_HEADERS)
                if not any(name == b"cache-control" for name, _ in headers):
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        if not self.guard.host_allowed(Headers(scope=scope).get("host", "")):
            await self.refuse(WRONG_HOST)(scope, receive, secured)
            return
        user = await self.guard.user(scope)
        if isinstance(user, Denial):
            await self.refuse(user)(scope, receive, secured)
            return
        scope.setdefault("state", {})["user"] = user
        await self.app(scope, receive, secured)
