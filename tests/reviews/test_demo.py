import pytest

from governance.demo import load_governance_demo
from governance.models import Action
from reviews import clocks
from reviews.demo import load_reviews_demo
from reviews.models import (
    LocalReview,
    RapidReview,
    Recommendation,
    SeriousIncident,
    SevenMinuteBriefing,
)
from reviews.selectors import next_due, waiting_for

pytestmark = pytest.mark.django_db


def load_demo():
    load_governance_demo()
    load_reviews_demo()


@pytest.fixture(scope="module")
def demo(shared_test_data):
    """Loaded once for the module: its tests only read it."""
    yield from shared_test_data(load_demo)


def counts():
    return (
        SeriousIncident.objects.count(),
        RapidReview.objects.count(),
        LocalReview.objects.count(),
        Recommendation.objects.count(),
        Action.objects.count(),
        SevenMinuteBriefing.objects.count(),
        SeriousIncident.history.count(),
    )


def test_demo_twice_changes_nothing(demo):
    before = counts()
    load_reviews_demo()
    assert counts() == before


def test_demo_has_an_incident_awaiting_the_three_decisions(demo):
    assert SeriousIncident.objects.filter(stage=SeriousIncident.Stage.DECISIONS).exists()


def test_demo_has_a_disagreement_for_the_executive(demo):
    assert SeriousIncident.objects.filter(stage=SeriousIncident.Stage.DISAGREEMENT).exists()


def test_demo_rapid_reviews_are_in_every_clock_state(demo):
    from django.utils import timezone

    today = timezone.localdate()
    states = {review.clock(today).state for review in RapidReview.objects.select_related("incident")}
    assert {clocks.ON_TRACK, clocks.OVERDUE, clocks.COMPLETED_ON_TIME, clocks.COMPLETED_LATE} <= states


def test_demo_has_local_reviews_in_progress_published_and_delayed(demo):
    assert LocalReview.objects.filter(completed_on__isnull=True).exists()
    assert LocalReview.objects.filter(published_on__isnull=False).exists()
    assert LocalReview.objects.filter(publication_delayed=True).exists()


def test_demo_recommendations_span_themes_and_are_in_the_action_log(demo):
    assert Recommendation.objects.values("theme").distinct().count() >= 4
    assert all(recommendation.action_id for recommendation in Recommendation.objects.all())
    assert Recommendation.objects.filter(spotlight=True).exists()


def test_demo_has_published_learning(demo):
    assert SevenMinuteBriefing.objects.filter(published_on__isnull=False).count() >= 2


def test_demo_open_cases_each_show_what_is_due_or_what_they_wait_for(demo):
    from django.utils import timezone

    for incident in SeriousIncident.objects.filter(stage__in=SeriousIncident.OPEN_STAGES):
        due = next_due(incident, today=timezone.localdate())
        assert due is not None or waiting_for(incident) != "Nothing dated", incident
