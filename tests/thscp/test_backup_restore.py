"""make backup / make restore: a backup of a database with records and files, restored
into a scratch database and folder, holds the same rows and the same files.

Needs PostgreSQL and its client programs: skipped on a laptop without them, failing in CI.
"""

import hashlib
import io
import json
import tarfile
from pathlib import Path

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from governance import services
from governance.models import Document
from ops import backup
from tests.governance.factories import ActionFactory, PersonFactory, UserFactory
from tests.governance.uploads import PDF, office_document
from tests.reviews.factories import LocalReviewFactory
from tests.thscp.databases import server_url, tables

pytestmark = pytest.mark.services


def _files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


@pytest.fixture
def records_and_files(settings, tmp_path):
    """Records of several kinds, with uploaded files in MEDIA_ROOT."""
    business_unit = UserFactory()
    ActionFactory.create_batch(3, owner=PersonFactory(full_name="Zoë Ó Briain"))
    LocalReviewFactory(final_report=SimpleUploadedFile("final.pdf", PDF))
    document = Document.objects.create(
        title="Arrangements", kind=Document.Kind.ARRANGEMENTS, owner=PersonFactory()
    )
    services.add_document_version(
        document=document, upload=SimpleUploadedFile("plan.docx", office_document(".docx")), by=business_unit
    )
    assert len(_files(Path(settings.MEDIA_ROOT))) == 2


def _archive_by_hand(folder: Path, media: dict[str, bytes], tamper: bool = False) -> Path:
    """An archive as `create` writes it (without pg_dump), for the refusals below."""
    members = {
        backup.DUMP: b"not read: refused before",
        **{f"media/{name}": data for name, data in media.items()},
    }
    manifest = {
        "created_at": "2026-11-30T02:00:00+00:00",
        "database": "hub",
        "pg_dump": "pg_dump (PostgreSQL) 15",
        "members": {name: hashlib.sha256(data).hexdigest() for name, data in members.items()},
    }
    if tamper:
        members["media/private/papers/a.pdf"] += b"tampered"
    path = folder / "archive.tar"
    with tarfile.open(path, "w") as archive:
        for name, data in [(backup.MANIFEST, json.dumps(manifest).encode()), *members.items()]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_has_the_same_records_and_files(records_and_files, scratch, settings, tmp_path):
    media_root = Path(settings.MEDIA_ROOT)
    archive = backup.create(
        database=connection.settings_dict, media_root=media_root, output_dir=tmp_path / "backups"
    )
    assert archive.stat().st_mode & 0o777 == 0o600
    restored_media = tmp_path / "restored-media"
    result = backup.restore(
        archive=archive, database=connection.settings_dict, name=scratch, media_root=restored_media
    )
    assert result["files"] == 2
    original = tables(connection.settings_dict["NAME"])
    assert original["governance_action"][0] == 3
    assert tables(scratch) == original
    assert _files(restored_media) == _files(media_root)


def test_a_damaged_archive_is_refused_before_anything_is_restored(scratch, tmp_path):
    archive = _archive_by_hand(tmp_path, {"private/papers/a.pdf": PDF}, tamper=True)
    with pytest.raises(backup.BackupError, match="damaged"):
        backup.restore(
            archive=archive, database=connection.settings_dict, name=scratch, media_root=tmp_path / "m"
        )
    with psycopg.connect(server_url("postgres")) as server:
        assert not server.execute("select 1 from pg_database where datname = %s", [scratch]).fetchone()
    assert not (tmp_path / "m").exists()


@pytest.mark.django_db
def test_restore_refuses_a_database_in_use(postgresql, tmp_path):
    archive = _archive_by_hand(tmp_path, {"private/papers/a.pdf": PDF})
    with pytest.raises(backup.BackupError, match="already holds tables"):
        backup.restore(
            archive=archive,
            database=connection.settings_dict,
            name=connection.settings_dict["NAME"],
            media_root=tmp_path / "m",
        )
