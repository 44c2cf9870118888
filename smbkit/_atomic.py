"""Write a file all at once or not at all: a temporary file next to it, then a rename."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

__all__ = ["atomic_write"]


def _named(exc: OSError, path: Path) -> OSError:
    """The same kind of error, naming the file the caller asked for (not the temporary)."""
    return OSError(exc.errno, exc.strerror or str(exc), str(path))  # keeps the subclass


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike) -> Iterator[Path]:
    """Give a temporary path to write to; move it onto ``path`` only when writing succeeded.

    Parameters
    ----------
    path : str or path-like
        The file to (over)write. Its folder must exist.

    Yields
    ------
    Path
        An empty temporary file in the same folder, named ``.<name>.<random>.tmp<suffix>``
        (same suffix, so a writer that picks its format from the extension still works).
        Write the whole file there, by path.

    Raises
    ------
    OSError
        From creating, writing or renaming the file (permission denied, disk full, missing
        folder), re-raised as the same kind of error naming ``path``. Any other exception
        from the ``with`` block passes through unchanged. Either way the temporary file is
        removed and ``path`` is left exactly as it was.

    Notes
    -----
    :func:`os.replace` within one folder is atomic on POSIX and Windows: a reader sees the
    old file or the new one, never half of either. The data are flushed to disk
    (:func:`os.fsync`) before the rename, so a crash cannot leave the new name on an empty
    file. The new file gets the permissions an ordinary ``open(path, "w")`` would give (the
    old file's mode when there was one, the umask's default otherwise), and a symbolic link
    at ``path`` is followed, so the link keeps pointing at the new content. Business
    meaning: a report or table that failed to write never replaces yesterday's good one
    with a truncated file the client might open.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> path = Path(tempfile.mkdtemp()) / "table.csv"
    >>> with atomic_write(path) as tmp:
    ...     _ = tmp.write_text("a,b\\n1,2\\n")
    >>> path.read_text()
    'a,b\\n1,2\\n'
    >>> try:
    ...     with atomic_write(path) as tmp:
    ...         _ = tmp.write_text("half a fi")
    ...         raise RuntimeError("the writer failed")
    ... except RuntimeError:
    ...     pass
    >>> path.read_text(), sorted(p.name for p in path.parent.iterdir())
    ('a,b\\n1,2\\n', ['table.csv'])
    """
    final = Path(path)
    target = Path(os.path.realpath(final))  # follow a symbolic link to the real file
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp{target.suffix}")
    created = False
    try:
        # os.open with 0o666 lets the umask decide, as open(path, "w") would
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        created = True
        yield tmp
        fd = os.open(tmp, os.O_RDWR)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        with contextlib.suppress(FileNotFoundError):
            if stat.S_ISREG(os.stat(target).st_mode):
                shutil.copymode(target, tmp)
        os.replace(tmp, target)
    except OSError as exc:
        if created:
            with contextlib.suppress(OSError):
                tmp.unlink()
        about = exc.filename
        if isinstance(about, (str, bytes, os.PathLike)):
            about = os.fsdecode(about)
        if exc.errno is not None and about in (None, str(tmp)):
            raise _named(exc, final) from exc
        raise  # about another file (or without an errno): as it is
    except BaseException:
        if created:
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise
