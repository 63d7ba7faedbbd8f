from datetime import date

from governance.models import Agency
from tests.governance.factories import AgencyFactory


def date_fields(name: str, day: date | None) -> dict:
    """POST data for a GOV.UK date input (day, month and year boxes)."""
    if day is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def statutory_partners() -> dict[str, Agency]:
    partners = {}
    for value, label in Agency.StatutoryPartner.choices:
        partners[value] = AgencyFactory(name=label, statutory_partner=value, kind=Agency.Kind.OTHER)
    return partners
