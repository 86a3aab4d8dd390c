"""`pipeline web` (and `serve --web`): the page served by uvicorn in a thread of its own, until
SIGTERM or Ctrl-C. uvicorn is pure Python and runs as it is on Windows.

The socket is bound before anything starts, so that a port in use, or an address that needs
sign-in without any configured, is one sentence and the command ends at once; `--port 0` takes
any free port (the address is printed)."""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
from pathlib import Path

import uvicorn

from ..deliver.runlog import RunLog
from ..model import ConfigError
from .app import make_app
from .guard import Guard, is_loopback
from .site import Site

START_TIMEOUT = 60.0


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    if os.name != "nt":  # on Windows this would let another program take the port as well
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ConfigError(f"The web page cannot listen on {host} port {port} ({exc.strerror or exc}): choose "
                          "another with --port, or stop what is using it.") from None
    return sock


def _check_sign_in(site: Site, host: str) -> None:
    if not is_loopback(host) and not site.settings.signs_in:
        raise ConfigError(f"The web page will not listen on {host} without sign-in, as anyone on the network could "
                          "use it: add users (made by 'pipeline web-user NAME') or a reverse proxy's user_header to "
                          "the [web] table of the settings file (see docs/web.md), or leave --host as 127.0.0.1.")


class WebServer:
    """The web page on one address: `start` returns once it answers; `stop` waits for the answers
    under way."""

    def __init__(self, site: Site, host: str = "127.0.0.1", port: int = 8000):
        _check_sign_in(site, host)
        RunLog(site.out)  # the output folder and its run log, made now rather than on the first upload
        self._socket = _bind(host, port)
        bound = self._socket.getsockname()[1]
        self.url = f"http://{f'[{host}]' if ':' in host else host}:{bound}/"
        config = uvicorn.Config(make_app(site, Guard(site.settings, host)), log_level="warning", access_log=False,
                                lifespan="off", proxy_headers=False, server_header=False,
                                timeout_graceful_shutdown=30)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._socket]},
                                        name="web page", daemon=True)

    def start(self) -> None:
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not self._server.started and self._thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        if not self._server.started:
            self.stop()
            raise ConfigError(f"The web page could not start at {self.url}: see the messages above.")

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout=60)
        self._socket.close()


def serve(site: Site, host: str, port: int, stop: threading.Event | None = None) -> None:
    """`pipeline web`: serve until SIGTERM or Ctrl-C (or `stop` is set)."""
    stop = stop or threading.Event()
    server = WebServer(site, host, port)
    server.start()
    site.report(f"Serving the web page at {server.url} (output folder {Path(site.out)}). Stop with Ctrl-C.")
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        while server.running and not stop.wait(0.5):  # a short wait, so that Ctrl-C is seen on Windows too
            pass
    finally:
        server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        site.report("Stopped.")
