"""Writing outputs so that a reader never sees half a file and a failed run loses nothing."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


MAX_NAME_BYTES = 120  # leaves room for " - Q2 2024-25 - appendix.docx" within 255 bytes


def safe_name(text: str, limit: int = MAX_NAME_BYTES) -> str:
    """`text` usable as a file name on Windows and Linux ("Q2 2024/25" -> "Q2 2024-25"), shortened
    to `limit` bytes of UTF-8 if need be."""
    name = " ".join(_UNSAFE.sub("-", text).split()).strip(" .") or "appendix"
    if len(name.encode("utf-8")) > limit:
        name = name.encode("utf-8")[:limit].decode("utf-8", errors="ignore").rstrip(" .-")
    return name


def unique_path(folder: Path, name: str) -> Path:
    """`folder/name`, or `name (2)`, `name (3)` ... so that nothing is ever overwritten."""
    candidate, stem, suffix, n = folder / name, Path(name).stem, Path(name).suffix, 2
    while candidate.exists():
        candidate, n = folder / f"{stem} ({n}){suffix}", n + 1
    return candidate


def write_atomic(path: Path, data: bytes) -> Path:
    """Write `data` to a temporary file beside `path`, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
