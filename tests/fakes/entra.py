"""A local stand-in for the Microsoft Entra ID v2.0 endpoints that msal's client-credentials flow
calls: OpenID discovery, instance discovery and the token endpoint.

Request shapes follow "Microsoft identity platform and the OAuth 2.0 client credentials flow"
(learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow); error bodies
follow "Microsoft Entra authentication and authorization error codes". Tokens are opaque
strings, not JWTs: clients must not parse access tokens, and the resource fakes
(``smtp_xoauth2``, ``graph``) ask :meth:`FakeEntra.validate` what a token grants.
"""

from __future__ import annotations

import base64
import datetime
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote_plus, urlsplit

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes

from .local_tls import JsonHandler, LocalCA, LocalHTTPSServer, Served

EXCHANGE = "https://outlook.office365.com"
GRAPH = "https://graph.microsoft.com"
RESOURCES = (EXCHANGE, GRAPH)
JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


@dataclass
class ClientApp:
    """An app registration, its secret, and the application permissions an admin consented to.

    ``roles`` maps a resource (``EXCHANGE`` or ``GRAPH``) to the roles that end up in its tokens,
    e.g. ``{EXCHANGE: ("SMTP.SendAsApp",)}``. A resource missing here still gets a token, with no
    roles, as Entra does for client credentials without admin consent; set ``consent_error`` to
    answer AADSTS65001 instead. ``certificate`` is the public certificate uploaded to the app
    registration: a client assertion signed with its key is then accepted instead of the secret.
    """

    client_id: str
    secret: str
    roles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    display_name: str = "tests.fakes mailer"
    consent_error: bool = False
    certificate: x509.Certificate | None = None


@dataclass(frozen=True)
class IssuedToken:
    """What an access token stands for."""

    access_token: str
    client_id: str
    tenant_id: str
    audience: str
    roles: tuple[str, ...]
    expires_at: float


@dataclass(frozen=True)
class TokenRequest:
    """One POST to the token endpoint as received, with any secret replaced by ``***``."""

    tenant: str
    form: dict[str, str]
    headers: dict[str, str]
    status: int
    error_codes: tuple[int, ...] = ()


class EntraError(Exception):
    """An error answer: HTTP status, OAuth ``error``, AADSTS number and message."""

    def __init__(self, status: int, error: str, code: int, message: str) -> None:
        super().__init__(f"AADSTS{code}: {message}")
        self.status, self.error, self.code, self.message = status, error, code, message

    def body(self, correlation_id: str) -> dict[str, object]:
        """The JSON body Entra sends (error, error_description, error_codes, ids, error_uri)."""
        trace_id = str(uuid.uuid4())
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%SZ")
        return {
            "error": self.error,
            "error_description": f"AADSTS{self.code}: {self.message}\r\nTrace ID: {trace_id}"
                                 f"\r\nCorrelation ID: {correlation_id}\r\nTimestamp: {stamp}",
            "error_codes": [self.code], "timestamp": stamp, "trace_id": trace_id,
            "correlation_id": correlation_id,
            "error_uri": f"https://login.microsoftonline.com/error?code={self.code}",
        }


def _missing(name: str) -> EntraError:
    return EntraError(400, "invalid_request", 900144,
                      f"The request body must contain the following parameter: '{name}'.")


class FakeEntra(Served):
    """The fake tenant: its apps, the tokens issued, and every request seen.

    Use as a context manager or call :meth:`start`/:meth:`stop`. ``authority`` is what to give
    msal; ``expires_in`` is the lifetime of issued tokens in seconds (Entra's is ~3599).
    """

    def __init__(self, ca: LocalCA, apps: list[ClientApp], *, expires_in: int = 3599,
                 tenant_id: str = "9188040d-6c67-4c5b-b112-36a304b66dad",
                 tenant_name: str = "contoso.onmicrosoft.com") -> None:
        self.apps = {app.client_id: app for app in apps}
        self.expires_in = expires_in
        self.tenant_id, self.tenant_name = tenant_id, tenant_name
        self.token_requests: list[TokenRequest] = []
        self.discovery_requests: list[str] = []
        self._tokens: dict[str, IssuedToken] = {}
        self._lock = threading.Lock()
        self._server = LocalHTTPSServer(_EntraHandler, ca)
        self._server.entra = self  # type: ignore[attr-defined]

    def start(self) -> None:
        """Start serving on 127.0.0.1."""
        self._server.start()

    def stop(self) -> None:
        """Stop serving."""
        self._server.stop()

    @property
    def base_url(self) -> str:
        """``https://127.0.0.1:<port>``, standing in for ``https://login.microsoftonline.com``."""
        return self._server.base_url

    @property
    def authority(self) -> str:
        """The authority URL for msal: ``<base_url>/<tenant id>``."""
        return f"{self.base_url}/{self.tenant_id}"

    @property
    def token_endpoint(self) -> str:
        """The v2.0 token endpoint the discovery document points to."""
        return f"{self.base_url}/{self.tenant_id}/oauth2/v2.0/token"

    @property
    def instance_discovery_endpoint(self) -> str:
        """Stand-in for ``https://login.microsoftonline.com/common/discovery/instance``."""
        return f"{self.base_url}/common/discovery/instance"

    @property
    def token_request_count(self) -> int:
        """How many token requests arrived (successful or not)."""
        with self._lock:
            return len(self.token_requests)

    def validate(self, access_token: str) -> IssuedToken | None:
        """The grant behind ``access_token`` if this fake issued it and it has not expired."""
        with self._lock:
            issued = self._tokens.get(access_token)
        return issued if issued is not None and issued.expires_at > time.time() else None

    def openid_configuration(self) -> dict[str, object]:
        """The tenant's discovery document (the fields msal reads, and a few more)."""
        base, tid = self.base_url, self.tenant_id
        return {
            "token_endpoint": self.token_endpoint,
            "token_endpoint_auth_methods_supported":
                ["client_secret_post", "private_key_jwt", "client_secret_basic"],
            "jwks_uri": f"{base}/{tid}/discovery/v2.0/keys",
            "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
            "issuer": f"{base}/{tid}/v2.0",
            "authorization_endpoint": f"{base}/{tid}/oauth2/v2.0/authorize",
            "device_authorization_endpoint": f"{base}/{tid}/oauth2/v2.0/devicecode",
            "end_session_endpoint": f"{base}/{tid}/oauth2/v2.0/logout",
            "tenant_region_scope": "EU", "cloud_instance_name": "microsoftonline.com",
        }

    def known_tenant(self, tenant: str) -> bool:
        """Whether ``tenant`` (id or domain name) is this tenant."""
        return tenant.lower() in (self.tenant_id, self.tenant_name.lower())

    def issue(self, tenant: str, form: dict[str, str], basic: tuple[str, str] | None) -> IssuedToken:
        """Check a client-credentials request the way Entra does; raise EntraError if wrong."""
        if not self.known_tenant(tenant):
            raise EntraError(400, "invalid_request", 90002, f"Tenant '{tenant}' not found. Check "
                             "to make sure you have the correct tenant ID and are signing into "
                             "the correct cloud.")
        grant_type = form.get("grant_type")
        if not grant_type:
            raise _missing("grant_type")
        if grant_type != "client_credentials":
            raise EntraError(400, "unsupported_grant_type", 70003,
                             f"The app requested an unsupported grant type '{grant_type}'.")
        client_id = form.get("client_id") or (basic[0] if basic else "")
        if not client_id:
            raise _missing("client_id")
        app = self.apps.get(client_id)
        if app is None:
            raise EntraError(400, "unauthorized_client", 700016, f"Application with identifier "
                             f"'{client_id}' was not found in the directory '{self.tenant_name}'. "
                             "This can happen if the application has not been installed by the "
                             "administrator of the tenant or consented to by any user in the "
                             "tenant. You may have sent your authentication request to the wrong "
                             "tenant.")
        secret = form.get("client_secret") or (basic[1] if basic else None)
        if secret is None and form.get("client_assertion_type") == JWT_BEARER:
            self._check_assertion(app, form.get("client_assertion", ""))
        elif secret is None:
            raise EntraError(401, "invalid_client", 7000218, "The request body must contain the "
                             "following parameter: 'client_assertion' or 'client_secret'.")
        elif not secrets.compare_digest(secret.encode(), app.secret.encode()):
            raise EntraError(401, "invalid_client", 7000215, "Invalid client secret provided. "
                             "Ensure the secret being sent in the request is the client secret "
                             f"value, not the client secret ID, for a secret added to app "
                             f"'{client_id}'.")
        resource = self._resource(form.get("scope", ""))
        roles = app.roles.get(resource, ())
        if not roles and app.consent_error:
            raise EntraError(400, "invalid_grant", 65001, "The user or administrator has not "
                             f"consented to use the application with ID '{client_id}' named "
                             f"'{app.display_name}'. Send an interactive authorization request "
                             "for this user and resource.")
        token = IssuedToken("fake." + secrets.token_urlsafe(32), client_id, self.tenant_id,
                            resource, tuple(roles), time.time() + self.expires_in)
        with self._lock:
            self._tokens[token.access_token] = token
        return token

    def _check_assertion(self, app: ClientApp, assertion: str) -> None:
        """A certificate credential: a JWT naming the certificate by thumbprint (``x5t#S256``, or
        SHA-1 ``x5t``), signed with its key (PS256 or RS256), for this token endpoint, with the
        client as issuer and subject, and not expired."""
        refused = EntraError(401, "invalid_client", 700027, "Client assertion failed signature "
                             "validation, or the certificate used to sign it is not registered on "
                             f"application '{app.client_id}'.")
        if app.certificate is None:
            raise refused
        try:
            header = jwt.get_unverified_header(assertion)
        except jwt.PyJWTError:
            raise refused from None
        prints = {"x5t#S256": app.certificate.fingerprint(hashes.SHA256()),
                  "x5t": app.certificate.fingerprint(hashes.SHA1())}
        if not any(str(header.get(name, "")).rstrip("=")  # msal keeps base64's padding
                   == base64.urlsafe_b64encode(value).decode().rstrip("=") for name, value in prints.items()):
            raise refused
        try:
            claims = jwt.decode(assertion, app.certificate.public_key(),  # type: ignore[arg-type]
                                algorithms=["PS256", "RS256"], audience=self.token_endpoint,
                                issuer=app.client_id, options={"require": ["exp", "aud", "iss", "sub"]})
        except jwt.PyJWTError:
            raise refused from None
        if claims["sub"] != app.client_id:
            raise refused

    def _resource(self, scope: str) -> str:
        scopes = scope.split()
        if not scopes:
            raise _missing("scope")
        if not all(s.endswith("/.default") for s in scopes):
            raise EntraError(400, "invalid_scope", 1002012, f"The provided value for scope "
                             f"{scope} is not valid. Client credential flows must have a scope "
                             "value with /.default suffixed to the resource identifier "
                             "(application ID URI).")
        if len(scopes) > 1:
            raise EntraError(400, "invalid_scope", 700022, "The provided value for the input "
                             "parameter scope is not valid because it contains more than one "
                             "resource.")
        resource = scopes[0].removesuffix("/.default")
        if resource not in RESOURCES:
            raise EntraError(400, "invalid_resource", 500011, f"The resource principal named "
                             f"{resource} was not found in the tenant named {self.tenant_name}. "
                             "This can happen if the application has not been installed by the "
                             "administrator of the tenant or consented to by any user in the "
                             "tenant. You might have sent your authentication request to the "
                             "wrong tenant.")
        return resource

    def record(self, request: TokenRequest) -> None:
        """Keep a token request for assertions."""
        with self._lock:
            self.token_requests.append(request)


class _EntraHandler(JsonHandler):
    """Routes: discovery (GET) and the token endpoint (POST)."""

    @property
    def entra(self) -> FakeEntra:
        return self.server.entra  # type: ignore[attr-defined, no-any-return]

    def do_GET(self) -> None:
        """OpenID configuration and instance discovery."""
        url = urlsplit(self.path)
        parts = url.path.strip("/").split("/")
        self.entra.discovery_requests.append(self.path)
        if url.path == "/common/discovery/instance":
            self._instance_discovery(parse_qs(url.query))
        elif len(parts) == 4 and parts[1:] == ["v2.0", ".well-known", "openid-configuration"]:
            if self.entra.known_tenant(parts[0]):
                self.reply_json(200, self.entra.openid_configuration())
            else:
                error = EntraError(400, "invalid_tenant", 90002, f"Tenant '{parts[0]}' not found.")
                self.reply_json(400, error.body(str(uuid.uuid4())))
        else:
            self.reply_json(404, {"error": "not_found", "path": url.path})

    def _instance_discovery(self, query: dict[str, list[str]]) -> None:
        endpoint = urlsplit(query.get("authorization_endpoint", [""])[0])
        ours = urlsplit(self.entra.base_url).netloc
        if endpoint.hostname != "127.0.0.1":  # msal sends the host without the port
            error = EntraError(400, "invalid_instance", 50049, "Unknown or invalid instance.")
            self.reply_json(400, error.body(str(uuid.uuid4())))
            return
        tenant = endpoint.path.strip("/").split("/")[0]
        self.reply_json(200, {
            "tenant_discovery_endpoint":
                f"{self.entra.base_url}/{tenant}/v2.0/.well-known/openid-configuration",
            "api-version": "1.1",
            "metadata": [{"preferred_network": ours, "preferred_cache": ours, "aliases": [ours]}],
        })

    def do_POST(self) -> None:
        """The token endpoint: ``/{tenant}/oauth2/v2.0/token``."""
        body = self.read_body()  # read it all, even to refuse: the connection is kept alive
        parts = urlsplit(self.path).path.strip("/").split("/")
        if len(parts) != 4 or parts[1:] != ["oauth2", "v2.0", "token"]:
            self.reply_json(404, {"error": "not_found"})
            return
        form = {k: v[0] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()}
        basic = self._basic_credentials()
        correlation_id = self.headers.get("client-request-id") or str(uuid.uuid4())
        seen = {k: ("***" if k in ("client_secret", "client_assertion") else v)
                for k, v in form.items()}
        headers = {k.lower(): v for k, v in self.headers.items() if k.lower() != "authorization"}
        content_type = self.headers.get("Content-Type", "")
        try:
            if not content_type.startswith("application/x-www-form-urlencoded"):
                raise EntraError(400, "invalid_request", 900144, "The request body must contain "
                                 "the following parameter: 'grant_type'.")
            token = self.entra.issue(parts[0], form, basic)
        except EntraError as error:
            self.entra.record(TokenRequest(parts[0], seen, headers, error.status, (error.code,)))
            self.reply_json(error.status, error.body(correlation_id))
            return
        self.entra.record(TokenRequest(parts[0], seen, headers, 200))
        self.reply_json(200, {"token_type": "Bearer", "expires_in": self.entra.expires_in,
                              "ext_expires_in": self.entra.expires_in,
                              "access_token": token.access_token},
                        headers={"Cache-Control": "no-store, no-cache", "Pragma": "no-cache"})

    def _basic_credentials(self) -> tuple[str, str] | None:
        """client_id and secret from ``Authorization: Basic`` (RFC 6749 2.3.1), if sent."""
        value = self.headers.get("Authorization", "")
        if not value.startswith("Basic "):
            return None
        user, _, password = base64.b64decode(value[6:]).decode().partition(":")
        return unquote_plus(user), unquote_plus(password)
