"""A throwaway certificate authority for 127.0.0.1 and a threaded HTTPS server built on it.

msal only accepts an ``https://`` authority (``msal.authority.canonicalize`` raises ValueError for
anything else), so the fake token endpoint has to speak TLS. The fakes share one CA: a client
trusts it by passing ``ca_file`` (``verify=`` for msal and requests, ``cafile=`` for ssl).
"""

from __future__ import annotations

import datetime
import ipaddress
import json
import ssl
import sys
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Self

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


@dataclass(frozen=True)
class LocalCA:
    """PEM files: ``ca_file`` is what clients trust; ``cert_file``/``key_file`` serve 127.0.0.1."""

    ca_file: Path
    cert_file: Path
    key_file: Path

    def server_context(self) -> ssl.SSLContext:
        """A server-side TLS context presenting the 127.0.0.1 certificate."""
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert_file, self.key_file)
        return context

    def client_context(self) -> ssl.SSLContext:
        """A client-side context that trusts only this CA (hostname checking stays on)."""
        return ssl.create_default_context(cafile=str(self.ca_file))


def make_local_ca(folder: Path) -> LocalCA:
    """Write a CA and a leaf certificate for 127.0.0.1/localhost/::1 into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC)
    valid_from, valid_to = now - datetime.timedelta(hours=1), now + datetime.timedelta(days=2)

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "tests.fakes local CA")])
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca_cert = (
        x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
        .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(valid_from).not_valid_after(valid_to)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=False, content_commitment=False, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(ca_ski, critical=False)
        .sign(ca_key, hashes.SHA256())
    )

    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(valid_from).not_valid_after(valid_to)
        .add_extension(x509.SubjectAlternativeName([
            x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
            x509.IPAddress(ipaddress.ip_address("::1")),
            x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False)
        .sign(ca_key, hashes.SHA256())
    )

    pem = serialization.Encoding.PEM
    ca = LocalCA(folder / "ca.pem", folder / "server.pem", folder / "server-key.pem")
    ca.ca_file.write_bytes(ca_cert.public_bytes(pem))
    ca.cert_file.write_bytes(cert.public_bytes(pem))
    ca.key_file.write_bytes(key.private_bytes(
        pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return ca


class JsonHandler(BaseHTTPRequestHandler):
    """Request handler with helpers for JSON replies; subclasses route in ``do_GET`` etc."""

    server: LocalHTTPSServer
    protocol_version = "HTTP/1.1"  # keep-alive, as requests.Session expects

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet; the fakes record what they need themselves."""

    def read_body(self) -> bytes:
        """The request body, by Content-Length (no chunked uploads are expected)."""
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def reply(self, status: int, body: bytes = b"", content_type: str = "application/json",
              headers: dict[str, str] | None = None) -> None:
        """Send a complete response."""
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if body or status not in (201, 202, 204):
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def reply_json(self, status: int, payload: object,
                   headers: dict[str, str] | None = None) -> None:
        """Send ``payload`` as JSON."""
        self.reply(status, json.dumps(payload).encode(), headers=headers)


class Served:
    """A fake used with ``with``: started on entry, stopped on exit (subclasses give both)."""

    def start(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class LocalHTTPSServer(ThreadingHTTPServer):
    """A threaded HTTPS server on 127.0.0.1 and a random port, run in a daemon thread."""

    daemon_threads = True

    def __init__(self, handler: type[JsonHandler], ca: LocalCA) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self._tls = ca.server_context()
        self._thread: threading.Thread | None = None

    def get_request(self) -> tuple[Any, Any]:
        """Accept, deferring the TLS handshake to the request's own thread."""
        sock, address = self.socket.accept()
        return self._tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), address

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that distrusts the certificate or hangs up is not a server error."""
        error = sys.exc_info()[1]
        if not isinstance(error, (ssl.SSLError, ConnectionError)):
            super().handle_error(request, client_address)

    @property
    def base_url(self) -> str:
        """``https://127.0.0.1:<port>``."""
        return f"https://127.0.0.1:{self.server_address[1]}"

    def start(self) -> None:
        """Serve in a background thread."""
        self._thread = threading.Thread(target=self.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self.shutdown()
        self.server_close()
        if self._thread is not None:
            self._thread.join()


@dataclass(frozen=True)
class AppCertificate:
    """An app registration's certificate credential: ``certificate`` is the public part an admin
    uploads; ``pem`` holds the private key and the certificate, ``pfx`` the same as PKCS#12."""

    certificate: x509.Certificate
    pem: Path
    pfx: Path


def make_app_certificate(folder: Path, name: str = "app", password: str | None = None) -> AppCertificate:
    """A self-signed RSA certificate for a client assertion (msal signs it PS256), written as
    ``<name>.pem`` (key, encrypted with ``password`` if given, then certificate) and ``<name>.pfx``."""
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12

    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"tests.fakes {name}")])
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(hours=1))
            .not_valid_after(now + datetime.timedelta(days=2))
            .sign(key, hashes.SHA256()))
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password.encode()) if password
        else serialization.NoEncryption())
    pem = serialization.Encoding.PEM
    made = AppCertificate(cert, folder / f"{name}.pem", folder / f"{name}.pfx")
    made.pem.write_bytes(key.private_bytes(pem, serialization.PrivateFormat.PKCS8, encryption)
                         + cert.public_bytes(pem))
    made.pfx.write_bytes(pkcs12.serialize_key_and_certificates(
        name.encode(), key, cert, None, encryption))
    return made
