"""The database file during a load: one loader at a time, a work copy, an atomic swap.

`work_copy(db_path)` yields the path of a work copy next to the real database file (a
symlinked `--db` is followed: the target is replaced, the link kept). On success the copy
gets the mode (and, where allowed, the owner) of the file it replaces - a new database is
readable by its owner only - and is renamed over it. After every other outcome, an error or
an exception included, the work files are removed and the database is as before.

A load that must wait for another says so at once (`say`) and waits; with `wait=False` it
stops with `LoadRefused`. Free space is checked before copying. Every refusal is a
`LoadRefused` with a Danish message that says what to do; nothing has been changed then.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import duckdb

from monitor.core.privacy import redact_text

NEW_FILE_MODE = 0o600
SPARE_BYTES = 64 * 1024 * 1024  # head room for the load log, derived tables and DuckDB's own files
WORK_SUFFIXES = (".loading", ".loading.wal", ".loading.tmp")
MB = 1024 * 1024


class LoadRefused(Exception):
    """A load that could not start or finish; the message is Danish and the database unchanged."""


def target_of(db_path: Path | str) -> Path:
    """The real database file behind `db_path` (symlinks followed), as an absolute path."""
    target = Path(os.path.realpath(Path(db_path).expanduser()))
    if "?" in str(target):
        raise LoadRefused(
            f"Stien til databasen ({redact_text(str(target))}) indeholder tegnet «?», som DuckDB læser som "
            "begyndelsen på tilvalg til filnavnet. Vælg en sti uden «?» (fx ved at omdøbe mappen). Intet er ændret."
        )
    if target.exists() and not target.is_file():
        raise LoadRefused(f"Databasen {redact_text(str(target))} er ikke en almindelig fil. Intet er ændret.")
    return target


def work_files(target: Path) -> list[Path]:
    """The temporary files a load of `target` may leave while it runs."""
    return [target.with_name(target.name + suffix) for suffix in WORK_SUFFIXES]


@contextmanager
def work_copy(db_path: Path | str, wait: bool = True, say: Callable[[str], None] = lambda message: None,
              incoming_bytes: int = 0) -> Iterator[Path]:
    target = target_of(db_path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LoadRefused(f"Mappen til databasen ({redact_text(str(target.parent))}) kan ikke oprettes: "
                          f"{_os_reason(exc)}. Intet er ændret.") from None
    with _writer_lock(target, wait, say):
        work = work_files(target)[0]
        _remove_work_files(target)  # left by a load that was killed
        try:
            _check_space(target, incoming_bytes)
            _create_work_file(target, work)
            yield work
            os.replace(work, target)
        except (OSError, duckdb.IOException) as exc:
            if _is_disk_full(exc):
                raise LoadRefused(
                    f"Disken blev fuld under indlæsningen i {redact_text(str(target.parent))}. Frigør plads, og prøv "
                    "igen. Intet er ændret, og de midlertidige filer er fjernet."
                ) from None
            if isinstance(exc, PermissionError):
                raise LoadRefused(f"Ingen skriveadgang til {redact_text(str(target.parent))}. Intet er ændret.") from None
            raise
        finally:
            _remove_work_files(target)


@contextmanager
def _writer_lock(target: Path, wait: bool, say: Callable[[str], None]) -> Iterator[None]:
    """One loader at a time per database file; the lock file says who holds it."""
    lock_path = target.with_name(target.name + ".lock")
    try:
        fh = open(lock_path, "a+")
    except OSError as exc:
        raise LoadRefused(f"Låsefilen {redact_text(str(lock_path))} kan ikke åbnes: {_os_reason(exc)}. "
                          "Intet er ændret.") from None
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip()
            holder = f" ({holder})" if holder else ""
            where = redact_text(str(target))
            if not wait:
                raise LoadRefused(f"En anden indlæsning i {where} er i gang{holder}. Prøv igen, når den er færdig "
                                  "(uden --no-wait venter indlæsningen selv). Intet er ændret.") from None
            say(f"Venter på, at en anden indlæsning i {where} bliver færdig{holder} ...")
            fcntl.flock(fh, fcntl.LOCK_EX)
            say("Den anden indlæsning er færdig; fortsætter.")
        try:
            fh.seek(0)
            fh.truncate()
            fh.write(f"proces {os.getpid()}, startet {dt.datetime.now():%Y-%m-%d %H:%M:%S}")
            fh.flush()
            yield
        finally:
            fh.seek(0)
            fh.truncate()
            fcntl.flock(fh, fcntl.LOCK_UN)


def _check_space(target: Path, incoming_bytes: int) -> None:
    size = target.stat().st_size if target.exists() else 0
    needed = 2 * size + incoming_bytes + SPARE_BYTES
    free = shutil.disk_usage(target.parent).free
    if free < needed:
        raise LoadRefused(
            f"Der er ikke plads nok på disken til indlæsningen: den kræver ca. {needed // MB} MB ledig plads i "
            f"{redact_text(str(target.parent))} (en arbejdskopi af databasen på {size // MB} MB plus plads til de "
            f"nye data), men der er kun {free // MB} MB. Frigør plads, og prøv igen. Intet er ændret."
        )


def _create_work_file(target: Path, work: Path) -> None:
    """The work copy, created with the final mode before any data is written into it."""
    if not target.exists():
        duckdb.connect(str(work)).close()
        os.chmod(work, NEW_FILE_MODE)
        return
    st = target.stat()
    fd = os.open(work, os.O_WRONLY | os.O_CREAT | os.O_EXCL, NEW_FILE_MODE)
    with os.fdopen(fd, "wb") as dst, open(target, "rb") as src:
        try:
            os.fchown(dst.fileno(), st.st_uid, st.st_gid)
        except PermissionError:  # another owner: the loader's user owns the new file
            pass
        os.fchmod(dst.fileno(), st.st_mode & 0o7777)
        shutil.copyfileobj(src, dst, 16 * MB)


def _remove_work_files(target: Path) -> None:
    for path in work_files(target):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _is_disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT)
    return "no space left" in str(exc).lower()


def _os_reason(exc: OSError) -> str:
    return {errno.EACCES: "ingen adgang", errno.EPERM: "ingen adgang", errno.EROFS: "skrivebeskyttet filsystem",
            errno.ENOSPC: "disken er fuld", errno.ENOTDIR: "en del af stien er ikke en mappe"}.get(exc.errno, "fejl fra filsystemet")
