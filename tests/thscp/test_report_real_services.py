"""The yearly report render on the real stack: two renders of one period at once on
PostgreSQL, and a render handed through Redis to a real Celery worker."""

import threading
import time

import pytest
from django.db import connection, connections

from governance import roles
from governance.models import DocumentVersion
from governance.periods import FinancialYear
from tests.governance.factories import PersonFactory, UserFactory
from tests.services import redis_url, require
from thscp.celery import app
from thscp.reports import services
from thscp.reports.models import ReportRender, YearlyReport

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def business_unit():
    user = UserFactory(roles=[roles.BUSINESS_UNIT])
    PersonFactory(user=user)
    return user


def test_two_renders_at_once_on_postgresql_both_finish_as_separate_versions():
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    user = business_unit()
    report = YearlyReport.objects.create(period=2025)
    renders = [ReportRender.objects.create(report=report, requested_by=user) for _ in range(2)]
    start = threading.Barrier(2)
    results = {}

    def run(render_id):
        try:
            start.wait()
            results[render_id] = services.run_render(render_id=render_id)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(render.pk,)) for render in renders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert results == {render.pk: "done" for render in renders}
    numbers = sorted(DocumentVersion.objects.values_list("number", flat=True))
    assert numbers == [1, 2]
    assert DocumentVersion.objects.values("document").distinct().count() == 1


def test_a_render_goes_through_redis_to_a_real_worker_and_finishes():
    url = redis_url()
    require(url is not None, "Redis (REDIS_URL)")
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    from celery.contrib.testing.worker import start_worker

    import thscp.reports.tasks  # noqa: F401 - registers the task with the app

    user = business_unit()
    saved = {key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            render = services.request_render(period=FinancialYear(2025), by=user)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                render.refresh_from_db()
                if render.is_finished:
                    break
                time.sleep(0.2)
    finally:
        app.conf.update(saved)
    assert render.status == ReportRender.Status.DONE, render.error
    assert render.document_version.sha256 == render.sha256
