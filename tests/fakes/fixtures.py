"""pytest fixtures for tests that use the Microsoft 365 fakes: no name lookups but loopback, and
one throwaway certificate authority per test session. Import them into a test module (``offline``
then applies to every test there)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest

from .local_tls import LocalCA, make_local_ca


class OfflineGuard:
    """Records name lookups of anything but loopback, and fails them."""

    def __init__(self) -> None:
        self.attempts: list[str] = []
        self.expected = False


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> Iterator[OfflineGuard]:
    guard, real = OfflineGuard(), socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name not in ("127.0.0.1", "localhost", "::1"):
            guard.attempts.append(name)
            raise socket.gaierror(socket.EAI_NONAME, f"offline test: no lookup of {name}")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    # requests lets these override msal's verify= (see test_pin_requests_ca_bundle_...).
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    yield guard
    assert guard.expected or guard.attempts == [], f"tried to look up {guard.attempts}"


@pytest.fixture(scope="session")
def ca(tmp_path_factory: pytest.TempPathFactory) -> LocalCA:
    return make_local_ca(tmp_path_factory.mktemp("ms365-ca"))
