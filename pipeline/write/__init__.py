"""write: workbooks written for officers (the checked copy, a new tracker, next round's sheet,
an imported appendix). The only package that writes workbooks (openpyxl); the officer's own
file is only ever read."""

from pathlib import Path


def save(book, path: Path) -> Path:
    """Write the openpyxl workbook `book` to `path` atomically (all of it, or the old file left)."""
    import io

    from ..deliver.files import write_atomic

    buffer = io.BytesIO()
    book.save(buffer)
    return write_atomic(Path(path), buffer.getvalue())
