"""A real SMTP server on 127.0.0.1 (aiosmtpd) for the delivery tests."""

from __future__ import annotations

import email
import socket
from email import policy

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """Collects what the server received."""

    def __init__(self, refuse: set[str] | None = None, hang_up_after_data: bool = False):
        self.envelopes = []
        self.refuse = refuse or set()
        self.hang_up_after_data = hang_up_after_data

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        if self.hang_up_after_data:  # taken, but the connection drops before the reply
            server.transport.close()
        return "250 Message accepted for delivery"

    @property
    def messages(self):
        return [email.message_from_bytes(e.content, policy=policy.default) for e in self.envelopes]


class SmtpServer:
    def __init__(self, port: int | None = None, refuse=None, password: str | None = None, largest: int | None = None,
                 hang_up_after_data: bool = False, **tls):
        self.port = port or free_port()
        self.inbox = Inbox(refuse, hang_up_after_data)
        options = dict(tls)
        if largest is not None:
            options["data_size_limit"] = largest  # a larger message is refused with 552
        if password is not None:
            def authenticator(server, session, envelope, mechanism, auth_data):
                ok = isinstance(auth_data, LoginPassword) and auth_data.password == password.encode()
                return AuthResult(success=ok, handled=False)

            options.update({"authenticator": authenticator, "auth_required": True, "auth_require_tls": False})
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port, **options)

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()
