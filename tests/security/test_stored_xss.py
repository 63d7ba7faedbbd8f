"""Stored cross-site scripting: every text the demo partnership holds is given a marker
that is markup, and no page, export, email or report may show it unescaped.

The marker `<x-xss-N>"'` goes at the front of every free-text field of every model of
the project's apps (history rows included, as the History pages show them); N names
the field, so a failure says which field reached which page raw. Each demo user (one
per role) and a user with no role then crawl the service breadth-first from the home
page and from every page of the URL conf, following the links each page shows them.
"""

import io
import re
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import models
from django.db.models import Max
from django.test import Client
from django.urls import reverse

from governance import roles
from governance.models import User
from governance.periods import FinancialYear
from reviews.models import SeriousIncident
from tests.conftest import enrol_two_factor
from tests.reviews.factories import SeriousIncidentFactory
from tests.security import html
from tests.thscp.test_every_url import ALL_ROUTES, EXPECTATIONS, is_third_party
from tests.url_matrix import NO_ROLE
from thscp.reports import services as report_services
from thscp.reports.pdf import report_html

RAW = "<x-xss-"
CODE = re.compile(r"<x-xss-(\d+)>")

# Not free text: a marker would make the record invalid or unreachable, or nobody types it.
NOT_TEXT = {
    ("governance", "user", "password"),
    # A sign-off's slot is chosen from the partners (a key into SLOT_LABELS).
    ("governance", "signoff", "slot"),
}
# Text that must stay empty where it is empty: a recommendation names a national
# review only when it comes from one (a check constraint), so only those rows are marked.
MARKED_ONLY_WHERE_SET = {("reviews", "recommendation", "national_review")}

# Pages a crawler must not follow: signing out ends the crawl; static files and the
# admin (superusers only) are not the service's pages.
SKIPPED_PREFIXES = ("/accounts/logout/", "/static/", "/admin/", "/media/")
PAGES_PER_VISITOR = 900  # grows with the areas: every area adds pages of its own
# Fields some page must show (escaped): proof that the crawl reaches the records.
MUST_BE_SHOWN = [
    "governance.Risk.title",
    "governance.HistoricalRisk.title",
    "reviews.SeriousIncident.summary",
]
SAME_SHAPE = 4  # pages that differ only in their numbers: /risks/1/, /risks/2/, ...


def project_models(*, history: bool = True) -> list:
    """Every model of the project's own apps (not Django's or a library's), with the
    history models simple-history adds unless history=False."""
    base = Path(settings.BASE_DIR).resolve()
    found = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if not path.is_relative_to(base) or {".venv", "node_modules"} & set(path.parts):
            continue
        found += [m for m in config.get_models() if history or not hasattr(m, "instance_type")]
    return found


def marker(code: int) -> str:
    return f"<x-xss-{code}>\"'"


def _skip_reason(model, model_field) -> str:
    meta = model._meta
    live = getattr(model, "instance_type", model)  # simple-history rows: the live model
    name = model_field.name
    if not isinstance(model_field, models.CharField | models.TextField) or model_field.primary_key:
        return "not text"
    if model_field.choices:
        return "a choice"
    if isinstance(model_field, models.EmailField | models.SlugField):
        return "an email address or slug: the form refuses markup"
    if (meta.app_label, live._meta.model_name, name) in NOT_TEXT:
        return "not typed"
    try:
        live_field = live._meta.get_field(name)
    except Exception:  # noqa: BLE001 - history-only fields (history_change_reason)
        live_field = None
    if isinstance(live_field, models.FileField):
        return "a stored file's path"
    return ""


def _live_name(model) -> str:
    return getattr(model, "instance_type", model)._meta.model_name


def _marked(model_field, code: int, value: str, version: int | None = None) -> str:
    if isinstance(model_field, models.URLField):
        # A valid URL (URLValidator allows these characters in the path): typed into a form.
        return f"https://example.org/{marker(code)}"
    # Each history row made different from the one before, so that History pages, which
    # show what changed between versions, show every field.
    original = (f"v{version} " if version is not None else "") + (value or "")
    text = marker(code) + original
    limit = model_field.max_length
    if limit and len(text) > limit:
        # Keep the end of the original, which is what tells unique values apart.
        keep = limit - len(marker(code))
        text = marker(code) + (original[-keep:] if keep > 0 else "")
    return text[:limit] if limit else text


def plant_markers() -> dict[int, str]:
    """Put a marker at the front of every free-text value; returns code -> field."""
    planted = {}
    for model in project_models():
        fields = [f for f in model._meta.concrete_fields if not _skip_reason(model, f)]
        if not fields:
            continue
        codes = {}
        for model_field in fields:
            code = len(planted) + 1
            planted[code] = f"{model._meta.label}.{model_field.name}"
            codes[model_field.name] = code
        manager = model._base_manager
        is_history = hasattr(model, "instance_type")
        for row in manager.values("pk", *codes):
            version = row["pk"] if is_history else None
            values = {
                f.name: _marked(f, codes[f.name], row[f.name], version)
                for f in fields
                if row[f.name]
                or (model._meta.app_label, _live_name(model), f.name) not in MARKED_ONLY_WHERE_SET
            }
            # QuerySet.update: no validation and no new history rows (history is marked itself).
            manager.filter(pk=row["pk"]).update(**values)
    return planted


def _shape(path: str, query: str) -> str:
    params = sorted(f"{key}={re.sub(r'[0-9]+', '#', value)}" for key, value in parse_qsl(query))
    return re.sub(r"[0-9]+", "#", path) + "?" + "&".join(params)


def same_site(base: str, href: str) -> str | None:
    parts = urlsplit(urljoin(base, href))
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    if not parts.path.startswith("/") or parts.path.startswith(SKIPPED_PREFIXES):
        return None
    query = urlencode(parse_qsl(parts.query, keep_blank_values=True))
    return parts.path + (f"?{query}" if query else "")


@dataclass
class Crawl:
    visitor: str
    pages: list[str] = field(default_factory=list)
    raw: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    codes_seen: set[int] = field(default_factory=set)


def check_body(crawl: Crawl, url: str, response, planted: dict[int, str]) -> str:
    """Returns the page's HTML to follow links from, if it is a page."""
    content_type = response.get("Content-Type", "")
    if response.streaming:  # a file download: its bytes are the file's
        # Read it through, so the test client closes it; response.close() itself would
        # send request_finished and close the test's database connection mid-transaction.
        b"".join(response.streaming_content)
        return ""
    body = response.content.decode(errors="replace")
    crawl.codes_seen |= {int(code) for code in re.findall(r"&lt;x-xss-(\d+)&gt;", body)}
    if content_type.startswith("text/csv"):
        crawl.codes_seen |= {int(code) for code in CODE.findall(body)}
        # Raw text is right in a CSV, as long as no browser renders it as a page.
        if "attachment" not in response.get("Content-Disposition", ""):
            crawl.errors.append(f"{url}: a CSV served inline")
        return ""
    if RAW in body:
        at = body.index(RAW)
        fields = sorted({planted.get(int(code), code) for code in CODE.findall(body)})
        snippet = body[max(0, at - 120) : at + 60].replace("\n", " ")
        crawl.raw.append(f"{url} ({content_type}): raw marker of {', '.join(fields)}\n      …{snippet}…")
    return body if content_type.startswith("text/html") else ""


def crawl_as(client: Client, visitor: str, seeds: list[str], planted) -> Crawl:
    crawl = Crawl(visitor)
    queue, queued, shapes = deque(), set(), Counter()

    def enqueue(url, seed=False):
        shape = _shape(*(url.split("?", 1) + [""])[:2])
        if url in queued or (shapes[shape] >= SAME_SHAPE and not seed):
            return
        queued.add(url)
        shapes[shape] += 1
        queue.append(url)

    for seed in seeds:
        enqueue(seed, seed=True)
    while queue and len(crawl.pages) < PAGES_PER_VISITOR:
        url = queue.popleft()
        response = client.get(url)
        crawl.pages.append(url)
        if response.status_code >= 500:
            error = getattr(response, "exc_info", None)
            crawl.errors.append(f"{url}: {response.status_code} {error[1]!r}" if error else url)
            continue
        body = check_body(crawl, url, response, planted)
        for href in html.links(body) if body else []:
            target = same_site(url, href)
            if target:
                enqueue(target)
    return crawl


def demo_visitors(make_user) -> dict[str, User]:
    """One demo person per role (the one holding only that role where there is one),
    and someone signed in with no role."""
    visitors = {}
    users = list(User.objects.filter(is_active=True).prefetch_related("groups").order_by("pk"))
    for role in roles.ALL_ROLES:
        holders = sorted((u for u in users if u.has_role(role)), key=lambda u: len(u.role_names))
        assert holders, f"The demo has nobody with the role {role}"
        visitors[role] = holders[0]
    visitors[NO_ROLE] = make_user()
    for user in visitors.values():
        if user.needs_two_factor:
            enrol_two_factor(user)
    return visitors


def record_pages() -> list[str]:
    """For the oldest and newest record of every model: its page, its parent's page (where
    a child, such as an agenda item, is shown) and its History page."""
    urls = []
    for model in project_models(history=False):
        manager = model._base_manager
        for record in filter(None, {manager.order_by("pk").first(), manager.order_by("pk").last()}):
            related = [
                getattr(record, f.name) for f in model._meta.concrete_fields if f.many_to_one or f.one_to_one
            ]
            for target in [record, *related]:
                if target is not None and hasattr(target, "get_absolute_url"):
                    urls.append(target.get_absolute_url())
            if hasattr(model, "history"):
                meta = model._meta
                urls.append(reverse("governance:history", args=[meta.app_label, meta.model_name, record.pk]))
    return list(dict.fromkeys(urls))


def add_a_version_of_every_record() -> None:
    """A second history row for every record: History pages show what changed between
    versions, and the markers (which differ from version to version) then all change."""
    for model in project_models(history=False):
        history = getattr(model, "history", None)
        if history is not None:
            history.bulk_history_create(list(model._base_manager.all()), update=True)


@pytest.fixture
def marked_demo(db, django_capture_on_commit_callbacks):
    """The demo partnership, one record behind every page of the URL conf, and a marker
    in every free-text value; then today's reminders, sent from the marked records.
    Returns the seed URLs and the planted markers."""
    call_command("seed_demo", force=True, stdout=io.StringIO())
    # Case references are unique by year and number: the factories number theirs after the demo's.
    numbers = SeriousIncident.objects.aggregate(highest=Max("reference_number"))
    SeriousIncidentFactory.reset_sequence((numbers["highest"] or 0) + 1)
    seeds = ["/"]
    for _, name in ALL_ROUTES:
        if name in EXPECTATIONS and not is_third_party(name):
            seeds.append(reverse(name, kwargs=EXPECTATIONS[name].kwargs()))
    seeds += record_pages()
    add_a_version_of_every_record()
    planted = plant_markers()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=io.StringIO())
    yield seeds, planted
    SeriousIncidentFactory.reset_sequence()


def test_no_page_shows_a_stored_marker_unescaped(marked_demo, make_user, settings):
    seeds, planted = marked_demo
    # No beat runs beside the tests: /health/ asks only what compose's web replicas ask
    # (with a broker configured, a stale beat would answer 503 by design, not by fault).
    settings.HEALTH_REQUIRED = ["database", "broker"]
    crawls = []
    for visitor, user in demo_visitors(make_user).items():
        client = Client(raise_request_exception=False)
        client.force_login(user)
        crawls.append(crawl_as(client, visitor, seeds, planted))

    problems = []
    for crawl in crawls:
        problems += [f"{crawl.visitor}: {line}" for line in crawl.raw + crawl.errors]
    # The net must reach what it is for: an action raised from a risk (the page names the
    # risk), the History pages, and the records' text.
    business_unit = next(c for c in crawls if c.visitor == roles.BUSINESS_UNIT)
    if not any(p.startswith("/governance/actions/add/?source=risk%3A") for p in business_unit.pages):
        problems.append("the crawl never reached 'add an action' raised from a risk")
    if not any(p.startswith("/governance/history/") for p in business_unit.pages):
        problems.append("the crawl never reached a History page")
    shown = {planted[code] for code in set().union(*(c.codes_seen for c in crawls))}
    for expected in MUST_BE_SHOWN:
        if expected not in shown:
            problems.append(f"no page showed {expected}: the crawl is not reaching the records")
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)


def test_reminder_emails_and_the_report_escape_stored_text(marked_demo):
    _, planted = marked_demo
    assert mail.outbox, "No reminder digest was sent: nothing in the demo is due"
    # The digests name the marked records (as plain text in the text part).
    assert all(RAW in message.body for message in mail.outbox)
    problems = []
    for message in mail.outbox:
        for content, mimetype in message.alternatives:
            if mimetype == "text/html" and RAW in content:
                fields = sorted({planted.get(int(code), code) for code in CODE.findall(content)})
                problems.append(f"reminder email to {message.to}: raw marker of {', '.join(fields)}")
    years = set(apps.get_model("thscp", "YearlyReport").objects.values_list("period", flat=True))
    assert years, "The demo has no yearly report"
    for year in sorted(years):
        period = FinancialYear(year)
        document = report_html(period=period, sections=report_services.report_sections(period))
        if RAW in document:
            fields = sorted({planted.get(int(code), code) for code in CODE.findall(document)})
            problems.append(
                f"yearly report {period.label} (the PDF's HTML): raw marker of {', '.join(fields)}"
            )
    assert not problems, "\n".join(problems)
