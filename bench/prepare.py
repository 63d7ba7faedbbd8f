"""The Django side of the benchmark, run in its own process against the scratch database:

  python -m bench.prepare sessions N     sign-in sessions for the business unit and an admin
  python -m bench.prepare queries        SQL queries, status and size of each page
  python -m bench.prepare report         the yearly report's render time and pages
  python -m bench.prepare reminders N    the reminder job with N more open deadlines

Each prints one JSON object. Sessions are made directly in the scratch database for a
business unit account and a superuser that have an authenticator app set up, so the
app runs with two-factor sign-in required, as in production, and nothing in the product
is relaxed for the benchmark.
"""

import json
import os
import secrets
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from allauth.mfa.models import Authenticator  # noqa: E402
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.pages import PAGES  # noqa: E402
from governance.middleware import SESSION_STARTED_KEY  # noqa: E402
from governance.models import User  # noqa: E402

BUSINESS_UNIT = "business.unit@example.org"
ADMIN = "bench.admin@example.org"
BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def _with_authenticator(user: User) -> User:
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    return user


def accounts() -> tuple[User, User]:
    business_unit = _with_authenticator(User.objects.get(email=BUSINESS_UNIT))
    admin = User.objects.filter(email=ADMIN).first() or User.objects.create_superuser(
        email=ADMIN, full_name="Benchmark administrator", password=secrets.token_urlsafe(24)
    )
    return business_unit, _with_authenticator(admin)


def _session(user: User) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[SESSION_STARTED_KEY] = time.time()
    store.create()
    return store.session_key


def sessions(count: int) -> dict:
    business_unit, admin = accounts()
    return {
        "business_unit": [_session(business_unit) for _ in range(count)],
        "admin": [_session(admin) for _ in range(count)],
    }


def _measure(client: Client, path: str) -> dict:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, HTTP_HOST="127.0.0.1")
    return {"status": response.status_code, "queries": len(queries), "bytes": len(response.content)}


def queries() -> dict:
    business_unit, admin = accounts()
    product, bench_admin = Client(), Client()
    product.force_login(business_unit, backend=BACKEND)
    bench_admin.force_login(admin, backend=BACKEND)
    found = {}
    for page in PAGES:
        _measure(product, page.path)  # the first request of a session writes more
        found[page.path] = _measure(product, page.path)
        _measure(bench_admin, page.admin_path)
        found[page.admin_path] = _measure(bench_admin, page.admin_path)
    return found


def report(runs: int = 2) -> dict:
    from governance.periods import FinancialYear
    from thscp.reports import pdf
    from thscp.reports.services import report_sections

    period = FinancialYear.containing(timezone.localdate()).previous
    totals, assembling, pages = [], [], 0
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "report.pdf"
        for run in range(runs + 1):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                html = pdf.report_html(period=period, sections=report_sections(period))
            assembled = time.perf_counter()
            pages = pdf.write_pdf(html=html, target=target)
            if run:  # the first is a warm-up: fonts and templates load once per process
                totals.append(time.perf_counter() - started)
                assembling.append(assembled - started)
    return {
        "period": period.label,
        "pages": pages,
        "seconds": statistics.median(totals),
        "assembling_seconds": statistics.median(assembling),
        "queries": len(captured),
    }


def reminders(count: int) -> dict:
    """`count` more open actions, due between three weeks ago and next week, owned by 200
    people with accounts; then the 07:00 job (collect every area's deadlines, decide who
    hears what, claim) and the sending of every digest it queued."""
    from governance.models import Action, Agency, PartnershipGroup, Person
    from thscp.celery import app
    from thscp.reminders.services import run_reminders

    today = timezone.localdate()
    agency = Agency.objects.order_by("pk").first()
    group = PartnershipGroup.objects.order_by("pk").first()
    users = User.objects.bulk_create(
        [User(email=f"bench.owner.{n}@example.org", full_name=f"Action owner {n}") for n in range(200)]
    )
    people = Person.objects.bulk_create(
        [Person(full_name=user.full_name, email=user.email, agency=agency, user=user) for user in users]
    )
    Action.objects.bulk_create(
        [
            Action(
                title=f"Benchmark action {n}",
                group=group,
                owner=people[n % len(people)],
                due_date=today + timedelta(days=(n % 28) - 21),
                status=Action.Status.OPEN,
            )
            for n in range(count)
        ],
        batch_size=2000,
    )
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True  # the digests are sent here, by this process
    try:
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
            CaptureQueriesContext(connection) as captured,
        ):
            started = time.perf_counter()
            with transaction.atomic():
                run = run_reminders(today=today, triggered_by="benchmark")
                claimed = time.perf_counter()
                job_queries = len(captured)
            # Leaving the transaction queues each digest (on commit): sent eagerly here.
            sent = time.perf_counter()
    finally:
        app.conf.task_always_eager = saved
    from django.core import mail

    return {
        "open_deadlines_added": count,
        "job_seconds": claimed - started,
        "job_queries": job_queries,
        "items": run.items_claimed,
        "digests": run.digests_created,
        "sending_seconds": sent - claimed,
        "sending_queries": len(captured) - job_queries,
        "emails": len(getattr(mail, "outbox", [])),
    }


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    if command == "sessions":
        result = sessions(int(arguments[0]))
    elif command == "queries":
        result = queries()
    elif command == "report":
        result = report()
    elif command == "reminders":
        result = reminders(int(arguments[0]))
    else:
        raise SystemExit(f"unknown command {command}")
    print(json.dumps(result))
