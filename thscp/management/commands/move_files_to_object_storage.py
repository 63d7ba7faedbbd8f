"""Copy an existing deployment's files from the local disk into object storage.

Run once, with STORAGE_URL (or AWS_*) set and MEDIA_ROOT still pointing at the old
folder, before the web nodes start with object storage:

    python manage.py move_files_to_object_storage

Every file under MEDIA_ROOT is copied under the same name, so the names the records and
their History hold stay valid: including old document versions that only History
names. A file already in the bucket with the same size is left alone, so the command
can be run again after an interruption. Nothing on the disk is deleted: remove the old
folder once the deployment runs on object storage.
"""

from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from thscp.storage import uses_object_storage


class Command(BaseCommand):
    help = "Copy every file under MEDIA_ROOT into the configured object storage, keeping names."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would be copied; copy nothing.")

    def handle(self, *args, dry_run=False, **options):
        if not uses_object_storage():
            raise CommandError("Object storage is not configured: set STORAGE_URL (see README.md) first.")
        source = Path(settings.MEDIA_ROOT)
        if not source.is_dir():
            raise CommandError(f"MEDIA_ROOT ({source}) is not a folder: there is nothing to copy.")
        copied = present = 0
        for path in sorted(p for p in source.rglob("*") if p.is_file()):
            name = path.relative_to(source).as_posix()
            if default_storage.exists(name):
                if default_storage.size(name) != path.stat().st_size:
                    raise CommandError(
                        f"{name} is already in object storage with different contents; stopping."
                    )
                present += 1
                continue
            if dry_run:
                self.stdout.write(f"Would copy {name}")
                copied += 1
                continue
            with path.open("rb") as handle:
                saved = default_storage.save(name, File(handle, name=path.name))
            if saved != name:  # the storage never renames, but a renamed copy would orphan the record
                raise CommandError(f"{name} was stored as {saved}; stopping.")
            copied += 1
        verb = "Would copy" if dry_run else "Copied"
        self.stdout.write(f"{verb} {copied} files; {present} already there.")
