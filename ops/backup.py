"""Backups: the PostgreSQL database and the uploaded files, together in one dated archive.

    make backup                                   # python -m ops.backup create
    make restore BACKUP=backups/x.tar DATABASE=hub_restored MEDIA=/srv/hub/media-restored

`create` reads DATABASE_URL and MEDIA_ROOT as the app does (thscp/settings.py) and writes
backups/partnership-hub-<UTC time>.tar (BACKUP_DIR changes the folder), holding:

  database.dump   pg_dump's custom format (compressed; pg_restore reads it)
  media/...       every file under MEDIA_ROOT, at its path there
  manifest.json   when, which database, pg_dump's version, and the SHA-256 of each member

`restore` checks every member against the manifest first, then restores the database into
the named database on the same server as DATABASE_URL (created if missing; refused if it
already holds tables, unless --replace) and the files into the named folder (refused if
it holds files, unless --replace). Point DATABASE_URL and MEDIA_ROOT at them to run the
restored service.

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


def create(*, database: dict, media_root: Path, output_dir: Path, now: datetime | None = None) -> Path:
    """Write one archive of the database and the uploaded files; returns its path."""
    now = now or datetime.now(UTC)
    output_dir.mkdir(parents=True, exist_ok=True)
    target = output_dir / f"partnership-hub-{now:%Y-%m-%dT%H%M%SZ}.tar"
    environment = _libpq_environment(database)
    with tempfile.TemporaryDirectory() as folder:
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


def restore(*, archive: Path, database: dict, name: str, media_root: Path, replace: bool = False) -> dict:
    """Restore an archive into the database `name` (on DATABASE_URL's server) and the
    folder `media_root`. Returns what was restored."""
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
        if state is None:
            _run(["createdb", name], {**environment, "PGDATABASE": "postgres"})
        if media_root.exists() and any(media_root.iterdir()) and not replace:
            raise BackupError(
                f"{media_root} already holds files: restore into an empty folder, or pass --replace."
            )

        # One transaction: all of it or nothing (and far fewer commits, so faster).
        command = ["pg_restore", "--no-owner", "--no-privileges", "--single-transaction", f"--dbname={name}"]
        if state and replace:
            command += ["--clean", "--if-exists"]
        _run([*command, str(root / DUMP)], environment)

        media_root.mkdir(parents=True, exist_ok=True)
        restored_files = 0
        source = root / MEDIA
        if source.exists():
            for path in source.rglob("*"):
                if path.is_file():
                    destination = media_root / path.relative_to(source)
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, destination)
                    os.chmod(destination, 0o640)  # as FILE_UPLOAD_PERMISSIONS
                    restored_files += 1
    return {
        "database": name,
        "media_root": str(media_root),
        "files": restored_files,
        "created_at": manifest["created_at"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ops.backup", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("create", help="Back up the database and the uploaded files.")
    make.add_argument("--output-dir", default=os.environ.get("BACKUP_DIR", "backups"))
    back = commands.add_parser("restore", help="Restore an archive into a named database and folder.")
    back.add_argument("archive", type=Path)
    back.add_argument("--database", required=True, help="The database to restore into (same server).")
    back.add_argument("--media", required=True, type=Path, help="The folder to restore the files into.")
    back.add_argument("--replace", action="store_true", help="Overwrite a database or folder in use.")
    arguments = parser.parse_args(argv)
    settings = _settings()
    database = settings.DATABASES["default"]
    try:
        if arguments.command == "create":
            path = create(
                database=database, media_root=Path(settings.MEDIA_ROOT), output_dir=Path(arguments.output_dir)
            )
            print(f"Backed up to {path}")
        else:
            result = restore(
                archive=arguments.archive,
                database=database,
                name=arguments.database,
                media_root=arguments.media,
                replace=arguments.replace,
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
