from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from governance.rag import Rag
from priorities.models import (
    Deliverable,
    Feedback,
    MeasureValue,
    Objective,
    OutcomeMeasure,
    PriorityArea,
    PriorityCycle,
    ProgressUpdate,
    month_start,
)
from tests.governance.factories import PartnershipGroupFactory, PersonFactory


def _cycle_start() -> date:
    return date(timezone.localdate().year - 1, 4, 1)


class PriorityCycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityCycle

    title = factory.Sequence(lambda n: f"Priorities cycle {n}")
    starts_on = factory.LazyFunction(_cycle_start)
    ends_on = factory.LazyAttribute(lambda cycle: date(cycle.starts_on.year + 2, 3, 31))


class PriorityAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityArea
        skip_postgeneration_save = True

    cycle = factory.SubFactory(PriorityCycleFactory)
    title = factory.Sequence(lambda n: f"Priority {n}")
    rationale = "Audits and reviews found the need."
    oversight_group = factory.SubFactory(PartnershipGroupFactory)

    @factory.post_generation
    def leads(self, create, extracted, **kwargs):
        if create and extracted:
            self.leads.set(extracted)


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    area = factory.SubFactory(PriorityAreaFactory)
    title = factory.Sequence(lambda n: f"Objective {n}")


class DeliverableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deliverable

    objective = factory.SubFactory(ObjectiveFactory)
    title = factory.Sequence(lambda n: f"Deliverable {n}")
    owner = factory.SubFactory(PersonFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))
    forecast_on = factory.LazyAttribute(lambda deliverable: deliverable.due_on)


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    area = factory.SubFactory(PriorityAreaFactory)
    period = factory.LazyFunction(lambda: month_start(timezone.localdate()))
    rag = Rag.GREEN
    progress = "The task and finish group met."
    written_on = factory.LazyFunction(timezone.localdate)


class OutcomeMeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutcomeMeasure

    area = factory.SubFactory(PriorityAreaFactory)
    title = factory.Sequence(lambda n: f"Measure {n}")
    unit = "%"
    baseline = Decimal("50")
    baseline_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=365))
    target = Decimal("80")


class MeasureValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeasureValue

    measure = factory.SubFactory(OutcomeMeasureFactory)
    measured_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    value = Decimal("60")


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    area = factory.SubFactory(PriorityAreaFactory)
    source = Feedback.Source.YOUNG_SCRUTINEERS
    received_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
    said = "Young people want to be asked."
