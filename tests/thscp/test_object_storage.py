"""Files in object storage (issue 18): any web node, or a worker on another machine,
reads what another wrote, through the S3 API, and nothing lands on a node's disk.

The S3 API here is moto's server on loopback: a real HTTP S3 endpoint, in this process.
"""

import contextlib
import io
import os
import re
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from governance import roles
from governance.models import ActionUpdate
from tests.governance.factories import ActionFactory, PersonFactory, UserFactory
from tests.services import redis_url, require
from thscp.storage import SIGNED_URL_SECONDS, default_storage_setting, object_storage_options

BUCKET = "partnership-hub-test"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
REPOSITORY = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture(scope="module")
def s3(s3_endpoint):
    """A private bucket, and credentials for it in the environment (boto3 reads them)."""
    import boto3

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AWS_ACCESS_KEY_ID", "test-key")
        patch.setenv("AWS_SECRET_ACCESS_KEY", "test-secret")
        client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="eu-west-2")
        # moto keeps its buckets for the life of the process, which may outlive a module
        # fixture when tests of other modules run in between.
        with contextlib.suppress(client.exceptions.BucketAlreadyOwnedByYou):
            client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
        yield client


def storage_url(endpoint: str) -> str:
    return f"s3://{BUCKET}?endpoint={endpoint}&region=eu-west-2"


@pytest.fixture
def object_storage(s3, s3_endpoint, tmp_path, settings):
    media = tmp_path / "media"
    media.mkdir()
    settings.MEDIA_ROOT = media
    settings.STORAGES = {
        **settings.STORAGES,
        "default": default_storage_setting(storage_url(s3_endpoint), {}),
    }
    return media


def evidence_update() -> ActionUpdate:
    """An action update with a PDF of evidence, saved through the configured storage."""
    update = ActionUpdate(
        action=ActionFactory(), written_on=date(2026, 11, 2), note="Audit", evidence_name="audit.pdf",
        author=UserFactory(),
    )  # fmt: skip
    update.evidence.save("audit.pdf", ContentFile(PDF))
    return update


def files_under(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


# Configuration


def test_without_object_storage_files_stay_on_the_local_disk():
    assert default_storage_setting("", {})["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_a_storage_url_names_the_bucket_endpoint_region_and_prefix():
    options = object_storage_options(
        "s3://hub-files?endpoint=http://minio:9000&region=eu-west-2&prefix=th/", {}
    )

    assert options["bucket_name"] == "hub-files"
    assert options["endpoint_url"] == "http://minio:9000"
    assert options["region_name"] == "eu-west-2"
    assert options["location"] == "th"


def test_object_storage_is_private_never_overwrites_and_signs_for_a_minute():
    options = object_storage_options("s3://hub-files", {})

    assert options["default_acl"] is None
    assert options["querystring_auth"] is True
    assert options["querystring_expire"] == SIGNED_URL_SECONDS == 60
    assert options["file_overwrite"] is False
    assert options["object_parameters"] == {"CacheControl": "private, no-store"}


def test_the_conventional_aws_variables_configure_object_storage_too():
    options = object_storage_options(
        "", {"AWS_STORAGE_BUCKET_NAME": "hub-files", "AWS_S3_REGION_NAME": "eu-west-2", "AWS_LOCATION": "a"}
    )

    assert (options["bucket_name"], options["region_name"], options["location"]) == (
        "hub-files",
        "eu-west-2",
        "a",
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://hub-files", "must look like"),
        ("s3://key:secret@hub-files", "not in STORAGE_URL"),
        ("s3://hub-files?acl=public-read", "unknown options: acl"),
    ],
)
def test_a_storage_url_that_is_wrong_or_carries_secrets_is_refused(url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        object_storage_options(url, {})


# One process: uploads go to the bucket, downloads come through the permission check


@pytest.mark.django_db
def test_with_object_storage_an_upload_is_stored_in_the_bucket_and_nothing_under_media_root(
    object_storage, s3, signed_in_client
):
    client, user = signed_in_client(roles.BUSINESS_UNIT)
    action = ActionFactory()

    response = client.post(
        reverse("governance:action_progress", args=[action.pk]),
        {
            "written_on_0": "2",
            "written_on_1": "11",
            "written_on_2": "2026",
            "note": "Audit done",
            "evidence": SimpleUploadedFile("audit.pdf", PDF, content_type="application/pdf"),
        },
    )

    assert response.status_code == 302
    update = ActionUpdate.objects.get(action=action)
    stored = s3.get_object(Bucket=BUCKET, Key=update.evidence.name)
    assert stored["Body"].read() == PDF
    assert stored["CacheControl"] == "private, no-store"
    assert list(object_storage.iterdir()) == []


@pytest.mark.django_db
def test_object_storage_refuses_to_make_a_url_for_a_file_signed_or_not(object_storage):
    from thscp.storage import FilesAreServedByTheApp

    update = evidence_update()

    with pytest.raises(FilesAreServedByTheApp):
        update.evidence.url  # noqa: B018 - the property asks the storage for its URL


@pytest.mark.django_db
def test_the_admin_names_a_case_file_in_object_storage_without_a_link_and_logs_the_view(
    object_storage, s3_endpoint, client, make_user
):
    from reviews.models import CaseAccessLog
    from tests.reviews.factories import LocalReviewFactory

    review = LocalReviewFactory(
        final_report=SimpleUploadedFile("final.pdf", PDF), final_report_name="final.pdf"
    )
    client.force_login(make_user(is_staff=True, is_superuser=True))

    response = client.get(reverse("admin:reviews_localreview_change", args=[review.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert review.final_report.name in page
    assert s3_endpoint not in page and "X-Amz-Signature" not in page
    assert CaseAccessLog.objects.filter(incident=review.incident).exists()


@pytest.mark.django_db
def test_the_admin_names_a_groups_terms_of_reference_in_object_storage_without_a_link(
    object_storage, s3_endpoint, client, make_user
):
    from tests.governance.factories import PartnershipGroupFactory

    group = PartnershipGroupFactory(terms_of_reference_document=SimpleUploadedFile("terms.pdf", PDF))
    client.force_login(make_user(is_staff=True, is_superuser=True))

    response = client.get(reverse("admin:governance_partnershipgroup_change", args=[group.pk]))

    assert response.status_code == 200
    assert group.terms_of_reference_document.name in response.content.decode()
    assert s3_endpoint not in response.content.decode()


@pytest.mark.django_db
def test_an_object_is_readable_by_the_bucket_owner_alone(object_storage, s3):
    update = evidence_update()

    grants = s3.get_object_acl(Bucket=BUCKET, Key=update.evidence.name)["Grants"]

    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert all(grant["Grantee"]["Type"] == "CanonicalUser" for grant in grants)


@pytest.mark.django_db
def test_a_download_streams_through_the_app_and_never_hands_out_a_bucket_url(
    object_storage, s3_endpoint, signed_in_client
):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    update = evidence_update()

    response = client.get(reverse("governance:action_evidence", args=[update.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "private, no-store"
    headers = " ".join(f"{key}: {value}" for key, value in response.items())
    assert s3_endpoint not in headers and "X-Amz-Signature" not in headers


@pytest.mark.django_db
def test_a_person_who_may_not_see_the_record_cannot_download_its_file_from_object_storage(
    object_storage, signed_in_client
):
    client, _ = signed_in_client(roles.GROUP_MEMBER)  # of no group: may not see the action
    update = evidence_update()

    response = client.get(reverse("governance:action_evidence", args=[update.pk]))

    assert response.status_code in (403, 404)
    assert PDF not in response.content


# Moving an existing deployment's files from disk to object storage


@pytest.mark.django_db
def test_moving_files_to_object_storage_copies_every_file_once_under_the_same_name(
    s3, s3_endpoint, tmp_path, settings
):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    update = evidence_update()  # on the local disk
    (media / "private" / "old").mkdir(parents=True)
    (media / "private" / "old" / "superseded.pdf").write_bytes(PDF + b"old")  # only History names it
    settings.STORAGES = {
        **settings.STORAGES,
        "default": default_storage_setting(storage_url(s3_endpoint), {}),
    }

    first = io.StringIO()
    call_command("move_files_to_object_storage", stdout=first)
    second = io.StringIO()
    call_command("move_files_to_object_storage", stdout=second)

    update.refresh_from_db()
    assert update.evidence.open("rb").read() == PDF  # read back through the S3 storage
    assert s3.get_object(Bucket=BUCKET, Key="private/old/superseded.pdf")["Body"].read() == PDF + b"old"
    assert "Copied 2 files" in first.getvalue()
    assert "Copied 0 files" in second.getvalue() and "2 already there" in second.getvalue()


def test_moving_files_refuses_when_object_storage_is_not_configured(settings):
    from django.core.management.base import CommandError

    settings.STORAGES = {**settings.STORAGES, "default": default_storage_setting("", {})}
    with pytest.raises(CommandError, match="STORAGE_URL"):
        call_command("move_files_to_object_storage")


# Two app processes and a worker, as on two machines


def _database_url() -> str:
    database = connection.settings_dict
    return (
        f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST'] or '127.0.0.1'}"
        f":{database['PORT'] or 5432}/{database['NAME']}"
    )


def _start(command: list[str], environ: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        command, cwd=REPOSITORY, env=environ, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )


def _wait_for(url: str, process: subprocess.Popen, log: Path, seconds: float = 90) -> None:
    import requests

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{url} exited: {log.read_text()[-2000:]}")
        try:
            requests.get(url, timeout=10)
            return
        except requests.RequestException:  # not listening yet, or still loading the app
            time.sleep(0.2)
    pytest.fail(f"{url} did not start: {log.read_text()[-2000:]}")


@pytest.fixture(scope="module")
def two_nodes_and_a_worker(s3, s3_endpoint, tmp_path_factory):
    """Two web processes and a Celery worker, each with a MEDIA_ROOT of its own."""
    require(connection.vendor == "postgresql", "PostgreSQL (the processes share one database)")
    broker = redis_url()
    require(broker is not None, "Redis (the worker's broker)")
    environ = {
        **os.environ,
        "DEBUG": "1",  # static files from the finders; nothing here depends on it
        "TESTING": "0",
        # The same key as this process, so the session it signs in is valid there.
        "SECRET_KEY": django_settings.SECRET_KEY,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": broker,
        "STORAGE_URL": storage_url(s3_endpoint),
        "AWS_ACCESS_KEY_ID": "test-key",
        "AWS_SECRET_ACCESS_KEY": "test-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    tmp_path = tmp_path_factory.mktemp("nodes")
    processes, nodes, media = [], [], []
    try:
        for name in ("web-a", "web-b"):
            port = free_port()
            folder = tmp_path / name
            folder.mkdir()
            log = tmp_path / f"{name}.log"
            process = _start(
                [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}",
                 "thscp.wsgi:application"],
                {**environ, "MEDIA_ROOT": str(folder)},
                log,
            )  # fmt: skip
            processes.append(process)
            media.append(folder)
            nodes.append(f"http://127.0.0.1:{port}")
            _wait_for(nodes[-1] + "/accounts/login/", process, log)
        folder = tmp_path / "worker"
        folder.mkdir()
        media.append(folder)
        processes.append(
            _start(
                [sys.executable, "-m", "celery", "-A", "thscp", "worker", "--pool", "solo", "-l", "warning",
                 "-Q", "celery", "-n", f"two-nodes-{os.getpid()}@%h"],
                {**environ, "MEDIA_ROOT": str(folder)},
                tmp_path / "worker.log",
            )
        )  # fmt: skip
        yield nodes, media, tmp_path
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _session(client_cookie) -> "requests.Session":  # noqa: F821
    import requests

    session = requests.Session()
    session.cookies.set("sessionid", client_cookie)
    return session


def _csrf(session, url: str) -> str:
    page = session.get(url, timeout=10, allow_redirects=False)
    assert page.status_code == 200, page.text[:500]  # signed in: not sent to the sign-in page
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


@pytest.mark.services
def test_evidence_uploaded_through_one_node_downloads_through_the_other(
    two_nodes_and_a_worker, transactional_db, client, make_user
):
    (node_a, node_b), media, _ = two_nodes_and_a_worker
    user = make_user(roles.BUSINESS_UNIT)
    client.force_login(user)
    session = _session(client.cookies["sessionid"].value)
    action = ActionFactory()
    form = f"{node_a}{reverse('governance:action_progress', args=[action.pk])}"

    response = session.post(
        form,
        data={
            "csrfmiddlewaretoken": _csrf(session, form),
            "written_on_0": "2",
            "written_on_1": "11",
            "written_on_2": "2026",
            "note": "Audit done",
        },
        files={"evidence": ("audit.pdf", PDF, "application/pdf")},
        headers={"Referer": form},
        allow_redirects=False,
        timeout=20,
    )
    assert response.status_code == 302, response.text[:1000]
    assert "/accounts/" not in response.headers["Location"]

    update = ActionUpdate.objects.get(action=action)
    download = session.get(f"{node_b}{reverse('governance:action_evidence', args=[update.pk])}", timeout=20)
    assert download.status_code == 200
    assert download.content == PDF
    assert all(list(folder.iterdir()) == [] for folder in media)


@pytest.mark.services
def test_a_report_rendered_by_a_worker_downloads_through_a_web_node(
    two_nodes_and_a_worker, transactional_db, client, make_user
):
    from thscp.reports.models import ReportRender

    (node_a, node_b), media, tmp_path = two_nodes_and_a_worker
    user = make_user(roles.BUSINESS_UNIT)
    PersonFactory(user=user)  # the report's document needs an owner
    client.force_login(user)
    session = _session(client.cookies["sessionid"].value)
    report_page = f"{node_a}{reverse('reports:report', args=[2025])}"

    response = session.post(
        f"{node_a}{reverse('reports:render', args=[2025])}",
        data={"csrfmiddlewaretoken": _csrf(session, report_page)},
        headers={"Referer": report_page},
        allow_redirects=False,
        timeout=20,
    )
    assert response.status_code == 302, response.text[:1000]

    render = ReportRender.objects.get()
    deadline = time.monotonic() + 60
    while render.status not in (ReportRender.Status.DONE, ReportRender.Status.FAILED):
        if time.monotonic() > deadline:
            pytest.fail(f"the worker did not render: {(tmp_path / 'worker.log').read_text()[-2000:]}")
        time.sleep(0.5)
        render.refresh_from_db()
    assert render.status == ReportRender.Status.DONE, render.error

    download = session.get(f"{node_b}{reverse('reports:render_download', args=[render.pk])}", timeout=20)
    assert download.status_code == 200
    assert download.content.startswith(b"%PDF")
    assert all(list(folder.iterdir()) == [] for folder in media)


def test_the_deploy_check_warns_when_object_storage_is_used_with_a_per_process_cache(settings):
    from thscp.checks import shared_state_for_several_web_nodes

    settings.STORAGES = {**settings.STORAGES, "default": default_storage_setting("s3://hub-files", {})}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

    assert [warning.id for warning in shared_state_for_several_web_nodes(None)] == ["thscp.W001"]


def test_the_deploy_check_is_quiet_on_one_machine_with_files_on_disk(settings):
    from thscp.checks import shared_state_for_several_web_nodes

    settings.STORAGES = {**settings.STORAGES, "default": default_storage_setting("", {})}

    assert shared_state_for_several_web_nodes(None) == []


# Backups of files in object storage


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_make_backup_takes_files_from_object_storage_and_restore_puts_them_into_another(
    s3, s3_endpoint, scratch, tmp_path, settings, capsys
):
    from django.core.files.storage import default_storage

    from ops import backup
    from tests.thscp.databases import tables

    media = tmp_path / "media"
    media.mkdir()
    settings.MEDIA_ROOT = media
    # Prefixes of their own: the moto bucket outlives this test and holds other tests' files.
    live = f"{storage_url(s3_endpoint)}&prefix=live-{os.getpid()}-{time.time_ns()}"
    restored = f"{storage_url(s3_endpoint)}&prefix=restored-{os.getpid()}-{time.time_ns()}"
    settings.STORAGES = {**settings.STORAGES, "default": default_storage_setting(live, {})}
    first, second = evidence_update(), evidence_update()

    assert backup.main(["create", "--output-dir", str(tmp_path / "backups")]) == 0
    [archive] = (tmp_path / "backups").iterdir()
    assert backup.main(["restore", str(archive), "--database", scratch, "--storage-url", restored]) == 0

    target = backup._object_storage(restored)
    names = backup.stored_names(target)
    assert names == sorted([first.evidence.name, second.evidence.name])
    assert all(target.open(name, "rb").read() == PDF for name in names)
    assert backup.stored_names(default_storage) == names  # the live files are untouched
    assert (
        tables(scratch)["governance_actionupdate"]
        == tables(connection.settings_dict["NAME"])["governance_actionupdate"]
    )
    assert list(media.iterdir()) == []  # nothing passed through the node's MEDIA_ROOT
    assert "2 file(s) into s3://" in capsys.readouterr().out


@pytest.mark.services
@pytest.mark.django_db
def test_restore_refuses_object_storage_that_already_holds_files_before_creating_the_database(
    s3, s3_endpoint, tmp_path, settings
):
    import psycopg

    from ops import backup
    from tests.thscp.databases import server_url
    from tests.thscp.test_backup_restore import _archive_by_hand

    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    settings.MEDIA_ROOT = tmp_path / "media"
    occupied = f"{storage_url(s3_endpoint)}&prefix=occupied-{os.getpid()}-{time.time_ns()}"
    settings.STORAGES = {**settings.STORAGES, "default": default_storage_setting(occupied, {})}
    evidence_update()
    archive = _archive_by_hand(tmp_path, {"private/papers/a.pdf": PDF})

    with pytest.raises(backup.BackupError, match="already holds files"):
        backup.restore(
            archive=archive,
            database=connection.settings_dict,
            name=f"{connection.settings_dict['NAME']}_never_created",
            storage=backup._object_storage(occupied),
        )
    if connection.vendor == "postgresql":
        with psycopg.connect(server_url("postgres")) as server:
            found = server.execute(
                "select 1 from pg_database where datname = %s",
                [f"{connection.settings_dict['NAME']}_never_created"],
            ).fetchone()
        assert found is None
