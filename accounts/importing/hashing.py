"""Hashing supplied passwords with Django's normal hasher (Argon2) on every CPU: one hash keeps a
CPU busy for a fraction of a second, so a thousand of them are spread over worker processes."""

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

from django.conf import settings
from django.contrib.auth.hashers import make_password

# Below this many hashes, starting processes costs more than it saves.
POOL_THRESHOLD = 8


def _hash(password: str) -> str:
    return make_password(password)


def _init_child():
    # "spawn" children start clean: settings are read from DJANGO_SETTINGS_MODULE on first use;
    # hashing needs no app registry and no database connection.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safemap.settings")


def can_start_processes() -> bool:
    """Celery's prefork workers are daemonic processes, which multiprocessing forbids to have
    children. There, threads do the same job: argon2-cffi and hashlib release the GIL while
    hashing, so threads run on every CPU too."""
    return not multiprocessing.current_process().daemon


class PasswordHasherPool:
    """Context manager; ``hash_all`` keeps the input order. Processes are started on first use,
    with "spawn" (fork is unsafe in a threaded process with open database connections)."""

    def __init__(self, workers: int | None = None, processes: bool | None = None):
        self.workers = workers or settings.IMPORT_HASH_WORKERS or os.cpu_count() or 1
        self.processes = can_start_processes() if processes is None else processes
        self.executor = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.executor is not None:
            self.executor.shutdown(cancel_futures=True)
        return False

    def hash_all(self, passwords: list[str]) -> list[str]:
        if self.workers < 2 or len(passwords) < POOL_THRESHOLD:
            return [_hash(p) for p in passwords]
        if self.executor is None:
            if self.processes:
                self.executor = ProcessPoolExecutor(
                    self.workers, mp_context=multiprocessing.get_context("spawn"), initializer=_init_child
                )
            else:
                self.executor = ThreadPoolExecutor(self.workers, thread_name_prefix="hash")
        chunk = max(1, len(passwords) // (self.workers * 4)) if self.processes else 1
        return list(self.executor.map(_hash, passwords, chunksize=chunk))
