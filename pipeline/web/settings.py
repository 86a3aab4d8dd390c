"""The [web] table of the settings file (pipeline.toml): who may use the web page, the largest
upload it takes, and the host names it answers to. See docs/web.md.

    [web]
    max_upload_mb = 25
    user_header = "X-Remote-User"        # set by a trusted reverse proxy (IIS, nginx)
    trusted_proxies = ["127.0.0.1"]
    hosts = ["performance.council.local"]

    [web.users]
    "a.officer" = "scrypt$17$8$1$..."    # made by `pipeline web-user a.officer`
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import msgspec

from .. import config
from ..model import ConfigError
from .passwords import is_hash

FIX = "see docs/web.md"


class WebSettings(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    users: dict[str, str] = {}  # user name -> password hash
    user_header: str = ""  # the header in which a trusted reverse proxy names the signed-in user
    trusted_proxies: tuple[str, ...] = ("127.0.0.1", "::1")  # addresses whose user header is believed
    max_upload_mb: Annotated[float, msgspec.Meta(gt=0, le=1024)] = 25
    hosts: tuple[str, ...] = ()  # host names the page answers to; none: any (with sign-in), else loopback only

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)

    @property
    def signs_in(self) -> bool:
        """Whether anyone using the page must be signed in (by a password or by the proxy)."""
        return bool(self.users or self.user_header)

    def __repr__(self) -> str:  # never show the password hashes in logs or tracebacks
        return (f"WebSettings(users={sorted(self.users)!r}, user_header={self.user_header!r}, "
                f"max_upload_mb={self.max_upload_mb!r})")


class _SettingsFile(msgspec.Struct, frozen=True):
    web: dict[str, Any] = {}


def load(settings_file: Path | None) -> WebSettings:
    """The [web] table of `settings_file`, or the defaults (no sign-in, 25 MB) without one."""
    if settings_file is None:
        return WebSettings()
    table = config.load(Path(settings_file), _SettingsFile, "The settings file", FIX).web
    settings = config.convert(table, WebSettings, f"The [web] table of the settings file {settings_file}", FIX)
    for user, stored in settings.users.items():
        if not is_hash(stored):
            raise ConfigError(f"In the settings file {settings_file}, the password of web user '{user}' is not a "
                              f"hash: replace it with the line 'pipeline web-user {user}' prints.")
    return settings
