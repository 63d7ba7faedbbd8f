import factory
from django.contrib.auth.models import Group as Role

from governance.models import Agency, PartnershipGroup, Person, User

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
