import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from governance import roles
from governance.models import Person, User
from thscp.scale import SCALE_EMAIL_DOMAIN, Scaler


class Command(BaseCommand):
    help = (
        "Add N times the demo data, years further back (run after seed_demo): ten years of "
        "meetings, actions, risks, cases, dataset returns, priorities and training, in bulk, "
        "with History. For benchmarks and demonstrations, never a live partnership."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--factor",
            type=int,
            required=True,
            help="How many copies of the demo's records to add (1 or more).",
        )
        parser.add_argument(
            "--force", action="store_true", help="Run with debug off (only on a disposable server)."
        )

    def handle(self, *args, factor, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to add scale data with DEBUG off: this looks like a live system. "
                "Use --force only on a disposable demo or benchmark server."
            )
        if factor < 1:
            raise CommandError("--factor must be 1 or more")
        if not Person.objects.exists():
            raise CommandError("There is nothing to copy: run `manage.py seed_demo` first.")
        if Person.objects.filter(email__endswith=f"@{SCALE_EMAIL_DOMAIN}").exists():
            raise CommandError(
                "Scale data is already loaded: copies of copies would not be the demo's shape. "
                "Start again from a fresh database with seed_demo."
            )
        history_user = (
            User.objects.filter(groups__name=roles.BUSINESS_UNIT, is_active=True).order_by("pk").first()
        )
        started = time.perf_counter()
        scaler = Scaler(factor=factor, history_user=history_user)
        written = scaler.run()
        elapsed = time.perf_counter() - started
        total = sum(written.values())
        self.stdout.write(
            self.style.SUCCESS(f"Added {total} records ({factor} copies of the demo) in {elapsed:.1f} s.")
        )
        for label, count in sorted(written.items()):
            skipped = scaler.skipped.get(label, 0)
            note = f" ({skipped} left out: their period was already recorded)" if skipped else ""
            self.stdout.write(f"  {label}: {count}{note}")
