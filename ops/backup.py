"""Backups: the PostgreSQL database and the uploaded files, together in one dated archive.

    make backup                                   # python -m ops.backup create
    make restore BACKUP=backups/x.tar DATABASE=hub_restored MEDIA=/srv/hub/media-restored
    make restore BACKUP=backups/x.tar DATABASE=hub_restored STORAGE=s3://hub-restored

`create` reads DATABASE_URL and the file storage as the app does (thscp/settings.py:
MEDIA_ROOT, or object storage when STORAGE_URL or AWS_* configure it) and writes
backups/partnership-hub-<UTC time>.tar (BACKUP_DIR changes the folder), holding:

  database.dump   pg_dump's custom format (compressed; pg_restore reads it)
  media/...       every stored file, at its name in the storage
  manifest.json   when, which database, pg_dump's version, and the SHA-256 of each member

`restore` checks every member against the manifest first, then restores the database into
the named database on the same server as DATABASE_URL (created if missing; refused if it
already holds tables, unless --replace) and the files into the named folder, or into the
object storage a STORAGE_URL names (refused if it holds files, unless --replace). Point
DATABASE_URL and MEDIA_ROOT (or STORAGE_URL) at them to run the restored service.

A backup holds case records about children: keep it where the live data may be kept,
encrypted at rest, and delete it on the schedule agreed with the data protection officer.
"""

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

DUMP = "database.dump"
MANIFEST = "manifest.json"
MEDIA = "media"


class BackupError(Exception):
    pass


def _settings():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thscp.settings")
    from django.conf import settings

    return settings


def _libpq_environment(database: dict, name: str | None = None) -> dict:
    """The connection for pg_dump and pg_restore, in libpq's environment variables, so
    that no password appears in a process list."""
    if "postgresql" not in database["ENGINE"]:
        raise BackupError("Backups need PostgreSQL: DATABASE_URL names another database.")
    environment = {**os.environ, "PGDATABASE": name or database["NAME"]}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if database.get(key):
            environment[variable] = str(database[key])
    return environment


def _run(command: list[str], environment: dict) -> str:
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")
    return result.stdout


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def stored_names(storage) -> list[str]:
    """Every file name in a Django storage (the disk or object storage), walked folder by
    folder since a storage lists one level at a time."""
    names, folders = [], [""]
    while folders:
        folder = folders.pop()
        subfolders, files = storage.listdir(folder)
        names += [f"{folder}/{name}" if folder else name for name in files]
        folders += [f"{folder}/{name}" if folder else name for name in subfolders]
    return sorted(names)


def _download(storage, into: Path) -> None:
    """Copy every file of object storage into a folder, at its name there."""
    for name in stored_names(storage):
        destination = into / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, destination.open("wb") as target:
            shutil.copyfileobj(source, target, 1024 * 1024)


def create(
    *,
    database: dict,
    media_root: Path | None = None,
    output_dir: Path,
    storage=None,
    now: datetime | None = None,
) -> Path:
    """Write one archive of the database and the uploaded files (from the folder
    `media_root`, or from `storage` when files are in object storage); returns its path."""
    now = now or datetime.now(UTC)
    output_dir.mkdir(parents=True, exist_ok=True)
    target = output_dir / f"partnership-hub-{now:%Y-%m-%dT%H%M%SZ}.tar"
    environment = _libpq_environment(database)
    with tempfile.TemporaryDirectory() as folder:
        if storage is not None:
            # The archive's manifest needs every file's digest before it is written, so
            # the objects come down first, into this private temporary folder.
            media_root = Path(folder) / MEDIA
            media_root.mkdir()
            _download(storage, media_root)
        dump = Path(folder) / DUMP
        _run(["pg_dump", "--format=custom", "--compress=6", f"--file={dump}"], environment)
        files = (
            sorted(path for path in media_root.rglob("*") if path.is_file()) if media_root.exists() else []
        )
        manifest = {
            "created_at": now.isoformat(),
            "database": database["NAME"],
            "pg_dump": _run(["pg_dump", "--version"], environment).strip(),
            "members": {DUMP: _sha256(dump)}
            | {f"{MEDIA}/{path.relative_to(media_root).as_posix()}": _sha256(path) for path in files},
        }
        manifest_path = Path(folder) / MANIFEST
        manifest_path.write_text(json.dumps(manifest, indent=2))
        partial = target.with_suffix(".tar.partial")
        # Owner-only: the archive holds case records.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as stream, tarfile.open(fileobj=stream, mode="w") as archive:
            archive.add(manifest_path, arcname=MANIFEST)
            archive.add(dump, arcname=DUMP)
            for path in files:
                archive.add(path, arcname=f"{MEDIA}/{path.relative_to(media_root).as_posix()}")
        partial.rename(target)  # complete, or not there at all
    return target


def _has_tables(environment: dict) -> bool | None:
    """True if the database holds tables, False if empty, None if it does not exist."""
    result = subprocess.run(  # noqa: S603
        ["psql", "-tAc", "select count(*) from pg_tables where schemaname = 'public'"],  # noqa: S607
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        if "does not exist" in result.stderr:
            return None
        raise BackupError(f"psql failed: {result.stderr.strip()}")
    return int(result.stdout.strip() or 0) > 0


def restore(
    *,
    archive: Path,
    database: dict,
    name: str,
    media_root: Path | None = None,
    storage=None,
    replace: bool = False,
) -> dict:
    """Restore an archive into the database `name` (on DATABASE_URL's server) and the
    folder `media_root`, or the object storage `storage`. Returns what was restored."""
    if (media_root is None) == (storage is None):
        raise BackupError("Name one place for the files: a folder or an object storage.")
    environment = _libpq_environment(database, name)
    with tempfile.TemporaryDirectory() as folder, tarfile.open(archive) as tar:
        # The "data" filter refuses absolute paths, "..", links outside and device files.
        tar.extractall(folder, filter="data")
        root = Path(folder)
        manifest = json.loads((root / MANIFEST).read_text())
        for member, expected in manifest["members"].items():
            path = root / member
            if not path.is_file() or _sha256(path) != expected:
                raise BackupError(f"The archive is damaged: {member} does not match its manifest.")
        extra = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()} - {MANIFEST}
        if extra - set(manifest["members"]):
            raise BackupError("The archive holds files its manifest does not list.")

        state = _has_tables(environment)
        if state and not replace:
            raise BackupError(
                f"Database {name} already holds tables: restore into a new one, or pass --replace."
            )
        if storage is not None:
            in_use = stored_names(storage)
            if in_use and not replace:
                raise BackupError(
                    "The object storage already holds files: restore into an empty bucket or prefix, "
                    "or pass --replace."
                )
        elif media_root.exists() and any(media_root.iterdir()) and not replace:
            raise BackupError(
                f"{media_root} already holds files: restore into an empty folder, or pass --replace."
            )

        if state is None:
            _run(["createdb", name], {**environment, "PGDATABASE": "postgres"})

        # One transaction: all of it or nothing (and far fewer commits, so faster).
        command = ["pg_restore", "--no-owner", "--no-privileges", "--single-transaction", f"--dbname={name}"]
        if state and replace:
            command += ["--clean", "--if-exists"]
        _run([*command, str(root / DUMP)], environment)

        source = root / MEDIA
        files = sorted(path for path in source.rglob("*") if path.is_file()) if source.exists() else []
        if storage is not None:
            restored_files = _upload(storage, source, files)
        else:
            media_root.mkdir(parents=True, exist_ok=True)
            for path in files:
                destination = media_root / path.relative_to(source)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, destination)
                os.chmod(destination, 0o640)  # as FILE_UPLOAD_PERMISSIONS
            restored_files = len(files)
    return {
        "database": name,
        "media_root": str(media_root) if storage is None else _describe(storage),
        "files": restored_files,
        "created_at": manifest["created_at"],
    }


def _upload(storage, source: Path, files: list[Path]) -> int:
    """Put each file into object storage at exactly its old name: the records name it."""
    from django.core.files import File

    for path in files:
        name = path.relative_to(source).as_posix()
        if storage.exists(name):  # only with --replace: refused above otherwise
            storage.delete(name)
        with path.open("rb") as stream:
            saved = storage.save(name, File(stream, name=name))
        if saved != name:
            raise BackupError(f"The object storage stored {name} as {saved}: the records would not find it.")
    return len(files)


def _describe(storage) -> str:
    bucket = getattr(storage, "bucket_name", "")
    location = getattr(storage, "location", "")
    return f"s3://{bucket}/{location}".rstrip("/") if bucket else str(storage)


def _object_storage(storage_url: str):
    """The Django storage a STORAGE_URL names (credentials from the environment)."""
    from django.core.files.storage import storages

    from thscp.storage import default_storage_setting

    setting = default_storage_setting(storage_url, os.environ)
    if setting["BACKEND"] == "django.core.files.storage.FileSystemStorage":
        raise BackupError("--storage-url must name object storage, such as s3://bucket?region=eu-west-2")
    return storages.create_storage(setting)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ops.backup", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("create", help="Back up the database and the uploaded files.")
    make.add_argument("--output-dir", default=os.environ.get("BACKUP_DIR", "backups"))
    back = commands.add_parser("restore", help="Restore an archive into a named database and folder.")
    back.add_argument("archive", type=Path)
    back.add_argument("--database", required=True, help="The database to restore into (same server).")
    place = back.add_mutually_exclusive_group(required=True)
    place.add_argument("--media", type=Path, help="The folder to restore the files into.")
    place.add_argument("--storage-url", help="The object storage to restore the files into (s3://bucket...).")
    back.add_argument("--replace", action="store_true", help="Overwrite a database or folder in use.")
    arguments = parser.parse_args(argv)
    settings = _settings()
    database = settings.DATABASES["default"]
    try:
        if arguments.command == "create":
            from thscp.storage import uses_object_storage

            if uses_object_storage():
                from django.core.files.storage import default_storage

                files = {"storage": default_storage}
            else:
                files = {"media_root": Path(settings.MEDIA_ROOT)}
            path = create(database=database, output_dir=Path(arguments.output_dir), **files)
            print(f"Backed up to {path}")
        else:
            if arguments.storage_url:
                files = {"storage": _object_storage(arguments.storage_url)}
            else:
                files = {"media_root": arguments.media}
            result = restore(
                archive=arguments.archive,
                database=database,
                name=arguments.database,
                replace=arguments.replace,
                **files,
            )
            print(
                f"Restored the backup of {result['created_at']} into database {result['database']} "
                f"and {result['files']} file(s) into {result['media_root']}"
            )
    except BackupError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
