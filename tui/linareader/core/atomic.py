"""Crash-safe file replacement and a cross-process lock, for files several processes share.

A reader must only ever see the old file or the new one, never half of each, even if the writer
is killed or the machine loses power: :func:`atomic_write_text` writes a temporary file beside
the target, flushes it to disk and renames it over the target. Renaming is atomic only within one
file system, hence "beside".

Two linareader processes (the app and a ``linareader mark`` in another terminal) may update the
same state file; :func:`locked` serialises their read-modify-write cycles with ``flock`` on a
sidecar ``.lock`` file. The sidecar is never deleted: deleting a lock file lets a third process
lock a new inode while the second still holds the old one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import random
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from linareader.core.errors import StateError
from linareader.core.i18n import _

if sys.platform != "win32":
    import fcntl

__all__ = ["NO_ROOM", "atomic_write_text", "fsync_folder", "locked", "temp_prefix"]

#: The errors of a full disk, a full quota or a file size limit (``RLIMIT_FSIZE``): unlike a
#: read-only folder they pass, so a writer keeps its data and tries again later.
NO_ROOM = frozenset({errno.ENOSPC, errno.EFBIG, errno.EDQUOT})

# Filesystems that cannot fsync a directory say so with one of these; the rename has happened
# by then, so reporting a failure would make the caller retry a write that succeeded.
_DIR_FSYNC_UNSUPPORTED = {errno.EINVAL, errno.ENOTSUP, errno.EBADF}


def temp_prefix(path: Path) -> str:
    """Return the name prefix of the temporary files :func:`atomic_write_text` leaves for *path*.

    A writer killed between creating and renaming its temporary file leaves it behind; the
    owner of *path* can sweep ``temp_prefix(path) + "*"`` while it holds the lock.
    """
    return f".{path.name}."


def atomic_write_text(path: Path, text: str, *, sync_folder: bool = True) -> None:
    """Replace *path* with *text* (UTF-8) so that readers see the old or the new file, never a mix.

    The temporary file keeps the mode of the file it replaces, so a user's ``chmod 600`` sticks.
    Without *sync_folder* the rename is not yet durable: a caller writing many new files in
    one folder calls :func:`fsync_folder` once at the end instead of once per file.

    Raises:
        OSError: the file could not be written; *path* is then untouched and no temporary file
            is left behind.
    """
    data = text.encode("utf-8")  # before touching the disk: an encoding error leaves no trace
    folder = path.parent
    fd, tmp_name = tempfile.mkstemp(prefix=temp_prefix(path), suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            with contextlib.suppress(FileNotFoundError):
                os.fchmod(handle.fileno(), stat.S_IMODE(os.stat(path).st_mode))
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    if sync_folder:
        fsync_folder(folder)


def fsync_folder(folder: Path) -> None:
    """Persist the rename itself: without this a power cut can bring back the old file."""
    if sys.platform == "win32":  # pragma: no cover - directories cannot be opened there
        return
    dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(dir_fd)
    except OSError as exc:
        if exc.errno not in _DIR_FSYNC_UNSUPPORTED:
            raise
    finally:
        os.close(dir_fd)


@contextlib.contextmanager
def locked(lock_path: Path, timeout: float = 10.0) -> Iterator[None]:
    """Hold an exclusive lock on *lock_path* (created if missing) for the ``with`` block.

    The lock is polled rather than waited for, so a stuck process costs a clear error after
    *timeout* seconds instead of a hung terminal. The operating system releases it if the
    holder dies, so a killed process never leaves the file locked.

    Raises:
        OSError: the lock file cannot be created or opened (read-only folder, no permission).
        StateError: another process held the lock for longer than *timeout* seconds.
    """
    if sys.platform == "win32":  # pragma: no cover - POSIX only; atomic replace still holds
        yield
        return
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        _acquire(fd, lock_path, timeout)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _acquire(fd: int, lock_path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise StateError(
                    _(
                        "Timed out after {timeout:g} s waiting for the lock {lock_path}; another "
                        "linareader may be stuck, close it and try again."
                    ).format(timeout=timeout, lock_path=lock_path)
                ) from None
            # Holders keep the lock for milliseconds and may take it again at once: a poller that
            # backs off far would keep missing the gaps and starve, and a random period keeps two
            # pollers from falling into step. A millisecond or so costs next to no CPU.
            time.sleep(random.uniform(0.0005, 0.002))
