"""Sign-in for a page served beyond this computer: users with scrypt password hashes made by
`pipeline web-user`, or a trusted reverse proxy's user header; and the settings that cannot be
used, each refused at start in one sentence."""

from __future__ import annotations

import subprocess

import pytest

from pipeline.deliver.runlog import RunLog
from pipeline.web.passwords import is_hash, make_hash, matches
from tests.web.conftest import PIPELINE
from tests.web.forms import Officer, page, text_of

PASSWORD = "correct horse battery staple"


def web_user(name: str, typed: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PIPELINE, "web-user", name], input=f"{typed}\n{typed}\n", capture_output=True, text=True,
                          timeout=120)


def test_a_hash_is_made_checked_and_never_holds_the_password():
    stored = make_hash(PASSWORD)
    assert is_hash(stored) and stored.startswith("scrypt$17$8$1$") and PASSWORD not in stored
    assert matches(PASSWORD, stored)
    assert not matches(PASSWORD + " ", stored)
    assert make_hash(PASSWORD) != stored  # a new salt each time
    assert not is_hash(PASSWORD) and not matches(PASSWORD, PASSWORD)


def test_web_user_prints_the_line_for_the_settings_file_and_not_the_password():
    result = web_user("a.officer", PASSWORD)
    assert result.returncode == 0, result.stderr
    name, _, stored = result.stdout.strip().partition(" = ")
    assert name == '"a.officer"' and is_hash(stored.strip('"'))
    assert PASSWORD not in result.stdout + result.stderr
    assert result.stderr.strip().endswith("Paste this line under [web.users] in the settings file.")
    short = web_user("a.officer", "letmein")
    assert short.returncode == 2 and "too easy to guess" in short.stderr and "letmein" not in short.stderr


@pytest.fixture
def users_site(start_server):
    lines = [web_user(name, PASSWORD).stdout.strip() for name in ("a.officer", "b.officer")]
    return start_server("--host", "0.0.0.0", settings="[web]\n\n[web.users]\n" + "\n".join(lines) + "\n")


def test_a_page_on_the_network_asks_for_a_password_and_takes_the_right_one(users_site, trackers):
    with Officer(users_site.url) as stranger:
        refused = stranger.get("/")
        assert refused.status_code == 401
        assert refused.headers["www-authenticate"].startswith('Basic realm="Council tracker pipeline"')
        sentence = text_of(page(refused).xpath("//main//p")[0])
        assert sentence == "Sign in with your user name and password to use this page."
        assert "set-cookie" not in refused.headers
        assert stranger.get("/static/web.css").status_code == 401
    with Officer(users_site.url, auth=("a.officer", "wrong password here")) as guesser:
        assert guesser.get("/").status_code == 401
    with Officer(users_site.url, auth=("a.officer", PASSWORD)) as officer:
        form = officer.get("/")
        assert form.status_code == 200 and "Signed in as a.officer" in text_of(page(form))
        assert officer.upload(trackers["workplan"]).status_code == 200
    assert [e.source for e in RunLog(users_site.out).history()] == ["web"]


def test_a_form_token_is_the_signed_in_users_own(users_site, trackers):
    with Officer(users_site.url, auth=("a.officer", PASSWORD)) as officer:
        form = page(officer.get("/")).forms[0]
        token, cookie = form.inputs["csrf_token"].value, officer.http.cookies["pipeline-csrf"]
    files = {"tracker": ("tracker.xlsx", trackers["workplan"].read_bytes())}
    with Officer(users_site.url, auth=("b.officer", PASSWORD), cookies={"pipeline-csrf": cookie}) as other:
        assert other.http.post("/check", data={"csrf_token": token}, files=files).status_code == 403
    with Officer(users_site.url, auth=("a.officer", PASSWORD), cookies={"pipeline-csrf": cookie}) as officer:
        assert officer.http.post("/check", data={"csrf_token": token}, files=files).status_code == 200


def test_a_trusted_proxy_names_the_user(start_server, trackers):
    site = start_server("--host", "0.0.0.0",
                        settings='[web]\nuser_header = "X-Remote-User"\ntrusted_proxies = ["127.0.0.1"]\n')
    with Officer(site.url, headers={"X-Remote-User": "COUNCIL\\jsmith"}) as officer:
        form = officer.get("/")
        assert form.status_code == 200 and "Signed in as COUNCIL\\jsmith" in text_of(page(form))
        assert officer.upload(trackers["seed"]).status_code == 200
    with Officer(site.url) as direct:
        refused = direct.get("/")
    assert refused.status_code == 403
    assert "served only through the council's sign-in" in text_of(page(refused))


def test_a_user_header_from_an_address_that_is_not_the_proxy_is_ignored(start_server):
    site = start_server("--host", "0.0.0.0",
                        settings='[web]\nuser_header = "X-Remote-User"\ntrusted_proxies = ["10.1.2.3"]\n')
    with Officer(site.url, headers={"X-Remote-User": "COUNCIL\\jsmith"}) as forger:
        assert forger.get("/").status_code == 403


@pytest.mark.parametrize("settings, sentence", [
    ('[web.users]\n"a.officer" = "hunter2hunter2"\n',
     "the password of web user 'a.officer' is not a hash: replace it with the line 'pipeline web-user "
     "a.officer' prints."),
    ("[web]\nmax_upload = 5\n", "'max_upload' is not a setting: check its spelling"),
    ("[web]\nmax_upload_mb = 0\n", "max_upload_mb should be more than 0"),
])
def test_settings_that_cannot_be_used_are_refused_at_start_in_one_sentence(tmp_path, settings, sentence):
    (tmp_path / "pipeline.toml").write_text(settings, encoding="utf-8")
    result = subprocess.run([PIPELINE, "web", "--port", "0"], cwd=tmp_path, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 2 and result.stdout == ""
    assert sentence in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "hunter2" not in result.stderr


def test_a_port_in_use_is_one_sentence(server, tmp_path):
    port = server.url.rsplit(":", 1)[1].strip("/")
    result = subprocess.run([PIPELINE, "web", "--port", port], cwd=tmp_path, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 2
    assert result.stderr.startswith(f"The web page cannot listen on 127.0.0.1 port {port}")
    assert len(result.stderr.strip().splitlines()) == 1
