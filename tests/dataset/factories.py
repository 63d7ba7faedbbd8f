from decimal import Decimal

import factory

from dataset.models import Indicator, QuarterlyReturn, ReturnValue, return_due_on
from governance.periods import FinancialYear, Quarter
from tests.governance.factories import AgencyFactory

PERIOD = Quarter(FinancialYear(2025), 2)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"IND{n:03d}")
    title = factory.Sequence(lambda n: f"Indicator {n}")
    definition = "What is counted in the quarter."
    agency = factory.SubFactory(AgencyFactory)
    unit = Indicator.Unit.PERCENTAGE
    polarity = Indicator.Polarity.HIGHER
    theme = Indicator.Theme.FRONT_DOOR
    target = Decimal(90)
    amber_tolerance = Decimal(5)


class QuarterlyReturnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuarterlyReturn

    agency = factory.SubFactory(AgencyFactory)
    year = PERIOD.year.start_year
    quarter = PERIOD.number
    due_on = factory.LazyAttribute(lambda o: return_due_on(Quarter(FinancialYear(o.year), o.quarter)))
    status = QuarterlyReturn.Status.DRAFT


class ReturnValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReturnValue

    quarterly_return = factory.SubFactory(QuarterlyReturnFactory)
    indicator = factory.SubFactory(
        IndicatorFactory, agency=factory.SelfAttribute("..quarterly_return.agency")
    )
    value = Decimal(80)


def submitted_return(**fields):
    """A submitted return with one pending figure."""
    value = ReturnValueFactory(quarterly_return__status=QuarterlyReturn.Status.SUBMITTED, **fields)
    return value.quarterly_return


def accepted_value(**fields):
    return ReturnValueFactory(
        quarterly_return__status=QuarterlyReturn.Status.ACCEPTED, status=ReturnValue.Status.ACCEPTED, **fields
    )
