"""Email against a real SMTP server on 127.0.0.1."""

import os
import shutil
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.deliver import email
from pipeline.deliver.post import Key
from pipeline.deliver.service import Delivery, send_appendix
from pipeline.model import ConfigError
from tests import runs
from tests.smtp import SmtpServer, free_port

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def point_at(monkeypatch, server: SmtpServer, **settings: str) -> None:
    """The pipeline's mail settings (PIPELINE_SMTP_*) pointed at `server`, with `settings` besides."""
    for name, value in {"HOST": "127.0.0.1", "PORT": str(server.port), **settings}.items():
        monkeypatch.setenv(f"PIPELINE_SMTP_{name}", value)


@pytest.fixture
def appendix(tracker, tmp_path) -> Path:
    outcome = runs.build(tracker("improvement_sheets"), tmp_path / "out", date(2026, 11, 22))
    return next(p for p in outcome.outputs if p.suffix == ".docx")


def test_the_received_message_carries_the_appendix_and_its_paragraph(smtp, appendix, tmp_path):
    result = CliRunner().invoke(main, ["send", str(appendix), "--to", "clerk@council.example",
                                       "--to", "chair@council.example", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    [message] = smtp.inbox.messages
    assert message["To"] == "clerk@council.example, chair@council.example"
    assert message["From"] == "performance@council.example"
    assert message["Subject"] == "Continuous Improvement Plan: progress at January 2026"
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == DOCX_TYPE
    assert attachment.get_filename() == appendix.name
    assert attachment.get_content() == appendix.read_bytes()
    paragraph = appendix.with_suffix(".txt").read_text(encoding="utf-8").strip()
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert paragraph in " ".join(plain.split())
    assert paragraph in " ".join(html.split())
    assert smtp.inbox.envelopes[0].rcpt_tos == ["clerk@council.example", "chair@council.example"]


def test_the_same_appendix_is_not_sent_twice(smtp, appendix, tmp_path):
    delivery = Delivery(tmp_path / "out")
    assert send_appendix(appendix, ["clerk@council.example"], delivery).status == "sent"
    assert send_appendix(appendix, ["clerk@council.example"], delivery).status == "already sent"
    assert len(smtp.inbox.envelopes) == 1


def test_an_appendix_the_watcher_sent_is_not_sent_again_by_send(smtp, tracker, tmp_path):
    """One appendix to the same people is one message, whichever command sent it first; the
    subject is the appendix's own title either way."""
    folder = tmp_path / "drop"
    folder.mkdir()
    shutil.copy(tracker("improvement_sheets"), folder / "Plan.xlsx")
    watched = CliRunner().invoke(main, ["watch", str(folder), "--out", str(tmp_path / "out"), "--once",
                                        "--to", "clerk@council.example"])
    assert watched.exit_code == 0, watched.output
    [message] = smtp.inbox.messages
    assert message["Subject"] == "Continuous Improvement Plan: progress at January 2026"
    [built] = (tmp_path / "out").glob("*appendix.docx")
    again = CliRunner().invoke(main, ["send", str(built), "--to", "clerk@council.example", "--out",
                                      str(tmp_path / "out")])
    assert again.exit_code == 0 and "already sent" in again.output, again.output
    assert len(smtp.inbox.envelopes) == 1


@pytest.mark.parametrize("recorded", ["send:{digest}:clerk@council.example",
                                      "drop:0f3a:{digest}:clerk@council.example"])
def test_an_appendix_sent_by_an_earlier_version_is_not_sent_again(smtp, appendix, tmp_path, recorded):
    """Run logs written before the key was shared by send and watch still count."""
    from pipeline.deliver.runlog import RunLog, sha256_of

    delivery = Delivery(tmp_path / "out")
    RunLog(delivery.out).record_email(None, recorded.format(digest=sha256_of(appendix)), ["clerk@council.example"],
                                      "Continuous Improvement Plan", "sent")
    assert send_appendix(appendix, ["clerk@council.example"], delivery).status == "already sent"
    assert send_appendix(appendix, ["chair@council.example"], delivery).status == "sent"
    assert [e.rcpt_tos for e in smtp.inbox.envelopes] == [["chair@council.example"]]


def test_a_server_that_is_down_then_up_gets_the_message_once(monkeypatch, appendix, tmp_path):
    port = free_port()
    monkeypatch.setenv("PIPELINE_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("PIPELINE_SMTP_PORT", str(port))
    server = SmtpServer(port)
    threading.Timer(1.0, server.start).start()
    try:
        delivery = Delivery(tmp_path / "out")
        post = delivery.post(sleep=lambda seconds: time.sleep(min(seconds, 0.6)))
        result = post.dispatch([appendix], ["clerk@council.example"], {
            "title": "T", "plan": "P", "round": "R", "paragraph": "Para.", "files": [appendix.name], "meeting": None},
            known=Key("test-down-then-up"))
        assert result.status == "sent"
        time.sleep(0.3)
        assert len(server.inbox.envelopes) == 1
    finally:
        time.sleep(0.2)
        server.stop()


def test_an_authentication_failure_is_reported_clearly(monkeypatch, appendix, tmp_path):
    server = SmtpServer(password="right").start()
    try:
        monkeypatch.setenv("PIPELINE_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("PIPELINE_SMTP_PORT", str(server.port))
        monkeypatch.setenv("PIPELINE_SMTP_USER", "performance")
        monkeypatch.setenv("PIPELINE_SMTP_PASSWORD", "wrong")
        result = CliRunner().invoke(main, ["send", str(appendix), "--to", "clerk@council.example",
                                           "--out", str(tmp_path / "out")])
        assert result.exit_code == 2
        assert "refused the user name or password for 'performance'" in result.output
        assert "wrong" not in result.output
        assert server.inbox.envelopes == []
        assert list((tmp_path / "out" / "outbox" / "unsent").glob("*.eml"))  # kept, not lost
    finally:
        server.stop()


def test_the_right_password_from_the_environment_is_used(monkeypatch, appendix, tmp_path):
    server = SmtpServer(password="right").start()
    try:
        point_at(monkeypatch, server, USER="performance", PASSWORD="right")
        assert send_appendix(appendix, ["clerk@council.example"], Delivery(tmp_path / "out")).status == "sent"
        assert len(server.inbox.envelopes) == 1
    finally:
        server.stop()


def test_a_refused_recipient_is_a_clear_permanent_error(monkeypatch, appendix, tmp_path):
    server = SmtpServer(refuse={"nobody@council.example"}).start()
    try:
        monkeypatch.setenv("PIPELINE_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("PIPELINE_SMTP_PORT", str(server.port))
        result = send_appendix(appendix, ["nobody@council.example"], Delivery(tmp_path / "out"))
        assert result.status == "failed"
        assert "refused the recipient nobody@council.example" in result.detail
    finally:
        server.stop()


def test_dry_run_writes_the_message_to_the_outbox(appendix, tmp_path):
    result = CliRunner().invoke(main, ["send", str(appendix), "--to", "clerk@council.example", "--dry-run",
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 0
    [kept] = (tmp_path / "out" / "outbox").glob("*.eml")
    assert b"Continuous Improvement Plan" in kept.read_bytes()


def test_settings_come_from_the_file_then_the_environment(tmp_path):
    config = tmp_path / "pipeline.toml"
    config.write_text('[smtp]\nhost = "mail.council.example"\nport = 587\nsecurity = "starttls"\n'
                      'user = "performance"\nfrom = "performance@council.example"\n')
    mail = email.settings(config, {"PIPELINE_SMTP_PORT": "2525", "PIPELINE_SMTP_PASSWORD": "secret"})
    assert (mail.host, mail.port, mail.security, mail.user, mail.sender, mail.password) == (
        "mail.council.example", 2525, "starttls", "performance", "performance@council.example", "secret")
    assert "secret" not in repr(mail)


def test_a_password_in_the_settings_file_is_refused(tmp_path):
    config = tmp_path / "pipeline.toml"
    config.write_text('[smtp]\nhost = "mail"\npassword = "oops"\n')
    with pytest.raises(ConfigError, match="holds a password: remove it and set PIPELINE_SMTP_PASSWORD"):
        email.settings(config, {})


def test_unknown_security_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="use none, starttls or ssl"):
        email.settings(None, {"PIPELINE_SMTP_SECURITY": "tls1.3"})


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    import shutil as shell
    import subprocess

    if shell.which("openssl") is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(folder / "key.pem"),
                    "-out", str(folder / "cert.pem")], check=True, capture_output=True, timeout=60)
    return folder / "cert.pem", folder / "key.pem"


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_tls_with_a_verified_certificate(monkeypatch, appendix, tmp_path, certificate, security):
    import ssl

    cert, key = certificate
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    options = {"tls_context": server_context, "require_starttls": True} if security == "starttls" else \
        {"ssl_context": server_context}
    server = SmtpServer(**options).start()
    try:
        point_at(monkeypatch, server, SECURITY=security, CAFILE=str(cert))
        assert send_appendix(appendix, ["clerk@council.example"], Delivery(tmp_path / "out")).status == "sent"
        assert len(server.inbox.envelopes) == 1
        monkeypatch.delenv("PIPELINE_SMTP_CAFILE")  # an untrusted certificate is refused, not sent over
        result = send_appendix(appendix, ["chair@council.example"], Delivery(tmp_path / "other"))
        assert result.status == "failed" and "certificate could not be verified" in result.detail
    finally:
        server.stop()


def test_the_email_templates_use_no_format_codes_windows_lacks():
    from pipeline.reports import built_in_templates

    for template in (built_in_templates() / "email").iterdir():
        assert "strftime" not in template.read_text(encoding="utf-8"), template.name


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_the_pdf_goes_with_the_appendix_when_one_is_built(smtp, tracker, tmp_path):
    folder, out = tmp_path / "drop", tmp_path / "out"
    folder.mkdir()
    shutil.copy(tracker("improvement_sheets"), folder / "Continuous Improvement Plan.xlsx")
    result = CliRunner().invoke(main, ["watch", str(folder), "--once", "--pdf", "--to", "clerk@council.example",
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    [message] = smtp.inbox.messages
    attached = {a.get_filename(): (a.get_content_type(), a.get_content()) for a in message.iter_attachments()}
    [docx] = out.glob("*.docx")
    pdf = docx.with_suffix(".pdf")
    assert attached == {docx.name: (DOCX_TYPE, docx.read_bytes()), pdf.name: ("application/pdf", pdf.read_bytes())}
    assert pdf.read_bytes().startswith(b"%PDF")
    assert f"- {pdf.name}" in message.get_body(("plain",)).get_content()

    # `pipeline send` sends the PDF built beside the appendix, and leaves an older one behind
    sent = CliRunner().invoke(main, ["send", str(docx), "--to", "chair@council.example", "--out", str(out)])
    assert sent.exit_code == 0, sent.output
    assert [a.get_filename() for a in smtp.inbox.messages[1].iter_attachments()] == [docx.name, pdf.name]
    os.utime(pdf, (docx.stat().st_mtime - 60, docx.stat().st_mtime - 60))
    sent = CliRunner().invoke(main, ["send", str(docx), "--to", "members@council.example", "--out", str(out)])
    assert sent.exit_code == 0, sent.output
    assert [a.get_filename() for a in smtp.inbox.messages[2].iter_attachments()] == [docx.name]


def test_a_password_the_server_cannot_take_is_never_shown(monkeypatch, appendix, tmp_path):
    server = SmtpServer(password="right").start()
    try:
        point_at(monkeypatch, server, USER="performance", PASSWORD="Sécurité2026!")
        result = CliRunner().invoke(main, ["send", str(appendix), "--to", "clerk@council.example",
                                           "--out", str(tmp_path / "out")])
        assert result.exit_code == 2
        assert result.output == (f"{appendix.name}: failed: The SMTP user name or password holds a character the "
                                 "mail server 127.0.0.1's sign-in cannot take (only letters, digits and punctuation "
                                 "without accents): change the account's password, then PIPELINE_SMTP_PASSWORD. "
                                 f"The message is kept in {next((tmp_path / 'out' / 'outbox' / 'unsent').glob('*'))}."
                                 "\n")
        log = (tmp_path / "out" / "pipeline-runs.sqlite").read_bytes()
        for secret in ("Sécurité2026!", "é", "position"):
            assert secret not in result.output and secret.encode() not in log
        assert server.inbox.envelopes == []
    finally:
        server.stop()


@pytest.mark.parametrize("key", ["Password", "pass", "smtp_password", "PWD"])
def test_any_setting_that_looks_like_a_password_is_refused(tmp_path, key):
    config = tmp_path / "pipeline.toml"
    config.write_text(f'[smtp]\nhost = "mail"\n{key} = "oops"\n')
    with pytest.raises(ConfigError) as refused:
        email.settings(config, {})
    assert str(refused.value) == (f"The settings file {config} holds a password: remove it and set "
                                  "PIPELINE_SMTP_PASSWORD in the environment instead.")


def test_nothing_is_attempted_without_a_mail_server(monkeypatch, appendix, tmp_path):
    for name in list(os.environ):
        if name.startswith("PIPELINE_SMTP_"):
            monkeypatch.delenv(name)
    result = CliRunner().invoke(main, ["send", str(appendix), "--to", "clerk@council.example",
                                       "--out", str(tmp_path / "out")])
    assert (result.exit_code, result.output) == (
        2, "No mail server is set, so nothing can be emailed: set host in the [smtp] table of the settings file, or "
           "PIPELINE_SMTP_HOST (see docs/email.md), or give --dry-run to keep each email as a file in the outbox.\n")
    assert not (tmp_path / "out" / "outbox").exists()
    folder = tmp_path / "drop"
    folder.mkdir()
    watched = CliRunner().invoke(main, ["watch", str(folder), "--once", "--to", "clerk@council.example",
                                        "--out", str(tmp_path / "out")])
    assert watched.exit_code == 2 and watched.output.startswith("No mail server is set")


def test_a_message_too_large_for_the_server_is_said_so(monkeypatch, appendix, tmp_path):
    server = SmtpServer(largest=2000).start()
    try:
        monkeypatch.setenv("PIPELINE_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("PIPELINE_SMTP_PORT", str(server.port))
        result = send_appendix(appendix, ["clerk@council.example"], Delivery(tmp_path / "out"))
        assert result.status == "failed"
        assert result.detail.startswith("The mail server 127.0.0.1 refused the message as too large (552")
        assert "ask whoever runs the server to raise its limit, or send the appendix without its PDF." in result.detail
        assert "address" not in result.detail
    finally:
        server.stop()


def test_an_address_is_checked_before_any_message_is_made(smtp, appendix, tmp_path):
    result = send_appendix(appendix, ["clerk@council.example", "x@council.example\r\nBcc: all@council.example"],
                           Delivery(tmp_path / "out"))
    assert (result.status, result.detail) == ("failed", "'x@council.example\\r\\nBcc: all@council.example' is not "
                                                        "an email address (name@place.domain): correct it where it "
                                                        "is given")
    assert smtp.inbox.envelopes == [] and not (tmp_path / "out" / "outbox").exists()


def test_a_connection_lost_as_the_message_is_handed_over_is_never_sent_again(monkeypatch, appendix, tmp_path):
    server = SmtpServer(hang_up_after_data=True).start()
    try:
        monkeypatch.setenv("PIPELINE_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("PIPELINE_SMTP_PORT", str(server.port))
        send = ["send", str(appendix), "--to", "clerk@council.example", "--out", str(tmp_path / "out")]
        first = CliRunner().invoke(main, send)
        again = CliRunner().invoke(main, send)
    finally:
        server.stop()
    assert len(server.inbox.envelopes) == 1  # taken once, never again
    assert first.exit_code == 2 and first.output == (
        f"{appendix.name}: unknown: The connection to the mail server 127.0.0.1 failed while the message was being "
        "handed over, so it may or may not have gone: check with the recipients; it will not be sent again "
        "automatically\n")
    assert again.exit_code == 2 and again.output == (
        f"{appendix.name}: unknown: an earlier attempt was cut short, so it may or may not have gone: check with "
        "the recipients; it will not be sent again automatically\n")
