"""The media archive behind scripts/backup and scripts/restore with MEDIA_STORAGE=s3, here on a
local folder: files come back under their own names; an archive cannot write outside."""

import io
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from safemap.storage_archive import dump, load


def test_dump_and_load_give_back_every_file_under_its_name(tmp_path):
    source = FileSystemStorage(location=tmp_path / "a")
    names = ["photos/2026/12/x.jpg", "signatures/2026/12/y.png", "exports/abc/danh-sach.csv"]
    for n, name in enumerate(names):
        source.save(name, ContentFile(b"file %d" % n))
    assert dump(source, tmp_path / "media.tar.gz") == 3
    target = FileSystemStorage(location=tmp_path / "b")
    target.save(names[0], ContentFile(b"older"))  # restoring over a file replaces it
    assert load(target, tmp_path / "media.tar.gz") == 3
    for n, name in enumerate(names):
        with target.open(name, "rb") as fh:
            assert fh.read() == b"file %d" % n


@pytest.mark.parametrize("name", ["../outside.txt", "/etc/outside.txt", "photos/../../outside.txt"])
def test_an_archive_naming_a_file_outside_the_storage_is_refused(tmp_path, name):
    archive = tmp_path / "bad.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo(name)
        info.size = 3
        tar.addfile(info, io.BytesIO(b"bad"))
    with pytest.raises(ValueError, match="outside the media storage"):
        load(FileSystemStorage(location=tmp_path / "media"), archive)
    assert not (tmp_path / "outside.txt").exists()
