"""Every page that accepts POST, posted to by every kind of visitor with valid data and a
valid CSRF token: those who may succeed and change the records; everyone else is
refused (403 or 404, never a 500) and nothing changes: no row written (the SQL of the
request is watched), no row count or highest key moved in any table, no file stored,
no email sent.

The POST pages are found from the URL conf (the walk of tests/thscp/test_every_url.py):
a page that accepts POST with no entry in tests/security/post_expectations.py fails
test_every_page_that_accepts_post_is_in_the_matrix until one is written.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection, transaction
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from governance import roles
from tests.governance.factories import PartnershipGroupFactory, PersonFactory
from tests.security import html
from tests.security.post_expectations import POSTS
from tests.thscp.test_every_url import ALL_ROUTES, EXPECTATIONS, is_third_party
from tests.url_matrix import ANONYMOUS, NO_ROLE

# CSRF refusals get their own status here, so that a missing or wrong token can never
# pass for a permission check's 403.
CSRF_REFUSED = 419
SIGN_IN = resolve_url(settings.LOGIN_URL)


def csrf_refused(request, reason=""):
    return HttpResponse(f"CSRF refused: {reason}", status=CSRF_REFUSED)


# Every request saves its session (SESSION_SAVE_EVERY_REQUEST): not a change of records.
IGNORED_TABLES = {Session._meta.db_table}
WRITE_VERBS = {"INSERT", "UPDATE", "DELETE", "REPLACE"}


def _fingerprint_query() -> str:
    quote = connection.ops.quote_name
    columns = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in IGNORED_TABLES:
            continue
        # Names from the models' own metadata, quoted: no outside input.
        table, key = quote(meta.db_table), quote(meta.pk.column)
        columns += [
            f"(SELECT COUNT(*) FROM {table})",  # noqa: S608
            f"(SELECT MAX({key}) FROM {table})",  # noqa: S608
        ]
    return "SELECT " + ", ".join(columns)


FINGERPRINT = _fingerprint_query()


def fingerprint() -> tuple:
    """Row count and highest key of every table, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(FINGERPRINT)
        return tuple(cursor.fetchone())


def _is_write(sql: str) -> bool:
    words = sql.lstrip().split(None, 3)
    if not words or words[0].upper() not in WRITE_VERBS:
        return False
    return not any(table in sql[:80] for table in IGNORED_TABLES)


@contextmanager
def writes_recorded():
    statements: list[str] = []

    def record(execute, sql, params, many, context):
        if _is_write(sql):
            statements.append(sql[:160])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield statements


def stored_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


@dataclass
class Outcome:
    status: int
    location: str
    writes: list[str]
    counts_moved: bool
    new_files: set[Path]
    emails: int
    page: str

    @property
    def changed(self) -> bool:
        return bool(self.writes or self.counts_moved or self.new_files or self.emails)

    def what_changed(self) -> str:
        parts = self.writes[:3]
        if self.counts_moved and not self.writes:
            parts.append("row counts moved")
        if self.new_files:
            parts.append(f"files stored: {sorted(p.name for p in self.new_files)}")
        if self.emails:
            parts.append(f"{self.emails} email(s) sent")
        return "; ".join(parts)


def post_and_undo(client, path, payload) -> Outcome:
    """POST, note every change it made, then undo them for the next visitor."""
    emails_before, files_before = len(mail.outbox), stored_files()
    savepoint = transaction.savepoint()
    before = fingerprint()
    with writes_recorded() as writes:
        response = client.post(path, payload)
    counts_moved = fingerprint() != before
    transaction.savepoint_rollback(savepoint)
    new_files = stored_files() - files_before
    for path_ in new_files:
        path_.unlink()
    emails = len(mail.outbox) - emails_before
    del mail.outbox[emails_before:]
    return Outcome(
        status=response.status_code,
        location=response.get("Location", ""),
        writes=writes,
        counts_moved=counts_moved,
        new_files=new_files,
        emails=emails,
        page=response.content.decode(errors="replace") if response.status_code == 200 else "",
    )


def signed_in(user) -> Client:
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def csrf_token(client, page) -> str:
    """The token from the page's own form if it has one, else from the cookie (as set
    by any page with a form, which every signed-in page has: sign out)."""
    if page is not None and page.get("Content-Type", "").startswith("text/html"):
        tokens = html.parse(page.content.decode()).csrf_tokens
        if tokens:
            return tokens[0]
    if settings.CSRF_COOKIE_NAME not in client.cookies:
        client.get("/" if "_auth_user_id" in client.session else SIGN_IN)
    return client.cookies[settings.CSRF_COOKIE_NAME].value


def form_data(page, path: str) -> dict:
    """What the page's own form would send (its hidden fields, initial values and the
    first option of each required choice)."""
    if page is None or page.status_code != 200:
        return {}
    forms = [
        form
        for form in html.post_forms(page.content.decode())
        if form.action in (None, "", path, path.split("?")[0])
    ]
    return forms[0].data() if forms else {}


def make_visitors(case, records, make_user) -> dict:
    visitors = {ANONYMOUS: None, NO_ROLE: make_user()}
    visitors.update({role: make_user(role) for role in roles.ALL_ROLES})
    # Role holders as they are in life: the sub-group chair chairs a group of their own
    # and the group member sits on one; neither is this record's.
    chair, member = visitors[roles.SUB_GROUP_CHAIR], visitors[roles.GROUP_MEMBER]
    PartnershipGroupFactory(chair=PersonFactory(user=chair, full_name=chair.full_name))
    PartnershipGroupFactory().members.add(PersonFactory(user=member, full_name=member.full_name))
    for relation in case.relations:
        user = make_user(relation.role)
        relation.link(records, PersonFactory(user=user, full_name=user.full_name))
        visitors[relation.name] = user
    return visitors


CASES = [
    pytest.param(name, case, id=f"{name}[{case.label}]" if case.label else name)
    for name, cases in POSTS.items()
    for case in cases
]


@pytest.fixture(autouse=True)
def _csrf_refusals_told_apart(settings):
    settings.CSRF_FAILURE_VIEW = f"{__name__}.csrf_refused"


@pytest.mark.django_db
@pytest.mark.parametrize("name, case", CASES)
def test_post_as_every_visitor(name, case, make_user):
    records = case.records()
    path = reverse(name, kwargs=records.kwargs) + case.query(records)
    visitors = make_visitors(case, records, make_user)
    assert set(case.may) <= set(visitors), f"Unknown visitors in 'may': {set(case.may) - set(visitors)}"
    # Those who may go first: the data typed on their form is what the others send too.
    order = [*case.may, *(who for who in visitors if who not in case.may)]
    typed = None
    failures = []
    for who in order:
        client = signed_in(visitors[who])
        page = client.get(path) if case.has_form else None
        token = csrf_token(client, page)
        if who in case.may:
            data = {**form_data(page, path), **case.data(records)}
            typed = typed if typed is not None else data
        else:
            data = typed if typed is not None else case.data(records)
        outcome = post_and_undo(client, path, {**data, **case.files(), "csrfmiddlewaretoken": token})
        failure = judge(case, who, outcome)
        if failure:
            failures.append(f"{who}: {failure}")
    assert not failures, f"POST {path}\n" + "\n".join(failures)


def judge(case, who, outcome: Outcome) -> str:
    status = outcome.status
    if status == CSRF_REFUSED:
        return "the CSRF token was refused: the test sent a wrong one"
    if status >= 500:
        return f"{status}: server error" + (
            f", and changed: {outcome.what_changed()}" if outcome.changed else ""
        )
    if case.read_only and status == 200 and not outcome.changed:
        return "a read page that answers POST as if it were GET: it should answer 405 (require_GET)"
    if who in case.may or (who == ANONYMOUS and case.public):
        if status not in (200, 302) or not outcome.changed:
            errors = html.errors_shown(outcome.page) if outcome.page else outcome.location
            return f"may post, but got {status} and stored nothing ({errors})"
        return ""
    problems = []
    if who == ANONYMOUS:
        if status != 302 or not outcome.location.startswith(SIGN_IN):
            problems.append(f"{status} to {outcome.location!r}, expected to be sent to sign in")
    else:
        expected = {case.other_refusals[who]} if who in case.other_refusals else {403, 404}
        if case.read_only:
            expected.add(405)
        if status not in expected:
            problems.append(f"{status}, expected a refusal ({' or '.join(map(str, sorted(expected)))})")
    if outcome.changed:
        problems.append(f"may not post, yet it wrote: {outcome.what_changed()}")
    return "; ".join(problems)


OWN_PAGES = sorted({name for _, name in ALL_ROUTES if not is_third_party(name)})


@pytest.mark.django_db
def test_every_page_that_accepts_post_is_in_the_matrix(make_user):
    """A page accepts POST unless it answers 405 to a valid POST from the business unit."""
    client = signed_in(make_user(roles.BUSINESS_UNIT))
    token = csrf_token(client, None)
    accepting = set()
    for name in OWN_PAGES:
        path = reverse(name, kwargs=EXPECTATIONS[name].kwargs())
        outcome = post_and_undo(client, path, {"csrfmiddlewaretoken": token})
        assert outcome.status != CSRF_REFUSED, f"{path}: the CSRF token was refused"
        if outcome.status != 405:
            accepting.add(name)
    missing = accepting - set(POSTS)
    assert not missing, f"Pages that accept POST with no entry in post_expectations.py: {sorted(missing)}"
    gone = {name for name in set(POSTS) - accepting if not all(case.read_only for case in POSTS[name])}
    assert not gone, f"Entries for pages that no longer accept POST: {sorted(gone)}"


@pytest.mark.django_db
def test_a_post_without_a_csrf_token_is_refused_and_changes_nothing(make_user):
    client = signed_in(make_user(roles.BUSINESS_UNIT))
    outcome = post_and_undo(
        client, reverse("governance:agency_create"), {"name": "No token", "kind": "other"}
    )
    assert outcome.status == CSRF_REFUSED
    assert not outcome.changed, outcome.what_changed()
