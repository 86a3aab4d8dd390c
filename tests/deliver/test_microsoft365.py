"""Sending through Microsoft 365 without a password, end to end on 127.0.0.1: a token endpoint
that issues app-only tokens for the right client credentials and scope (tests/fakes/entra.py), an
SMTP server that takes only AUTH XOAUTH2 after STARTTLS with the right mailbox and token
(smtp_xoauth2.py), and Microsoft Graph (graph.py). Every refusal must be one sentence naming the
step that is likely missing, and no secret may appear anywhere."""

from __future__ import annotations

import os
import random
import re
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.deliver import email
from pipeline.deliver.mailconfig import ENVIRONMENT
from pipeline.deliver.service import Delivery, send_appendix
from pipeline.model import ConfigError
from tests import runs
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
SEND_ONLY_APP, NO_CONSENT_APP, CERT_APP = "app-send-only", "app-no-consent", "app-with-certificate"
SECRET, WRONG = "Qx8~the-real-secret-value", "9fe1c2d3-the-secret-id-not-its-value"
MAILBOX, OTHER = "performance.reports@council.example", "chief.executive@council.example"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class Microsoft365:
    """The fakes, and what the pipeline was told."""

    ca: LocalCA
    entra: FakeEntra
    exchange: FakeExchangeSmtp
    graph: FakeGraph
    certificate: AppCertificate
    monkeypatch: pytest.MonkeyPatch

    def start(self) -> None:
        """PIPELINE_SMTP_* for XOAUTH2 against the fakes."""
        self.settings(AUTH="oauth2", TENANT=self.entra.tenant_id, CLIENT_ID=SMTP_APP, CLIENT_SECRET=SECRET,
                      USER=MAILBOX, TOKEN_URL=self.entra.base_url, HOST=self.exchange.host,
                      PORT=str(self.exchange.port), CAFILE=str(self.ca.ca_file),
                      GRAPH_URL=self.graph.base_url.removesuffix("/v1.0"))

    def settings(self, **values: str) -> None:
        """Set PIPELINE_SMTP_<NAME> to each value ("" removes it)."""
        for name, value in values.items():
            if value:
                self.monkeypatch.setenv(f"PIPELINE_SMTP_{name}", value)
            else:
                self.monkeypatch.delenv(f"PIPELINE_SMTP_{name}", raising=False)


@pytest.fixture
def m365(ca: LocalCA, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory,
         offline: OfflineGuard) -> Iterator[Microsoft365]:
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    # requests would trust this bundle instead of the council's CA file: the pipeline must not let it
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(make_local_ca(tmp_path_factory.mktemp("other-ca")).ca_file))
    certificate = make_app_certificate(tmp_path_factory.mktemp("app-certificate"), password="pfx-password")
    apps = [ClientApp(SMTP_APP, SECRET, {EXCHANGE: ("SMTP.SendAsApp",)}),
            ClientApp(GRAPH_APP, SECRET, {GRAPH: ("Mail.Send", "Mail.ReadWrite")}),
            ClientApp(SEND_ONLY_APP, SECRET, {GRAPH: ("Mail.Send",)}),
            ClientApp(NO_CONSENT_APP, SECRET),
            ClientApp(CERT_APP, "unused", {EXCHANGE: ("SMTP.SendAsApp",)}, certificate=certificate.certificate)]
    with FakeEntra(ca, apps) as entra, \
            FakeExchangeSmtp(entra, {MAILBOX: [SMTP_APP, CERT_APP, NO_CONSENT_APP], OTHER: []}, ca=ca,
                             basic_auth_mechanisms=["LOGIN"]) as exchange, \
            FakeGraph(ca, entra, [MAILBOX]) as graph:
        rig = Microsoft365(ca, entra, exchange, graph, certificate, monkeypatch)
        rig.start()
        yield rig


@pytest.fixture
def appendix(tracker, tmp_path: Path) -> Path:
    return runs.built(tracker("improvement_sheets"), tmp_path / "out").appendix


def send(appendix: Path, to: str = "clerk@council.example") -> tuple[int, str]:
    result = CliRunner().invoke(main, ["send", str(appendix), "--to", to, "--out", str(appendix.parent)])
    return result.exit_code, result.output


def refusal(output: str) -> str:
    """The one sentence saying why, from `APPENDIX: failed: WHY The message is kept in FILE.`"""
    said = output.strip()
    assert said.count("\n") == 0 and ": failed: " in said, said
    reason = said.split(": failed: ", 1)[1].split(" The message is kept in ")[0]
    assert reason.endswith(".") and reason.count(". ") == 0, reason
    return reason


def no_secret_anywhere(output: str, folder: Path) -> None:
    files = [p for p in folder.rglob("*") if p.is_file()]
    for secret in (SECRET, WRONG, "pfx-password"):
        assert secret not in output
        for path in files:
            assert secret.encode() not in path.read_bytes(), path
    with sqlite3.connect(folder / "pipeline-runs.sqlite") as db:
        assert not [row for row in db.execute("SELECT detail FROM emails") if SECRET in str(row)]


def test_the_appendix_arrives_through_xoauth2_and_the_token_is_reused(m365: Microsoft365, appendix: Path) -> None:
    assert send(appendix) == (0, f"{appendix.name}: sent: to clerk@council.example\n")
    assert send(appendix, "chair@council.example")[0] == 0
    [first, second] = m365.exchange.messages
    assert (first.login.mailbox, first.login.client_id) == (MAILBOX, SMTP_APP)
    assert first.mail_from == MAILBOX and first.message["From"] == MAILBOX  # from defaults to the mailbox
    assert first.rcpt_tos == ("clerk@council.example",) and second.rcpt_tos == ("chair@council.example",)
    assert first.attachments() == {appendix.name: appendix.read_bytes()}
    assert [r.form["scope"] for r in m365.entra.token_requests] == ["https://outlook.office365.com/.default"]
    assert m365.entra.token_requests[0].form["client_secret"] == "***"  # sent (and masked by the fake)
    assert m365.exchange.handler.login_replies == [(MAILBOX, "235 2.7.0 Authentication successful")] * 2


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_the_pdf_goes_with_the_docx_through_xoauth2(m365: Microsoft365, tracker, tmp_path: Path) -> None:
    out = tmp_path / "out"
    built = runs.built(tracker("improvement_sheets"), out, pdf=True)
    assert send(built.appendix)[0] == 0
    [received] = m365.exchange.messages
    pdf = next(out.glob("*.pdf"))
    assert received.attachments() == {pdf.with_suffix(".docx").name: pdf.with_suffix(".docx").read_bytes(),
                                      pdf.name: pdf.read_bytes()}
    assert [p.get_content_type() for p in received.message.iter_attachments()] == [DOCX_TYPE, "application/pdf"]


def test_a_wrong_secret_is_refused_in_one_sentence_that_names_no_secret(m365: Microsoft365,
                                                                        appendix: Path) -> None:
    m365.settings(CLIENT_SECRET=WRONG)
    code, output = send(appendix)
    assert code == 2
    assert refusal(output) == (
        f"Microsoft 365 refused to sign in the app {SMTP_APP} (AADSTS7000215): set PIPELINE_SMTP_CLIENT_SECRET "
        "to the secret's Value (not its Secret ID) from the app registration's Certificates & secrets "
        "(see docs/email.md).")
    assert m365.exchange.messages == [] and m365.entra.token_requests[-1].error_codes == (7000215,)
    no_secret_anywhere(output, appendix.parent)


@pytest.mark.parametrize(("change", "expected"), [
    ({"CLIENT_ID": "00000000-0000-0000-0000-00000000dead"},
     "(AADSTS700016): set client_id to the Application (client) ID, and tenant to the Directory (tenant) ID"),
    ({"TENANT": "not-our-council.example"},
     "does not know the tenant 'not-our-council.example': set tenant to the Directory (tenant) ID"),
    ({"CLIENT_ID": NO_CONSENT_APP},
     "the likely missing step is the mailbox permission (the app's service principal registered in Exchange"),
    ({"USER": OTHER, "CLIENT_ID": SMTP_APP},
     f"given {OTHER} with Add-MailboxPermission), or else the SMTP.SendAsApp application permission"),
])
def test_each_missing_set_up_step_is_named(m365: Microsoft365, appendix: Path, change: dict[str, str],
                                           expected: str) -> None:
    m365.settings(**change)
    code, output = send(appendix)
    assert code == 2 and expected in refusal(output)
    assert m365.exchange.messages == []
    no_secret_anywhere(output, appendix.parent)


def test_a_consent_refused_at_sign_in_is_named(m365: Microsoft365, appendix: Path) -> None:
    m365.entra.apps[SMTP_APP] = ClientApp(SMTP_APP, SECRET, consent_error=True)
    assert "(AADSTS65001): grant admin consent for the app's API permissions" in refusal(send(appendix)[1])


@pytest.mark.parametrize("level", ["Mailbox", "Tenant"])
def test_smtp_auth_turned_off_is_named(m365: Microsoft365, appendix: Path, level: str) -> None:
    with FakeExchangeSmtp(m365.entra, {MAILBOX: [SMTP_APP]}, ca=m365.ca,
                          smtp_auth_disabled=[MAILBOX] if level == "Mailbox" else [],
                          tenant_smtp_auth_disabled=level == "Tenant") as exchange:
        m365.settings(PORT=str(exchange.port))
        said = refusal(send(appendix)[1])
    assert said.startswith(f"Microsoft 365 refused to let the app sign in to {MAILBOX} by SMTP (535 5.7.139): "
                           "SMTP AUTH is turned off for ")
    assert f"Set-CASMailbox -Identity {MAILBOX} -SmtpClientAuthenticationDisabled $false" in said
    assert ("the whole organisation" in said) == (level == "Tenant")


def test_a_password_after_basic_authentication_is_gone_is_told_to_use_oauth2(m365: Microsoft365,
                                                                              appendix: Path) -> None:
    m365.settings(AUTH="password", CLIENT_SECRET="", PASSWORD="the old password", SECURITY="starttls")
    assert refusal(send(appendix)[1]) == (
        f"Microsoft 365 no longer takes a password for {MAILBOX} (550 5.7.30): set auth = \"oauth2\" and the app "
        "registration's tenant and client_id (see docs/email.md).")


def test_sending_as_another_address_is_named(m365: Microsoft365, appendix: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIPELINE_MAIL_FROM", OTHER)
    assert refusal(send(appendix)[1]) == (
        f"Microsoft 365 will not let {MAILBOX} send as {OTHER} (554 5.2.252 SendAsDenied): set from to {MAILBOX}, "
        "or leave it out.")


@pytest.mark.parametrize("kind", ["pem", "pfx"])
def test_a_certificate_instead_of_a_secret(m365: Microsoft365, appendix: Path, kind: str) -> None:
    m365.settings(CLIENT_ID=CERT_APP, CLIENT_SECRET="", CERTIFICATE=str(getattr(m365.certificate, kind)),
                  CERTIFICATE_PASSWORD="pfx-password")
    assert send(appendix)[0] == 0
    [received] = m365.exchange.messages
    assert received.login.client_id == CERT_APP
    assert "client_secret" not in m365.entra.token_requests[0].form
    assert m365.entra.token_requests[0].form["client_assertion"] == "***"


def test_a_certificate_not_uploaded_or_not_opened_is_named(m365: Microsoft365, appendix: Path,
                                                           tmp_path: Path) -> None:
    stranger = make_app_certificate(tmp_path / "stranger")
    m365.settings(CLIENT_ID=CERT_APP, CLIENT_SECRET="", CERTIFICATE=str(stranger.pem))
    assert "(AADSTS700027): upload the certificate (its public part, a .cer) to the app registration" in refusal(
        send(appendix)[1])
    m365.settings(CERTIFICATE=str(m365.certificate.pfx), CERTIFICATE_PASSWORD="not its password")
    said = refusal(send(appendix)[1])
    assert said.startswith(f"The certificate file {m365.certificate.pfx} could not be opened: it must hold")
    assert "not its password" not in said and m365.exchange.messages == []


def test_the_token_url_may_name_the_token_endpoint_in_full(m365: Microsoft365, appendix: Path) -> None:
    m365.settings(TOKEN_URL=m365.entra.token_endpoint, TENANT="ignored-when-the-address-names-it")
    assert send(appendix)[0] == 0 and len(m365.exchange.messages) == 1


def test_the_councils_certificate_authority_is_needed_to_trust_the_sign_in(m365: Microsoft365,
                                                                           appendix: Path) -> None:
    m365.settings(CAFILE="")  # REQUESTS_CA_BUNDLE names another authority: it must not be trusted
    said = refusal(send(appendix)[1])
    assert said.startswith(f"The Microsoft sign-in at {m365.entra.base_url} could not be trusted")


# --- Microsoft Graph ------------------------------------------------------------------------------

def graph(m365: Microsoft365, client_id: str = GRAPH_APP) -> None:
    m365.settings(TRANSPORT="graph", AUTH="", CLIENT_ID=client_id, HOST="", PORT="")


def test_graph_sends_the_appendix_in_one_sendmail(m365: Microsoft365, appendix: Path) -> None:
    graph(m365)
    assert send(appendix)[0] == 0
    [sent] = m365.graph.sent
    assert (sent.route, sent.user, sent.client_id, sent.to) == ("sendMail", MAILBOX, GRAPH_APP,
                                                                 ["clerk@council.example"])
    assert sent.body_type == "HTML" and "Please find attached" in sent.body and sent.save_to_sent_items
    assert sent.subject == "Continuous Improvement Plan: progress at January 2026"
    assert [(a.name, a.content_type, a.data) for a in sent.attachments] == [
        (appendix.name, DOCX_TYPE, appendix.read_bytes())]
    assert [r.form["scope"] for r in m365.entra.token_requests] == ["https://graph.microsoft.com/.default"]
    assert m365.exchange.messages == []


def large_pdf_beside(appendix: Path) -> bytes:
    """A 5 MB PDF built from the appendix (an appendix with pictures, say): too big for one request."""
    data = b"%PDF-1.7\n" + random.Random(16).randbytes(5 * 1024 * 1024)
    pdf = appendix.with_suffix(".pdf")
    pdf.write_bytes(data)
    os.utime(pdf, (appendix.stat().st_mtime + 1, appendix.stat().st_mtime + 1))
    return data


def test_graph_uploads_a_large_pdf_through_an_upload_session(m365: Microsoft365, appendix: Path) -> None:
    graph(m365)
    data = large_pdf_beside(appendix)
    assert send(appendix)[0] == 0
    [sent] = m365.graph.sent
    assert sent.route == "draft" and m365.graph.drafts == {}
    assert {a.name: (a.content_type, a.data) for a in sent.attachments} == {
        appendix.name: (DOCX_TYPE, appendix.read_bytes()), appendix.with_suffix(".pdf").name: ("application/pdf", data)}
    [upload] = m365.graph.uploads.values()
    sizes = [end - start + 1 for start, end in upload.ranges]
    assert sum(sizes) == len(data) and len(sizes) == 2 and upload.authorization_headers == 0
    assert all(size % RANGE_UNIT == 0 and size <= 4 * 1024 * 1024 for size in sizes[:-1])


def test_graph_without_mail_readwrite_names_it_for_a_large_attachment(m365: Microsoft365, appendix: Path) -> None:
    graph(m365, SEND_ONLY_APP)
    large_pdf_beside(appendix)
    assert refusal(send(appendix)[1]) == (
        f"Microsoft Graph refused to let the app write a draft in {MAILBOX}, which a message with an attachment of "
        "3 MB or more needs (403 ErrorAccessDenied): grant the Mail.ReadWrite application permission with admin "
        "consent (see docs/email.md, Microsoft Graph).")
    assert m365.graph.sent == []


@pytest.mark.parametrize(("client_id", "user", "expected"), [
    (NO_CONSENT_APP, MAILBOX, f"Microsoft Graph refused to let the app send as {MAILBOX} (403 ErrorAccessDenied): "
                              "the likely missing step is the Mail.Send application permission"),
    (GRAPH_APP, OTHER, f"Microsoft Graph has no mailbox {OTHER} (404 ErrorInvalidUser): set user"),
])
def test_graph_refusals_are_named(m365: Microsoft365, appendix: Path, client_id: str, user: str,
                                  expected: str) -> None:
    graph(m365, client_id)
    m365.settings(USER=user)
    code, output = send(appendix)
    assert code == 2 and refusal(output).startswith(expected)
    no_secret_anywhere(output, appendix.parent)


def test_delivery_sends_through_graph_once(m365: Microsoft365, appendix: Path) -> None:
    graph(m365)
    delivery = Delivery(appendix.parent)
    assert send_appendix(appendix, ["clerk@council.example"], delivery).status == "sent"
    assert send_appendix(appendix, ["clerk@council.example"], delivery).status == "already sent"
    assert len(m365.graph.sent) == 1 and m365.entra.token_request_count == 1


# --- Settings -------------------------------------------------------------------------------------

OAUTH = {"PIPELINE_SMTP_AUTH": "oauth2", "PIPELINE_SMTP_TENANT": "council.onmicrosoft.com",
         "PIPELINE_SMTP_CLIENT_ID": SMTP_APP, "PIPELINE_SMTP_USER": MAILBOX, "PIPELINE_SMTP_CLIENT_SECRET": SECRET}


def test_oauth2_settings_default_to_exchange_online_and_the_mailbox(tmp_path: Path) -> None:
    mail = email.settings(None, OAUTH)
    assert (mail.host, mail.port, mail.security, mail.sender) == ("smtp.office365.com", 587, "starttls", MAILBOX)
    assert (mail.token_scope, mail.token_url) == ("https://outlook.office365.com/.default",
                                                  "https://login.microsoftonline.com")
    assert SECRET not in repr(mail) and SECRET not in str(mail)
    config = tmp_path / "pipeline.toml"
    config.write_text('[smtp]\ntransport = "graph"\ntenant = "council.onmicrosoft.com"\n'
                      f'client_id = "{GRAPH_APP}"\nuser = "{MAILBOX}"\n')
    mail = email.settings(config, {"PIPELINE_SMTP_CLIENT_SECRET": SECRET})
    assert (mail.oauth, mail.token_scope, mail.sender) == (True, "https://graph.microsoft.com/.default", MAILBOX)


@pytest.mark.parametrize(("missing", "expected"), [
    ("PIPELINE_SMTP_TENANT", "The SMTP settings use auth = \"oauth2\" but give no tenant: set tenant to the "
                             "council's Microsoft 365 tenant"),
    ("PIPELINE_SMTP_CLIENT_ID", "give no client_id: set client_id to the app registration's Application (client) ID"),
    ("PIPELINE_SMTP_USER", "give no user: set user to the address of the mailbox that sends"),
    ("PIPELINE_SMTP_CLIENT_SECRET", "give the app no credential: set PIPELINE_SMTP_CLIENT_SECRET in the "
                                    "environment, or certificate to the app's certificate file"),
])
def test_oauth2_settings_that_cannot_work_are_named(missing: str, expected: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(expected)):
        email.settings(None, {k: v for k, v in OAUTH.items() if k != missing})


@pytest.mark.parametrize(("key", "variable"), [("client_secret", "PIPELINE_SMTP_CLIENT_SECRET"),
                                               ("certificate_password", "PIPELINE_SMTP_CERTIFICATE_PASSWORD")])
def test_a_secret_in_the_settings_file_is_refused(tmp_path: Path, key: str, variable: str) -> None:
    config = tmp_path / "pipeline.toml"
    config.write_text(f'[smtp]\nauth = "oauth2"\n{key} = "{SECRET}"\n')
    with pytest.raises(ConfigError, match=f"remove it and set {variable} in the environment") as refused:
        email.settings(config, {})
    assert SECRET not in str(refused.value)


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("PIPELINE_SMTP_AUTH", "basic", "The SMTP auth 'basic' is not known: use password or oauth2."),
    ("PIPELINE_SMTP_TRANSPORT", "ews", "The SMTP transport 'ews' is not known: use smtp or graph."),
    ("PIPELINE_SMTP_TOKEN_URL", "http://login.example", "The SMTP token_url 'http://login.example' is not an "
                                                        "https:// address"),
])
def test_unknown_ways_to_send_are_refused(name: str, value: str, expected: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(expected)):
        email.settings(None, {**OAUTH, name: value})
