import os
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.core.management import call_command
from django.db import connection

from tests.storage import on_s3

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def url(name):
    s = connection.settings_dict
    return (
        f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"
    )


def counts(dbname):
    tables = [m._meta.db_table for m in apps.get_models() if m._meta.managed]
    with psycopg.connect(url(dbname), autocommit=True) as conn:
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608


def restore_target(tmp_path):
    """Where the media are restored to (env for scripts/restore) and a storage reading it back:
    a fresh folder, or with MEDIA_STORAGE=s3 a fresh bucket (same key prefix)."""
    if not on_s3():
        media = tmp_path / "restored-media"
        return {"MEDIA_ROOT": str(media)}, FileSystemStorage(location=media)
    default = django_settings.STORAGES["default"]
    bucket = f"{default['OPTIONS']['bucket_name']}-restored"
    storage = storages.create_storage({**default, "OPTIONS": {**default["OPTIONS"], "bucket_name": bucket}})
    if storage.bucket.creation_date is None:
        storage.bucket.create()
    storage.bucket.objects.all().delete()
    return {"S3_BUCKET": bucket}, storage


def test_backup_restores_into_a_fresh_database_with_equal_counts(tmp_path, settings):
    if connection.vendor != "postgresql":
        pytest.skip("backup and restore are for PostgreSQL (set DATABASE_URL)")
    call_command("seed_demo", verbosity=0)
    stored = default_storage.save("photos/proof.jpg", ContentFile(b"\xff\xd8not-really-a-jpeg"))
    source = connection.settings_dict["NAME"]
    target = f"{source}_restored"
    with psycopg.connect(url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{target}"')
        conn.execute(f'CREATE DATABASE "{target}"')
    try:
        env = {**os.environ, "MEDIA_ROOT": str(settings.MEDIA_ROOT)}
        subprocess.run(
            [ROOT / "scripts" / "backup", tmp_path], env={**env, "DATABASE_URL": url(source)}, check=True
        )
        target_env, restored = restore_target(tmp_path)
        subprocess.run(
            [ROOT / "scripts" / "restore", tmp_path],
            env={**env, "DATABASE_URL": url(target), **target_env},
            check=True,
        )
        before, after = counts(source), counts(target)
        assert before == after
        assert before["accounts_facility"] >= 300
        with restored.open(stored, "rb") as fh:
            assert fh.read() == b"\xff\xd8not-really-a-jpeg"
    finally:
        with psycopg.connect(url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
