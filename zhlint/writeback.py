"""Writing files without losing anyone's text: ``--fix`` write-backs and ``-o`` reports.

Both go through a temporary file in the destination's directory that is renamed over it. The
temporary file is named ``.NAME.PID-RANDOM.zhlint-tmp``: a SIGTERM, SIGINT or SIGHUP during the
write removes it before the process ends as the signal asks, and one left by ``kill -9`` (which
cannot be caught) is removed by the next ``--fix`` or ``-o`` in that directory once process PID
has gone.

A ``--fix`` write-back (:func:`replace_if_unchanged`) also

- refuses a file that was changed since it was read: the content and (size, mtime, inode,
  device) are compared just before the rename, under an advisory ``flock`` on the file that
  other zhlint runs take too, so two runs cannot both succeed and lose the other's fixes;
- keeps the file's owner, group and mode, and refuses to write when the owner or group could
  not be kept (rather than giving the file to whoever ran zhlint, e.g. root);
- refuses a file with no write permission (mode 0444 is refused even for root).

What remains: a program that does not take the lock (an editor) and writes between the comparison
and the rename, a few microseconds, loses that write.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import stat
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

import attrs

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: the comparison alone guards the write
    fcntl = None  # type: ignore[assignment]

TEMPORARY_SUFFIX = ".zhlint-tmp"
_TEMPORARY_NAME = re.compile(r"^\..*\.(?P<pid>[0-9]+)-[0-9a-f]+\.zhlint-tmp$", re.DOTALL)
_NAME_KEPT = 120  # of the destination's name in the temporary one, so that it stays under NAME_MAX
LOCK_WAIT_SECONDS = 10.0
_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, name))
_WRITE_BITS = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH

# Called with (destination, temporary) once the temporary file is complete, before the check and
# the rename: the tests use it to change the file or to pause there. None in normal runs.
before_replace: Callable[[Path, Path], None] | None = None


class WriteRefused(Exception):
    """The file was left as it was; the message (in Chinese) says why."""


@attrs.frozen
class Snapshot:
    """A file as it was read: its bytes and the stat fields that change when it is rewritten."""

    data: bytes
    size: int
    mtime_ns: int
    inode: int
    device: int

    @classmethod
    def of(cls, data: bytes, status: os.stat_result) -> Snapshot:
        """``status`` is taken before the read, so a change during the read shows as a mismatch."""
        return cls(data, status.st_size, status.st_mtime_ns, status.st_ino, status.st_dev)

    def matches(self, status: os.stat_result) -> bool:
        now = (status.st_size, status.st_mtime_ns, status.st_ino, status.st_dev)
        return now == (self.size, self.mtime_ns, self.inode, self.device)


def replace_if_unchanged(path: Path, data: bytes, snapshot: Snapshot) -> None:
    """Write ``data`` over ``path`` if it still holds what ``snapshot`` recorded, else refuse.

    Raises WriteRefused (nothing written) or OSError. A symbolic link stays a link: its target is
    replaced.
    """
    target = path.resolve()
    current = os.stat(target)
    _refuse_unwritable(target, current)
    remove_stale_temporaries(target.parent)
    with _temporary_beside(target, 0o600) as (descriptor, temporary):
        _write_all(descriptor, data)
        _keep_owner_and_mode(descriptor, current)
        if before_replace is not None:
            before_replace(target, temporary)
        with _locked(target) as locked:
            _refuse_changed(target, locked, snapshot)
            os.replace(temporary, target)
    _fsync_directory(target.parent)


def write_new_content(path: Path, data: bytes) -> None:
    """Replace (or create) ``path`` with ``data`` at once, for ``-o FILE``.

    An existing file keeps its mode (and its owner and group where permitted: else they become the
    writer's); a new one gets 0666 less the umask, as a shell redirection would.
    """
    target = path.resolve()
    try:
        current: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        current = None
    remove_stale_temporaries(target.parent)
    with _temporary_beside(target, 0o666) as (descriptor, temporary):
        _write_all(descriptor, data)
        if current is not None:
            _keep_mode_and_owner_if_permitted(descriptor, current)
        os.replace(temporary, target)
    _fsync_directory(target.parent)


def _refuse_unwritable(target: Path, current: os.stat_result) -> None:
    # As root os.access always says yes: a file nobody may write (0444) is refused by its mode.
    if not current.st_mode & _WRITE_BITS:
        raise WriteRefused("文件是只读的（没有任何写权限），未修改")
    if not os.access(target, os.W_OK):
        raise WriteRefused("没有写这个文件的权限，未修改")


def _keep_owner_and_mode(descriptor: int, original: os.stat_result) -> None:
    mine = os.fstat(descriptor)
    uid = original.st_uid if original.st_uid != mine.st_uid else -1
    gid = original.st_gid if original.st_gid != mine.st_gid else -1
    if uid != -1 or gid != -1:
        try:
            os.fchown(descriptor, uid, gid)
        except PermissionError:
            raise WriteRefused("无法保留文件的属主和属组（权限不够），为免改变属主，未写回") from None
    # After the chown, which clears set-user-ID and set-group-ID bits.
    os.fchmod(descriptor, stat.S_IMODE(original.st_mode))


def _keep_mode_and_owner_if_permitted(descriptor: int, original: os.stat_result) -> None:
    """For ``-o`` and baselines: a report file of another owner becomes the writer's, as with ``>``.

    Unlike a checked file (:func:`_keep_owner_and_mode` refuses), the report is zhlint's own
    output: refusing would leave a stale report, so only the mode is kept when chown is not allowed.
    """
    mine = os.fstat(descriptor)
    uid = original.st_uid if original.st_uid != mine.st_uid else -1
    gid = original.st_gid if original.st_gid != mine.st_gid else -1
    if uid != -1 or gid != -1:
        with contextlib.suppress(PermissionError):
            os.fchown(descriptor, uid, gid)
    os.fchmod(descriptor, stat.S_IMODE(original.st_mode))


def _refuse_changed(target: Path, locked: int, snapshot: Snapshot) -> None:
    changed = WriteRefused("文件在检查期间被其他程序修改，未写回（请重新运行 --fix）")
    opened, now = os.fstat(locked), os.stat(target)
    if (opened.st_ino, opened.st_dev) != (now.st_ino, now.st_dev) or not snapshot.matches(now):
        raise changed
    if _read_at_most(locked, len(snapshot.data) + 1) != snapshot.data:
        raise changed


def _read_at_most(descriptor: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    remaining = limit
    while remaining > 0:
        chunk = os.read(descriptor, min(remaining, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


@contextlib.contextmanager
def _locked(target: Path) -> Iterator[int]:
    """An exclusive advisory lock on the file now at ``target``, held while the block runs.

    O_NONBLOCK: should the file have been swapped for a FIFO, opening it must not hang.
    """
    descriptor = os.open(target, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if fcntl is not None:
            _wait_for_lock(descriptor)
        yield descriptor
    finally:
        os.close(descriptor)  # releases the lock


def _wait_for_lock(descriptor: int) -> None:
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise WriteRefused(f"文件被另一个进程锁定超过 {LOCK_WAIT_SECONDS:g} 秒，未写回") from None
            time.sleep(0.01)


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]
    os.fsync(descriptor)


@contextlib.contextmanager
def _temporary_beside(target: Path, mode: int) -> Iterator[tuple[int, Path]]:
    """A new temporary file next to ``target``, removed on failure and on catchable signals."""
    with _removed_on_signals() as pending:
        descriptor, temporary = _create_temporary(target, mode, pending)
        try:
            try:
                yield descriptor, temporary
            finally:
                os.close(descriptor)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        finally:
            pending.clear()


def _create_temporary(target: Path, mode: int, pending: list[Path]) -> tuple[int, Path]:
    """Create the file only once its name is in ``pending``, so a signal cannot miss it."""
    prefix = f".{target.name[:_NAME_KEPT]}.{os.getpid()}-"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    import secrets  # here: a check that writes nothing need not load it (random, base64; issue 12)

    while True:
        temporary = target.parent / f"{prefix}{secrets.token_hex(4)}{TEMPORARY_SUFFIX}"
        pending.append(temporary)
        try:
            return os.open(temporary, flags, mode), temporary
        except FileExistsError:
            pending.remove(temporary)
        except BaseException:
            pending.remove(temporary)
            raise


@contextlib.contextmanager
def _removed_on_signals() -> Iterator[list[Path]]:
    """While the block runs, SIGTERM, SIGINT and SIGHUP first remove the pending temporary file.

    Then the signal does what it did before: the default action (the process ends by the
    signal, as the caller expects), a Python handler (Ctrl-C's KeyboardInterrupt, whose unwinding
    removes the file anyway), or nothing when it was ignored. Handlers can only be set from the
    main thread; elsewhere only the unwinding cleans up.
    """
    pending: list[Path] = []
    if threading.current_thread() is not threading.main_thread():
        yield pending
        return
    previous = {number: signal.getsignal(number) for number in _SIGNALS}

    def on_signal(number: int, frame: FrameType | None) -> None:
        before = previous[number]
        if before == signal.SIG_IGN:
            return
        if callable(before):
            before(number, frame)
            return
        for temporary in pending:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        signal.signal(number, signal.SIG_DFL)
        os.kill(os.getpid(), number)

    for number in _SIGNALS:
        signal.signal(number, on_signal)
    try:
        yield pending
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)


_swept: set[Path] = set()  # directories already cleaned by this process: once each is enough


def remove_stale_temporaries(directory: Path) -> list[Path]:
    """Remove the temporary files that a zhlint process killed by SIGKILL left in ``directory``.

    Only files named as :func:`_create_temporary` names them, whose process is gone, are removed.
    """
    if directory in _swept:
        return []
    _swept.add(directory)
    try:
        names = os.listdir(directory)
    except OSError:
        return []
    removed = []
    for name in names:
        found = _TEMPORARY_NAME.match(name)
        if found is None or _process_alive(int(found["pid"])):
            continue
        stale = directory / name
        with contextlib.suppress(OSError):
            if stat.S_ISREG(os.lstat(stale).st_mode):
                os.unlink(stale)
                removed.append(stale)
    return removed


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # another user's process (or a number that is no pid): leave its file
    return True


def _fsync_directory(directory: Path) -> None:
    """Make the rename durable where the platform allows opening a directory."""
    with contextlib.suppress(OSError):
        descriptor = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
