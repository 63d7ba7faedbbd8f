from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dataset.demo import load_dataset_demo
from governance.demo import DEMO_PASSWORD, load_governance_demo
from priorities.demo import load_priorities_demo
from reviews.demo import load_reviews_demo
from thscp.learning import load_learning_demo
from thscp.reports.demo import load_report_demo
from training.demo import load_training_demo


class Command(BaseCommand):
    help = "Load a realistic demo partnership (fictional people). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Load even with debug off (never on a live partnership)."
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to load demo data with DEBUG off: this looks like a live system. "
                "Use --force only on a disposable demo server."
            )
        logins = load_governance_demo()
        load_reviews_demo()
        load_priorities_demo()
        load_training_demo()
        load_learning_demo()  # webinars after reviews: training's, linked to reviews'
        load_dataset_demo()
        load_report_demo()
        self.stdout.write(self.style.SUCCESS("Demo partnership loaded."))
        self.stdout.write("")
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        width = max(len(email) for email, _ in logins)
        for email, role_names in logins:
            self.stdout.write(f"  {email.ljust(width)}  {role_names}")
