from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from thscp.reminders import services as reminders


class Command(BaseCommand):
    help = "Send today's deadline reminders (the 07:00 job), or show who would get what."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as if today were this date (YYYY-MM-DD).")
        parser.add_argument("--dry-run", action="store_true", help="Print who would get what; send nothing.")

    def handle(self, *args, date=None, dry_run=False, **options):
        today = self._parse(date) if date else timezone.localdate()
        if dry_run:
            planned = reminders.plan_reminders(today)
            if not planned:
                self.stdout.write(f"Nothing to remind on {today:%-d %B %Y}.")
            by_person = {}
            for item in planned:
                by_person.setdefault(item.recipient, []).append(item)
            for recipient, items in sorted(by_person.items()):
                self.stdout.write(f"{recipient} ({len(items)}):")
                for item in items:
                    flag = " [statutory]" if item.statutory else ""
                    self.stdout.write(
                        f"  {item.urgency}: {item.title}{flag} – due {item.due_on:%-d %B %Y} ({item.stage})"
                    )
            self.stdout.write("Dry run: nothing was claimed or sent.")
            return
        run = reminders.run_reminders(today=today, triggered_by="send_reminders command")
        self.stdout.write(
            self.style.SUCCESS(
                f"{run.items_claimed} reminder(s) in {run.digests_created} digest(s) for {today:%-d %B %Y}."
            )
        )

    @staticmethod
    def _parse(value: str) -> date:
        try:
            return date.fromisoformat(value)
        except ValueError as error:
            raise CommandError(f"--date must be YYYY-MM-DD, not {value!r}") from error
