"""The Microsoft 365 fakes driven by the example clients, end to end on 127.0.0.1.

Each test starts its own fake Entra (HTTPS), SMTP server and Graph (HTTPS) on random ports. A
guard makes any name lookup other than loopback fail and records it, so no test can reach the
internet unnoticed. Tests named ``test_pin_*`` pin behaviour of msal or requests that the notes
(docs/ms365-notes.md) rely on.
"""

from __future__ import annotations

import base64
import random
import smtplib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import msal  # type: ignore[import-untyped]
import pytest
import requests

from tests.fakes import clients_example as client
from tests.fakes.entra import EXCHANGE, GRAPH, ClientApp, FakeEntra
from tests.fakes.fixtures import OfflineGuard, ca, offline  # noqa: F401 - fixtures
from tests.fakes.graph import RANGE_UNIT, FakeGraph
from tests.fakes.local_tls import (
    AppCertificate,
    LocalCA,
    make_app_certificate,
    make_local_ca,
)
from tests.fakes.smtp_xoauth2 import FakeExchangeSmtp

SMTP_APP, GRAPH_APP = "6e2f7b1c-0d5a-4c1e-9a52-1f5a2d3c4b01", "6e2f7b1c-0d5a-4c1e-9a52-1f5a2d3c4b02"
SEND_ONLY_APP, NO_CONSENT_APP = "6e2f...-send-only", "6e2f...-no-consent"
SECRET = "Qx8~fake-secret-value"
MAILBOX, OTHER = "reports@contoso.example", "ceo@contoso.example"
PDF = b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"


def apps() -> list[ClientApp]:
    return [ClientApp(SMTP_APP, SECRET, {EXCHANGE: ("SMTP.SendAsApp",)}),
            ClientApp(GRAPH_APP, SECRET, {GRAPH: ("Mail.Send", "Mail.ReadWrite")}),
            ClientApp(SEND_ONLY_APP, SECRET, {GRAPH: ("Mail.Send",)}),
            ClientApp(NO_CONSENT_APP, SECRET)]


@pytest.fixture
def entra(ca: LocalCA) -> Iterator[FakeEntra]:
    with FakeEntra(ca, apps()) as fake:
        yield fake


@pytest.fixture
def smtp(entra: FakeEntra) -> Iterator[FakeExchangeSmtp]:
    with FakeExchangeSmtp(entra, {MAILBOX: [SMTP_APP], OTHER: []}) as fake:
        yield fake


@pytest.fixture
def graph(ca: LocalCA, entra: FakeEntra) -> Iterator[FakeGraph]:
    with FakeGraph(ca, entra, [MAILBOX]) as fake:
        yield fake


def token(entra: FakeEntra, ca: LocalCA, app_id: str, scope: str, secret: str = SECRET) -> str:
    return client.get_token(client.make_app(entra.authority, app_id, secret, str(ca.ca_file)), scope)


def said(error: smtplib.SMTPResponseException) -> bytes:
    """The server's reply text (smtplib keeps it as bytes)."""
    assert isinstance(error.smtp_error, bytes)
    return error.smtp_error


def report(sender: str = MAILBOX) -> Any:
    return client.build_message(sender, ["clerk@council.example"], "Committee appendix",
                                "Attached.", [("appendix.pdf", "application/pdf", PDF)])


# --- Entra and msal ---------------------------------------------------------------------------

def test_msal_gets_an_app_only_token_and_then_uses_its_cache(entra: FakeEntra, ca: LocalCA) -> None:
    app = client.make_app(entra.authority, SMTP_APP, SECRET, str(ca.ca_file))
    first = client.get_token(app, client.EXCHANGE_SCOPE)
    assert client.get_token(app, client.EXCHANGE_SCOPE) == first
    assert entra.token_request_count == 1
    sent = entra.token_requests[0]
    assert sent.status == 200 and sent.tenant == entra.tenant_id
    assert sent.form == {"client_id": SMTP_APP, "grant_type": "client_credentials",
                         "client_secret": "***", "client_info": "1",
                         "scope": "https://outlook.office365.com/.default"}
    assert sent.headers["x-client-sku"] == "MSAL.Python" and "client-request-id" in sent.headers
    assert entra.discovery_requests == [f"/{entra.tenant_id}/v2.0/.well-known/openid-configuration"]
    issued = entra.validate(first)
    assert issued is not None and issued.audience == EXCHANGE
    assert issued.roles == ("SMTP.SendAsApp",)


def test_wrong_secret_gives_AADSTS7000215(entra: FakeEntra, ca: LocalCA) -> None:
    with pytest.raises(client.TokenError) as refused:
        token(entra, ca, SMTP_APP, client.EXCHANGE_SCOPE, secret="the secret's ID, not its value")
    assert refused.value.error == "invalid_client" and refused.value.codes == [7000215]
    assert "AADSTS7000215: Invalid client secret provided." in str(refused.value)
    assert entra.token_requests[-1].status == 401


@pytest.mark.parametrize(("app_id", "scope", "error", "code"), [
    ("00000000-0000-0000-0000-00000000dead", client.EXCHANGE_SCOPE, "unauthorized_client", 700016),
    (SMTP_APP, "https://outlook.office365.com/SMTP.SendAsApp", "invalid_scope", 1002012),
    (SMTP_APP, "https://example.invalid/.default", "invalid_resource", 500011),
])
def test_unknown_app_and_wrong_scopes_get_entra_errors(
        entra: FakeEntra, ca: LocalCA, app_id: str, scope: str, error: str, code: int) -> None:
    with pytest.raises(client.TokenError) as refused:
        token(entra, ca, app_id, scope)
    assert (refused.value.error, refused.value.codes) == (error, [code])
    assert entra.token_requests[-1].status == 400


def test_a_certificate_credential_is_checked(ca: LocalCA, tmp_path: Path) -> None:
    mine, other = make_app_certificate(tmp_path / "mine"), make_app_certificate(tmp_path / "other")

    def credential(made: AppCertificate) -> dict[str, str]:
        pem = made.pem.read_text()
        return {"private_key": pem, "public_certificate": pem[pem.index("-----BEGIN CERTIFICATE"):]}

    apps = [ClientApp(SMTP_APP, SECRET, {EXCHANGE: ("SMTP.SendAsApp",)}, certificate=mine.certificate)]
    with FakeEntra(ca, apps) as fake:
        def sign_in(made: AppCertificate) -> dict[str, Any]:
            app = msal.ConfidentialClientApplication(
                SMTP_APP, client_credential=credential(made), authority=fake.authority,
                instance_discovery=False, verify=str(ca.ca_file))
            result: dict[str, Any] = app.acquire_token_for_client(scopes=[client.EXCHANGE_SCOPE])
            return result
        token = sign_in(mine)["access_token"]
        assert fake.token_requests[0].form["client_assertion"] == "***"
        assert (issued := fake.validate(token)) is not None and issued.roles == ("SMTP.SendAsApp",)
        assert sign_in(other)["error_codes"] == [700027]


def test_consent_error_can_be_asked_for(ca: LocalCA) -> None:
    with (FakeEntra(ca, [ClientApp(SMTP_APP, SECRET, consent_error=True)]) as fake,
          pytest.raises(client.TokenError) as refused):
        token(fake, ca, SMTP_APP, client.EXCHANGE_SCOPE)
    assert (refused.value.error, refused.value.codes) == ("invalid_grant", [65001])


def test_pin_msal_answers_a_repeated_http_400_from_its_own_cache(entra: FakeEntra,
                                                                 ca: LocalCA) -> None:
    app = client.make_app(entra.authority, "no-such-app", SECRET, str(ca.ca_file))
    for _ in range(2):
        with pytest.raises(client.TokenError):
            client.get_token(app, client.EXCHANGE_SCOPE)
    assert entra.token_request_count == 1


def test_pin_msal_refetches_tokens_with_under_five_minutes_left(ca: LocalCA) -> None:
    with FakeEntra(ca, apps(), expires_in=240) as fake:
        app = client.make_app(fake.authority, SMTP_APP, SECRET, str(ca.ca_file))
        assert client.get_token(app, client.EXCHANGE_SCOPE) != client.get_token(
            app, client.EXCHANGE_SCOPE)
        assert fake.token_request_count == 2


def test_pin_msal_needs_an_https_authority() -> None:
    with pytest.raises(ValueError, match="https url"):
        msal.ConfidentialClientApplication("id", client_credential="s",
                                           authority="http://127.0.0.1:9/tenant",
                                           instance_discovery=False)


def test_pin_requests_ca_bundle_overrides_msal_verify(
        entra: FakeEntra, ca: LocalCA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(make_local_ca(tmp_path).ca_file))
    with pytest.raises(requests.exceptions.SSLError):
        client.make_app(entra.authority, SMTP_APP, SECRET, str(ca.ca_file))


def test_pin_instance_discovery_when_left_on(entra: FakeEntra, ca: LocalCA,
                                             offline: OfflineGuard) -> None:
    def app(secret: str) -> Any:
        return msal.ConfidentialClientApplication(
            SMTP_APP, client_credential=secret, authority=entra.authority,
            instance_discovery=entra.instance_discovery_endpoint, verify=str(ca.ca_file))
    assert client.get_token(app(SECRET), client.EXCHANGE_SCOPE)
    assert any(p.startswith("/common/discovery/instance?") for p in entra.discovery_requests)
    assert offline.attempts == []
    offline.expected = True  # on an error msal asks the public cloud for the host's aliases,
    with pytest.raises(requests.exceptions.ConnectionError):  # so offline the AADSTS error is lost
        client.get_token(app("wrong"), client.EXCHANGE_SCOPE)
    assert set(offline.attempts) == {"login.microsoftonline.com"}  # tried twice: one retry
    assert entra.token_requests[-1].error_codes == (7000215,)


# --- SMTP AUTH XOAUTH2 --------------------------------------------------------------------------

def test_xoauth2_login_delivers_the_message_and_attachment(
        entra: FakeEntra, smtp: FakeExchangeSmtp, ca: LocalCA) -> None:
    app = client.make_app(entra.authority, SMTP_APP, SECRET, str(ca.ca_file))
    for _ in range(2):
        access = client.get_token(app, client.EXCHANGE_SCOPE)
        client.send_smtp_xoauth2(smtp.host, smtp.port, MAILBOX, access, report())
    assert entra.token_request_count == 1  # the second send used msal's cached token
    assert len(smtp.messages) == 2
    received = smtp.messages[0]
    assert (received.login.mailbox, received.login.client_id) == (MAILBOX, SMTP_APP)
    assert received.rcpt_tos == ("clerk@council.example",)
    assert received.message["Subject"] == "Committee appendix"
    assert received.attachments() == {"appendix.pdf": PDF}


def test_xoauth2_over_starttls_and_in_two_steps(entra: FakeEntra, ca: LocalCA) -> None:
    access = token(entra, ca, SMTP_APP, client.EXCHANGE_SCOPE)
    with FakeExchangeSmtp(entra, {MAILBOX: [SMTP_APP]}, ca=ca) as fake:
        with smtplib.SMTP(fake.host, fake.port) as raw:
            raw.ehlo()
            assert not raw.has_extn("auth")  # like Exchange: AUTH only after STARTTLS
            raw.starttls(context=ca.client_context())
            raw.ehlo()
            assert raw.esmtp_features["auth"].split() == ["XOAUTH2"]
            assert raw.docmd("AUTH", "XOAUTH2") == (334, b"")
            blob = base64.b64encode(client.xoauth2_string(MAILBOX, access).encode()).decode()
            assert raw.docmd(blob)[0] == 235
        client.send_smtp_xoauth2(fake.host, fake.port, MAILBOX, access, report(), str(ca.ca_file))
        assert len(fake.messages) == 1


@pytest.mark.parametrize(("app_id", "scope", "mailbox"), [
    (SMTP_APP, client.EXCHANGE_SCOPE, OTHER),  # mailbox not granted to the app
    (GRAPH_APP, client.GRAPH_SCOPE, MAILBOX),  # a Graph token
    (NO_CONSENT_APP, client.EXCHANGE_SCOPE, MAILBOX),  # no SMTP.SendAsApp consented
])
def test_xoauth2_refusals_are_535_5_7_3(entra: FakeEntra, smtp: FakeExchangeSmtp, ca: LocalCA,
                                        app_id: str, scope: str, mailbox: str) -> None:
    access = token(entra, ca, app_id, scope)
    with pytest.raises(smtplib.SMTPAuthenticationError) as refused:
        client.send_smtp_xoauth2(smtp.host, smtp.port, mailbox, access, report(mailbox))
    assert refused.value.smtp_code == 535
    assert said(refused.value).startswith(b"5.7.3 Authentication unsuccessful")
    assert smtp.messages == []


def test_smtp_auth_disabled_for_the_mailbox_is_535_5_7_139(entra: FakeEntra, ca: LocalCA) -> None:
    access = token(entra, ca, SMTP_APP, client.EXCHANGE_SCOPE)
    with (FakeExchangeSmtp(entra, {MAILBOX: [SMTP_APP]}, smtp_auth_disabled=[MAILBOX]) as fake,
          pytest.raises(smtplib.SMTPAuthenticationError) as refused):
        client.send_smtp_xoauth2(fake.host, fake.port, MAILBOX, access, report())
    assert refused.value.smtp_code == 535
    assert b"5.7.139" in said(refused.value)
    assert b"disabled for the Mailbox" in said(refused.value)


def test_password_login_is_550_5_7_30(entra: FakeEntra) -> None:
    with (FakeExchangeSmtp(entra, {MAILBOX: [SMTP_APP]}, basic_auth_mechanisms=["LOGIN"]) as fake,
          smtplib.SMTP(fake.host, fake.port) as raw):
        raw.ehlo()
        assert raw.esmtp_features["auth"].split() == ["LOGIN", "XOAUTH2"]
        with pytest.raises(smtplib.SMTPAuthenticationError) as refused:
            raw.login(MAILBOX, "the old password")
    assert refused.value.smtp_code == 550
    assert said(refused.value).startswith(b"5.7.30 Basic authentication is not supported")


def test_sending_as_another_address_is_554_5_2_252(entra: FakeEntra, smtp: FakeExchangeSmtp,
                                                   ca: LocalCA) -> None:
    access = token(entra, ca, SMTP_APP, client.EXCHANGE_SCOPE)
    with pytest.raises(smtplib.SMTPDataError) as refused:
        client.send_smtp_xoauth2(smtp.host, smtp.port, MAILBOX, access, report(sender=OTHER))
    assert refused.value.smtp_code == 554 and b"SendAsDenied" in said(refused.value)
    assert smtp.messages == []


def test_mail_without_auth_is_530_5_7_57(smtp: FakeExchangeSmtp) -> None:
    with smtplib.SMTP(smtp.host, smtp.port) as raw:
        raw.ehlo()
        code, reply = raw.mail(MAILBOX)
    assert code == 530 and reply.startswith(b"5.7.57 Client not authenticated")


# --- Microsoft Graph ------------------------------------------------------------------------------

def test_graph_sendmail_with_a_small_attachment(entra: FakeEntra, graph: FakeGraph,
                                                ca: LocalCA) -> None:
    access = token(entra, ca, GRAPH_APP, client.GRAPH_SCOPE)
    route = client.send_graph(access, MAILBOX, ["clerk@council.example"], "Appendix", "Attached.",
                              [("appendix.pdf", "application/pdf", PDF)],
                              base_url=graph.base_url, ca_file=str(ca.ca_file))
    assert route == "sendMail" and len(graph.sent) == 1
    sent = graph.sent[0]
    assert (sent.user, sent.client_id, sent.subject, sent.to) == (
        MAILBOX, GRAPH_APP, "Appendix", ["clerk@council.example"])
    assert [(a.name, a.content_type, a.data) for a in sent.attachments] == [
        ("appendix.pdf", "application/pdf", PDF)]


def test_graph_large_attachment_goes_by_upload_session(entra: FakeEntra, graph: FakeGraph,
                                                       ca: LocalCA) -> None:
    big = random.Random(365).randbytes(5 * 1024 * 1024)
    access = token(entra, ca, GRAPH_APP, client.GRAPH_SCOPE)
    route = client.send_graph(access, MAILBOX, ["clerk@council.example"], "Pack", "Two files.",
                              [("appendix.pdf", "application/pdf", PDF),
                               ("tracker.xlsx", "application/octet-stream", big)],
                              base_url=graph.base_url, ca_file=str(ca.ca_file))
    assert route == "draft" and graph.drafts == {} and len(graph.sent) == 1
    assert {a.name: a.data for a in graph.sent[0].attachments} == {
        "appendix.pdf": PDF, "tracker.xlsx": big}
    (upload,) = graph.uploads.values()
    sizes = [end - start + 1 for start, end in upload.ranges]
    assert sum(sizes) == len(big) and upload.authorization_headers == 0
    assert all(s % RANGE_UNIT == 0 and s <= 4 * 1024 * 1024 for s in sizes[:-1])


def test_graph_large_attachments_need_mail_readwrite(entra: FakeEntra, graph: FakeGraph,
                                                     ca: LocalCA) -> None:
    access, http = token(entra, ca, SEND_ONLY_APP, client.GRAPH_SCOPE), requests.Session()
    files = [("tracker.xlsx", "application/octet-stream", bytes(4 * 1024 * 1024))]
    with pytest.raises(client.GraphError) as refused:
        client.send_graph(access, MAILBOX, ["clerk@council.example"], "Pack", "x", files,
                          base_url=graph.base_url, ca_file=str(ca.ca_file), session=http)
    assert (refused.value.status, refused.value.code) == (403, "ErrorAccessDenied")
    # the same kept-alive connection still works after the refusal
    assert client.send_graph(access, MAILBOX, ["clerk@council.example"], "Note", "x",
                             [("note.txt", "text/plain", b"hello")], base_url=graph.base_url,
                             ca_file=str(ca.ca_file), session=http) == "sendMail"
    assert graph.sent[0].attachments[0].data == b"hello"


@pytest.mark.parametrize(("app_id", "scope", "user", "status", "code"), [
    (SMTP_APP, client.EXCHANGE_SCOPE, MAILBOX, 401, "InvalidAuthenticationToken"),
    (GRAPH_APP, client.GRAPH_SCOPE, "nobody@contoso.example", 404, "ErrorInvalidUser"),
])
def test_graph_refusals(entra: FakeEntra, graph: FakeGraph, ca: LocalCA, app_id: str, scope: str,
                        user: str, status: int, code: str) -> None:
    access = token(entra, ca, app_id, scope)
    with pytest.raises(client.GraphError) as refused:
        client.send_graph(access, user, ["clerk@council.example"], "x", "x",
                          base_url=graph.base_url, ca_file=str(ca.ca_file))
    assert (refused.value.status, refused.value.code) == (status, code)


def test_upload_url_checks_sizes_and_ranges(entra: FakeEntra, graph: FakeGraph,
                                            ca: LocalCA) -> None:
    http, auth = requests.Session(), {"Authorization": "Bearer " + token(
        entra, ca, GRAPH_APP, client.GRAPH_SCOPE)}
    http.verify = str(ca.ca_file)
    user = f"{graph.base_url}/users/{MAILBOX}"
    draft = http.post(f"{user}/messages", json={"subject": "x"}, headers=auth).json()["id"]
    session_url = f"{user}/messages/{quote(draft, safe='')}/attachments/" \
                  "createUploadSession"
    small = http.post(session_url, headers=auth, json={"AttachmentItem": {
        "attachmentType": "file", "name": "small.bin", "size": 1024}})
    assert small.json()["error"]["code"] == "ErrorAttachmentSizeShouldNotBeLessThanMinimumSize"
    size = 4 * 1024 * 1024
    created = http.post(session_url, headers=auth, json={"AttachmentItem": {
        "attachmentType": "file", "name": "big.bin", "size": size}})
    assert created.status_code == 201 and created.json()["nextExpectedRanges"] == ["0-"]
    url = created.json()["uploadUrl"]

    def put(start: int, length: int, **extra: str) -> requests.Response:
        return http.put(url, data=bytes(length), headers={
            "Content-Type": "application/octet-stream",
            "Content-Range": f"bytes {start}-{start + length - 1}/{size}", **extra})
    assert put(RANGE_UNIT, RANGE_UNIT).status_code == 416  # not where the upload stands
    assert put(0, 1000).json()["error"]["code"] == "FakeRangeNotMultiple"
    assert put(0, RANGE_UNIT, **auth).json()["error"]["code"] == "FakeAuthorizationNotExpected"
    first = put(0, 10 * RANGE_UNIT)
    assert first.status_code == 200 and first.json()["nextExpectedRanges"] == [str(10 * RANGE_UNIT)]
    last = put(10 * RANGE_UNIT, size - 10 * RANGE_UNIT)
    assert last.status_code == 201 and "/Attachments('" in last.headers["Location"]
