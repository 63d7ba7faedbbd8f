"""One Celery beat at a time, guaranteed by a lock rather than by a README sentence.

Two beats would send every scheduled email twice. Each beat, as it starts, takes a
PostgreSQL advisory lock on a connection of its own and holds it for its lifetime; a
second beat waits on standby until the first one's connection ends (it stopped, its
machine died), then takes over. The lock belongs to the database session, so a beat
that crashes releases it without anyone's help.

A watchdog checks the connection: if it breaks (the database restarted), the lock may
already be someone else's, so the beat exits and its supervisor starts it again, to
queue behind whoever holds the lock now.
"""

import logging
import os
import threading
import time

from django.db import connections

logger = logging.getLogger("thscp.beat")

# Any constant shared by every beat of a deployment; one database per deployment.
BEAT_LOCK_KEY = 0x7468736370  # "thscp"
STANDBY_POLL_SECONDS = 10
WATCHDOG_SECONDS = 30


class BeatLock:
    """The advisory lock, held on a database connection of its own.

    The raw driver connection is used, not Django's wrapper: the wrapper reconnects
    silently, which would hide a lost lock, and it may not cross threads."""

    def __init__(self, alias: str = "default"):
        self._wrapper = connections.create_connection(alias)
        self.vendor = self._wrapper.vendor
        self._raw = None

    @property
    def supported(self) -> bool:
        return self.vendor == "postgresql"

    def try_acquire(self) -> bool:
        if self._raw is None:
            self._wrapper.ensure_connection()
            self._raw = self._wrapper.connection
            self._raw.autocommit = True
        with self._raw.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [BEAT_LOCK_KEY])
            return bool(cursor.fetchone()[0])

    def is_alive(self) -> bool:
        if self._raw is None or self._raw.closed:
            return False
        try:
            with self._raw.cursor() as cursor:
                cursor.execute("SELECT 1")
            return True
        except Exception:  # noqa: BLE001 - any failure means the lock can no longer be trusted
            return False

    def release(self) -> None:
        if self._raw is not None:
            self._raw.close()
        self._raw = None


_held: BeatLock | None = None


def hold_beat_lock(*, poll_seconds: float = STANDBY_POLL_SECONDS, exit_process=os._exit) -> BeatLock | None:
    """Blocks until this process holds the beat lock, then watches it. Returns the lock
    (None where the database cannot hold one: SQLite, where `make run` runs no beat)."""
    global _held
    lock = BeatLock()
    if not lock.supported:
        logger.warning("beat lock needs PostgreSQL; running without one on %s", lock.vendor)
        lock.release()
        return None
    announced = False
    while not lock.try_acquire():
        if not announced:
            logger.info("another beat holds the lock; standing by")
            announced = True
        time.sleep(poll_seconds)
    logger.info("beat lock taken; this beat schedules the tasks")
    _held = lock

    def watch():
        while True:
            time.sleep(WATCHDOG_SECONDS)
            if not lock.is_alive():
                logger.error("beat lock connection lost; exiting so that one beat stays in charge")
                exit_process(1)
                return

    threading.Thread(target=watch, name="beat-lock-watchdog", daemon=True).start()
    return lock
