import smtplib
import time
from datetime import date, timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance import roles
from governance.models import Action, User
from tests.governance.factories import ActionFactory, PartnershipGroupFactory, PersonFactory
from tests.reviews.factories import SeriousIncidentFactory
from thscp.models import ReminderDigest, ReminderItem
from thscp.reminders import services as reminders

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 23)


# Stages


@pytest.mark.parametrize(
    ("working_days_left", "stage"),
    [
        (6, None),
        (5, "before-5"),
        (4, "before-5"),
        (3, "before-5"),
        (2, "before-2"),
        (1, "before-1"),
        (0, "due"),
    ],
)
def test_statutory_stages_before_the_due_date(working_days_left, stage):
    from governance.calendar import add_working_days

    due = add_working_days(MONDAY, working_days_left)
    result = reminders.stage_for(due_on=due, statutory=True, today=MONDAY)
    assert (result[0] if result else None) == stage


def test_statutory_overdue_is_a_new_stage_every_working_day():
    due = date(2026, 11, 18)
    assert reminders.stage_for(due_on=due, statutory=True, today=MONDAY) == ("overdue-2026-11-23", "overdue")
    assert (
        reminders.stage_for(due_on=due, statutory=True, today=date(2026, 11, 24))[0] == "overdue-2026-11-24"
    )


@pytest.mark.parametrize(
    ("working_days_left", "stage"),
    [(6, None), (5, "before-5"), (2, "before-5"), (1, "before-5"), (0, "due"), (-1, "overdue-week-0"),
     (-5, "overdue-week-0"), (-6, "overdue-week-1"), (-11, "overdue-week-2")],
)  # fmt: skip
def test_other_deadlines_remind_five_days_before_on_the_day_and_weekly_when_overdue(working_days_left, stage):
    from governance.calendar import add_working_days

    due = add_working_days(MONDAY, working_days_left)
    result = reminders.stage_for(due_on=due, statutory=False, today=MONDAY)
    assert (result[0] if result else None) == stage


def test_reminder_days_count_working_days_over_christmas():
    # Due Monday 29 December 2025: 2 working days after Tuesday 23 December (25, 26 are bank holidays).
    assert (
        reminders.stage_for(due_on=date(2025, 12, 29), statutory=True, today=date(2025, 12, 23))[0]
        == "before-2"
    )


# Helpers


def owned_action(*, due_on, owner_user=None, chair_user=None, **fields):
    owner = PersonFactory(user=owner_user or UserFactoryWithRole())
    group = PartnershipGroupFactory(chair=PersonFactory(user=chair_user) if chair_user else None)
    return ActionFactory(owner=owner, group=group, due_date=due_on, **fields)


def UserFactoryWithRole(*role_names, **fields):  # noqa: N802 - reads as a factory
    from tests.governance.factories import UserFactory

    return UserFactory(roles=list(role_names) or [roles.GROUP_MEMBER], **fields)


def run(today, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return reminders.run_reminders(today=today)


# The job


def test_each_person_gets_one_digest_naming_all_their_items(mailoutbox, django_capture_on_commit_callbacks):
    owner = UserFactoryWithRole()
    person = PersonFactory(user=owner)
    ActionFactory(owner=person, due_date=MONDAY, title="Refresh the protocol")
    ActionFactory(owner=person, due_date=MONDAY + timedelta(days=3), title="Publish the briefing")
    owned_action(due_on=MONDAY + timedelta(days=2), title="Someone else's action")
    run(MONDAY, django_capture_on_commit_callbacks)
    to_owner = [message for message in mailoutbox if message.to == [owner.email]]
    assert len(to_owner) == 1
    body = to_owner[0].body
    assert "Refresh the protocol" in body and "Publish the briefing" in body
    assert "DUE TODAY" in body and "DUE SOON" in body
    assert "Someone else's action" not in body
    assert to_owner[0].alternatives[0][1] == "text/html"


def test_running_again_the_same_day_sends_nothing(mailoutbox, django_capture_on_commit_callbacks):
    owned_action(due_on=MONDAY)
    run(MONDAY, django_capture_on_commit_callbacks)
    sent = len(mailoutbox)
    second = run(MONDAY, django_capture_on_commit_callbacks)
    assert sent == 1
    assert len(mailoutbox) == sent
    assert second.items_claimed == 0 and second.digests_created == 0


def test_the_next_working_day_sends_the_next_stage(mailoutbox, django_capture_on_commit_callbacks):
    incident = SeriousIncidentFactory(aware_on=date(2026, 11, 20))  # notification due Friday 27 November
    bu = UserFactoryWithRole(roles.BUSINESS_UNIT)
    run(date(2026, 11, 24), django_capture_on_commit_callbacks)  # 3 working days left: the 5-day stage
    run(date(2026, 11, 25), django_capture_on_commit_callbacks)  # 2 left: the 2-day stage
    stages = list(
        ReminderItem.objects.filter(key=f"reviews:notification:{incident.pk}", recipient=bu.email)
        .order_by("claimed_at")
        .values_list("stage", flat=True)
    )
    assert stages == ["before-5", "before-2"]
    assert len([m for m in mailoutbox if m.to == [bu.email]]) == 2


def test_statutory_reminders_reach_the_business_unit_even_if_they_opted_out(
    mailoutbox, django_capture_on_commit_callbacks
):
    bu = UserFactoryWithRole(roles.BUSINESS_UNIT, reminders=User.ReminderChoice.NONE)
    SeriousIncidentFactory(aware_on=date(2026, 11, 20))
    run(date(2026, 11, 26), django_capture_on_commit_callbacks)
    assert [m for m in mailoutbox if m.to == [bu.email]]
    assert "[statutory]" in mailoutbox[0].body


def test_people_who_chose_no_emails_get_no_non_statutory_reminders(
    mailoutbox, django_capture_on_commit_callbacks
):
    owner = UserFactoryWithRole(reminders=User.ReminderChoice.NONE)
    owned_action(due_on=MONDAY, owner_user=owner)
    run(MONDAY, django_capture_on_commit_callbacks)
    assert not [m for m in mailoutbox if m.to == [owner.email]]


def test_an_overdue_action_is_also_sent_to_the_groups_chair(mailoutbox, django_capture_on_commit_callbacks):
    chair = UserFactoryWithRole(roles.SUB_GROUP_CHAIR)
    owned_action(due_on=MONDAY - timedelta(days=3), chair_user=chair, title="Late action")
    run(MONDAY, django_capture_on_commit_callbacks)
    to_chair = [m for m in mailoutbox if m.to == [chair.email]]
    assert len(to_chair) == 1
    assert "Late action" in to_chair[0].body and "OVERDUE" in to_chair[0].body


def test_closed_and_far_off_actions_are_not_reminded(mailoutbox, django_capture_on_commit_callbacks):
    owned_action(due_on=MONDAY, status=Action.Status.DONE, closing_note="Done with evidence.")
    owned_action(due_on=MONDAY + timedelta(days=30))
    run(MONDAY, django_capture_on_commit_callbacks)
    assert mailoutbox == []


def test_missed_days_are_caught_up_with_one_reminder_per_overdue_item(
    mailoutbox, django_capture_on_commit_callbacks
):
    owner = UserFactoryWithRole()
    person = PersonFactory(user=owner)
    for days_late in (1, 4, 9):
        ActionFactory(owner=person, due_date=MONDAY - timedelta(days=days_late))
    # The job did not run for a week; it runs again on Monday.
    run(MONDAY, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1
    assert ReminderItem.objects.filter(recipient=owner.email).count() == 3
    run(MONDAY, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1


def test_a_failed_send_stays_waiting_and_is_delivered_exactly_once_on_retry(mailoutbox):
    owned_action(due_on=MONDAY)
    reminders.run_reminders(today=MONDAY)  # no on-commit: the digest waits, as if the broker were slow
    digest = ReminderDigest.objects.get()
    with (
        mock.patch(
            "django.core.mail.backends.locmem.EmailBackend.send_messages",
            side_effect=smtplib.SMTPException("421"),
        ),
        pytest.raises(smtplib.SMTPException),
    ):
        reminders.deliver_digest(digest_id=digest.pk, final_attempt=False)
    digest.refresh_from_db()
    assert digest.status == ReminderDigest.Status.PENDING
    assert "421" in digest.last_error
    assert mailoutbox == []
    assert reminders.deliver_digest(digest_id=digest.pk, final_attempt=False) == "sent"
    assert reminders.deliver_digest(digest_id=digest.pk, final_attempt=False) == "not pending"
    assert len(mailoutbox) == 1
    digest.refresh_from_db()
    assert digest.status == ReminderDigest.Status.SENT and digest.attempts == 2


def test_the_last_failed_attempt_is_marked_failed_for_the_business_unit(mailoutbox):
    owned_action(due_on=MONDAY)
    reminders.run_reminders(today=MONDAY)
    digest = ReminderDigest.objects.get()
    with (
        mock.patch(
            "django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=OSError("refused")
        ),
        pytest.raises(OSError),
    ):
        reminders.deliver_digest(digest_id=digest.pk, final_attempt=True)
    digest.refresh_from_db()
    assert digest.status == ReminderDigest.Status.FAILED


def test_the_sweep_sends_digests_left_waiting_once(mailoutbox, django_capture_on_commit_callbacks):
    owned_action(due_on=MONDAY)
    reminders.run_reminders(today=MONDAY)  # queued work lost: nothing sent
    ReminderDigest.objects.update(created_at=MONDAY - timedelta(days=1))
    assert mailoutbox == []
    reminders.sweep()
    reminders.sweep()
    assert len(mailoutbox) == 1


def test_a_digest_stuck_in_sending_is_failed_not_resent(mailoutbox):
    owned_action(due_on=MONDAY)
    reminders.run_reminders(today=MONDAY)
    ReminderDigest.objects.update(status=ReminderDigest.Status.SENDING, claimed_at=MONDAY - timedelta(days=1))
    reminders.sweep()
    assert ReminderDigest.objects.get().status == ReminderDigest.Status.FAILED
    assert mailoutbox == []


# The command and the page


def test_dry_run_prints_who_would_get_what_and_claims_nothing(mailoutbox):
    owner = UserFactoryWithRole()
    owned_action(due_on=MONDAY, owner_user=owner, title="Refresh the protocol")
    out = StringIO()
    call_command("send_reminders", "--date", "2026-11-23", "--dry-run", stdout=out)
    assert owner.email in out.getvalue() and "Refresh the protocol" in out.getvalue()
    assert not ReminderItem.objects.exists()
    assert mailoutbox == []


def test_send_reminders_command_runs_for_the_given_date(mailoutbox, django_capture_on_commit_callbacks):
    owned_action(due_on=MONDAY)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--date", "2026-11-23", stdout=out)
    assert "1 reminder(s) in 1 digest(s)" in out.getvalue()
    assert len(mailoutbox) == 1


def test_send_reminders_command_rejects_a_bad_date():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date", "23/11/2026")


def test_reminders_page_shows_what_was_sent_and_what_failed(signed_in_client, mailoutbox):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    owned_action(due_on=MONDAY)
    reminders.run_reminders(today=MONDAY)
    ReminderDigest.objects.update(
        status=ReminderDigest.Status.FAILED, last_error="SMTPException: 550 mailbox"
    )
    page = client.get(reverse("reminders")).content.decode()
    assert "could not be sent" in page
    assert "550 mailbox" in page


def test_the_daily_job_skips_weekends_and_bank_holidays():
    from thscp.reminders.tasks import run_daily_reminders

    with mock.patch("django.utils.timezone.localdate", return_value=date(2025, 12, 25)):
        assert "not a working day" in run_daily_reminders()
    assert not ReminderItem.objects.exists()


# Scale


@pytest.mark.parametrize("count", [10_000])
def test_the_job_runs_in_a_constant_number_of_queries_per_batch(count, capsys):
    owners = [PersonFactory(user=UserFactoryWithRole()) for _ in range(20)]
    group = PartnershipGroupFactory()

    def make(n, due):
        Action.objects.bulk_create(
            Action(title=f"Action {i}", group=group, owner=owners[i % 20], due_date=due) for i in range(n)
        )

    make(1_000, MONDAY)
    with CaptureQueriesContext(connection) as small:
        reminders.run_reminders(today=MONDAY)
    make(count - 1_000, MONDAY + timedelta(days=1))
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as large:
        reminders.run_reminders(today=MONDAY + timedelta(days=1))
    elapsed = time.perf_counter() - started

    def split(queries):
        inserts = [q for q in queries if q["sql"].startswith("INSERT") and "thscp_reminderitem" in q["sql"]]
        return len(inserts), len(queries) - len(inserts)

    small_inserts, small_other = split(small.captured_queries)
    large_inserts, large_other = split(large.captured_queries)
    # The same fixed number of queries whatever the size; claims are inserted in batches.
    assert large_other == small_other
    fields = [field for field in ReminderItem._meta.concrete_fields if not field.primary_key]
    batch = min(1000, connection.ops.bulk_batch_size(fields, [None] * count) or 1000)
    assert large_inserts == -(-count // batch)  # every action claims a stage on day two
    assert ReminderItem.objects.count() == count + 1_000  # day one: 1,000; day two: all 10,000
    with capsys.disabled():
        print(f"\nreminder job: {count} open actions, {len(large.captured_queries)} queries, {elapsed:.2f} s")
