from datetime import timedelta

import factory
from django.contrib.auth.models import Group as Role
from django.utils import timezone

from governance.models import (
    Action,
    Agency,
    Escalation,
    Meeting,
    PartnershipGroup,
    Person,
    Risk,
    ScrutinyActivity,
    Theme,
    User,
)

TEST_PASSWORD = "correct-horse-battery-staple-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """UserFactory(roles=["Business unit"]): roles come from the data migration."""
        if create and extracted:
            # get_or_create: transactional tests flush the rows the data migration made.
            self.groups.set([Role.objects.get_or_create(name=name)[0] for name in extracted])
        if create:
            self.save()


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Agency {n}")
    kind = Agency.Kind.OTHER


class PartnershipGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnershipGroup

    name = factory.Sequence(lambda n: f"Sub-group {n}")
    slug = factory.Sequence(lambda n: f"sub-group-{n}")
    purpose = "Oversees a part of the partnership's work."


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Faker("name", locale="en_GB")
    job_title = "Safeguarding lead"
    agency = factory.SubFactory(AgencyFactory)
    email = factory.Sequence(lambda n: f"person{n}@example.org")


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name="paper.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def executive_group():
    group = PartnershipGroup.objects.filter(is_executive=True).first()
    return group or PartnershipGroupFactory(name="Executive", slug="executive", is_executive=True)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Theme {n}")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    group = factory.SubFactory(PartnershipGroupFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
    location = "Town Hall"
    minutes = "The group met and reviewed its actions."


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    title = factory.Sequence(lambda n: f"Action {n}")
    group = factory.SubFactory(PartnershipGroupFactory)
    owner = factory.SubFactory(PersonFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk

    title = factory.Sequence(lambda n: f"Risk {n}")
    description = "What could go wrong."
    cause = "Why."
    consequence = "What follows."
    category = Risk.Category.PRACTICE
    owner = factory.LazyFunction(lambda: _executive_person())
    inherent_likelihood = 4
    inherent_impact = 4
    current_likelihood = 3
    current_impact = 3
    target_likelihood = 2
    target_impact = 2
    review_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))


def _executive_person():
    person = PersonFactory()
    person.groups.add(executive_group())
    return person


class EscalationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Escalation

    summary = factory.Sequence(lambda n: f"Disagreement {n}")
    raised_by_agency = factory.SubFactory(AgencyFactory)
    raised_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3))
    stage_opened_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3))


class ScrutinyActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScrutinyActivity

    title = factory.Sequence(lambda n: f"Scrutiny {n}")
    carried_out_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    summary = "A deep dive."
