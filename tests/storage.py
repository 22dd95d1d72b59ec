"""Tests that store files run on the storage the settings name: local disk by default, an S3
bucket when MEDIA_STORAGE=s3 (the second pass in .ci/run, against moto_server). Each test gets
a media area of its own: a folder, or a key prefix in the bucket."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import default_storage, storages

from safemap.storage_archive import stored_names


def on_s3() -> bool:
    return settings.MEDIA_STORAGE == "s3"


def isolate_media(settings, tmp_path):
    if on_s3():
        default = settings.STORAGES["default"]
        options = {**default["OPTIONS"], "location": f"test-{uuid.uuid4().hex}"}
        settings.STORAGES = {**settings.STORAGES, "default": {**default, "OPTIONS": options}}
    else:
        settings.MEDIA_ROOT = tmp_path / "media"


def stored_files() -> list[PurePosixPath]:
    """Every file in this test's media area, whatever the backend."""
    return sorted(PurePosixPath(n) for n in stored_names(default_storage))


def create_bucket():
    bucket = storages.create_storage(settings.STORAGES["default"]).bucket
    if bucket.creation_date is None:
        bucket.create()
