from datetime import datetime, time, timedelta

import factory
from django.utils import timezone

from tests.governance.factories import AgencyFactory, PersonFactory
from training.models import (
    Booking,
    Bulletin,
    BulletinSection,
    Course,
    Evaluation,
    NeedsAnalysis,
    NeedsResponse,
    Resource,
    Session,
)


def at_ten(day):
    """10:00 local time: a session's start and end fall on one day, as the form has them."""
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    title = factory.Sequence(lambda n: f"Safeguarding course {n}")
    summary = "What every practitioner needs to know."
    provider = factory.SubFactory(AgencyFactory)
    audience = "Practitioners working with children"
    level = 2
    format = Course.Format.IN_PERSON
    learning_outcomes = "Recognise neglect\nKnow how to refer"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    kind = Session.Kind.COURSE
    course = factory.SubFactory(CourseFactory)
    starts_at = factory.LazyFunction(lambda: at_ten(timezone.localdate() + timedelta(days=14)))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    place = "Mulberry Place"
    trainer = "Sam Trainer"
    capacity = 20


class PastSessionFactory(SessionFactory):
    starts_at = factory.LazyFunction(lambda: at_ten(timezone.localdate() - timedelta(days=2)))


class WebinarFactory(PastSessionFactory):
    """A webinar held last week, joined without booking; pass learned_from=<a rapid or
    local review> for one after a review."""

    kind = Session.Kind.WEBINAR
    course = None
    title = factory.Sequence(lambda n: f"Learning webinar {n}")
    starts_at = factory.LazyFunction(lambda: at_ten(timezone.localdate() - timedelta(days=7)))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(minutes=30))
    place = ""
    joining_link = "https://meet.example.org/webinar"
    capacity = None
    head_count = 104


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    session = factory.SubFactory(SessionFactory)
    person = factory.SubFactory(PersonFactory)
    status = Booking.Status.BOOKED


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    booking = factory.SubFactory(
        BookingFactory, session=factory.SubFactory(PastSessionFactory), attended=True
    )
    stage = Evaluation.Stage.AFTER
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=21))


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    title = factory.Sequence(lambda n: f"Resource {n}")
    kind = Resource.Kind.GUIDE
    summary = "A guide."
    topic = "Neglect"
    audience = "Everyone"
    published_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))


class BulletinFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bulletin

    title = factory.Sequence(lambda n: f"Bulletin {n}")
    introduction = "News from the partnership."


class BulletinSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BulletinSection

    bulletin = factory.SubFactory(BulletinFactory)
    heading = "Safeguarding Month"
    body = "Join us in November."
    link_text = "Book a place"
    link_url = "https://example.org/book"


class NeedsAnalysisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NeedsAnalysis
        skip_postgeneration_save = True

    year = factory.Sequence(lambda n: 2030 + n)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=20))

    @factory.post_generation
    def agencies(self, create, extracted, **kwargs):
        if create:
            self.agencies.set(extracted or [AgencyFactory()])


class NeedsResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NeedsResponse

    analysis = factory.SubFactory(NeedsAnalysisFactory)
    agency = factory.LazyAttribute(lambda o: o.analysis.agencies.first())
    topic = "Neglect"
    level = 2
    staff = 10
