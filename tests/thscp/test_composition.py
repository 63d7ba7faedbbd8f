"""What the composition root joins: areas that never import each other."""

import pytest

from priorities.indicators import series_for
from tests.dataset.factories import accepted_value

pytestmark = pytest.mark.django_db


def test_a_priority_measure_reads_the_series_of_the_dataset_indicator_it_names():
    value = accepted_value(value=42)
    points = series_for(value.indicator.code)
    assert points, "thscp registers the dataset's series for priorities"
    assert points[-1].label == value.quarterly_return.period.label
