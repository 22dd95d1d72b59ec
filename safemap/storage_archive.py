"""Uploaded files (photos, signatures, exports) into and out of a tar archive through Django's
storage API, so scripts/backup and scripts/restore handle MEDIA_STORAGE=s3 the way they handle a
local folder. Usage: python -m safemap.storage_archive dump|load ARCHIVE.tar.gz"""

import os
import sys
import tarfile
from pathlib import PurePosixPath


def stored_names(storage, folder=""):
    """Every file name in the storage, walked folder by folder (S3 lists by prefix and '/')."""
    try:
        dirs, files = storage.listdir(folder)
    except FileNotFoundError:  # a local media folder not created yet
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in dirs:
        yield from stored_names(storage, f"{folder}/{sub}" if folder else sub)


def dump(storage, archive_path) -> int:
    count = 0
    with tarfile.open(archive_path, "w:gz") as archive:
        for name in stored_names(storage):
            info = tarfile.TarInfo(name)
            info.size = storage.size(name)
            with storage.open(name, "rb") as fh:
                archive.addfile(info, fh)
            count += 1
    return count


def load(storage, archive_path) -> int:
    """Files keep their names: the database refers to them. A file already there is replaced."""
    count = 0
    with tarfile.open(archive_path, "r:gz") as archive:
        for member in archive:
            if not member.isfile():
                continue
            name = PurePosixPath(member.name.removeprefix("./"))
            if name.is_absolute() or ".." in name.parts:
                raise ValueError(f"refusing {member.name!r}: outside the media storage")
            if storage.exists(str(name)):
                storage.delete(str(name))
            saved = storage.save(str(name), archive.extractfile(member))
            if saved != str(name):
                raise RuntimeError(f"{name} was stored as {saved}")
            count += 1
    return count


def main(argv) -> int:
    if len(argv) != 3 or argv[1] not in ("dump", "load"):
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safemap.settings")
    import django

    django.setup()
    from django.core.files.storage import default_storage

    count = (dump if argv[1] == "dump" else load)(default_storage, argv[2])
    print(f"{argv[1]}: {count} files, {argv[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
