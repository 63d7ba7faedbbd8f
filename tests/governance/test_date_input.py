"""The GOV.UK date input: messages that say which part is wrong, and never a guessed century."""

import pytest
from django import forms

from governance.forms import DateField


class AwarenessForm(forms.Form):
    aware_on = DateField(label="Date of awareness")


def _errors(day, month, year):
    form = AwarenessForm({"aware_on_0": day, "aware_on_1": month, "aware_on_2": year})
    assert not form.is_valid()
    return form.errors["aware_on"]


def test_a_two_digit_year_is_refused_not_stored_as_year_26():
    assert "Year must include 4 numbers" in _errors("20", "11", "26")


@pytest.mark.parametrize(("day", "month"), [("ab", "11"), ("20", "Nov"), ("31", "2"), ("0", "1")])
def test_a_day_or_month_that_is_not_a_real_date_says_so_naming_the_field(day, month):
    assert "Date of awareness must be a real date" in _errors(day, month, "2026")


def test_a_missing_part_is_named():
    assert "Date of awareness must include a month" in _errors("20", "", "2026")


def test_nothing_entered_asks_for_the_date():
    assert "Enter the date of awareness" in _errors("", "", "")


def test_a_full_date_is_accepted():
    form = AwarenessForm({"aware_on_0": "20", "aware_on_1": "11", "aware_on_2": "2026"})
    assert form.is_valid()
    assert form.cleaned_data["aware_on"].isoformat() == "2026-11-20"


def test_error_summary_links_focus_the_day_box_and_the_first_radio():
    from django.template.loader import render_to_string

    class Form(forms.Form):
        aware_on = DateField(label="Date of awareness")
        harm = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)

    html = render_to_string("components/error_summary.html", {"form": Form({})})

    assert 'href="#id_aware_on_0"' in html
    assert 'href="#id_harm_1"' in html
