"""Records for the yearly report's tests: a report that covers Working Together, rendered,
sent, signed by the three partners and the scrutineer, published."""

from datetime import date, datetime, time
from decimal import Decimal
from html.parser import HTMLParser

from governance import roles
from governance import services as governance_services
from governance.models import Agency, BudgetContribution, DocumentVersion, SignOff
from governance.periods import FinancialYear
from tests.governance.factories import AgencyFactory, PartnershipGroupFactory, PersonFactory, UserFactory
from thscp.reports import services
from thscp.reports.models import ReportRender, YearlyReport

PERIOD = FinancialYear(2025)

# Enough written for every required item of the contents list to be covered.
NARRATIVE = {
    "scrutineer_statement": "The arrangements work well; local reviews need attention.",
    "young_scrutineers": "The young scrutineers told the priority projects what young people need.",
    "challenges": "Little progress on anti-racism: the project lead left mid-year.",
}


def business_unit():
    from tests.conftest import enrol_two_factor

    user = UserFactory(roles=[roles.BUSINESS_UNIT])
    enrol_two_factor(user)  # the role needs it to see any page
    PersonFactory(user=user, full_name="Amira Hussain")
    return user


def partner_agencies() -> dict[str, Agency]:
    """The three statutory partners' agencies: those already recorded, or new ones."""
    return {
        value: Agency.objects.filter(statutory_partner=value).first()
        or AgencyFactory(name=f"The {label.lower()}", statutory_partner=value, kind=Agency.Kind.OTHER)
        for value, label in Agency.StatutoryPartner.choices
    }


def signatories() -> dict:
    """An Executive member for each statutory partner (with the authenticator app their
    role needs), and the independent scrutineer."""
    from tests.conftest import enrol_two_factor

    agencies = partner_agencies()
    found = {}
    for partner, agency in agencies.items():
        user = UserFactory(roles=[roles.EXECUTIVE_MEMBER])
        enrol_two_factor(user)
        PersonFactory(user=user, agency=agency)
        found[partner] = user
    found[SignOff.SCRUTINEER] = UserFactory(roles=[roles.INDEPENDENT_SCRUTINEER])
    return found


def covered_report(by, period: FinancialYear = PERIOD, **narrative) -> YearlyReport:
    """What a report needs for every required item to be covered: the narrative above, an
    achievement, a group of the partnership, a budget and a serious incident."""
    from tests.reviews.factories import SeriousIncidentFactory

    for key, text in {**NARRATIVE, **narrative}.items():
        services.save_narrative(period=period, key=key, text=text, by=by)
    services.add_achievement(
        period=period,
        by=by,
        title="Joint decisions",
        what_we_did="Three partners decided together.",
        impact="Earlier information sharing.",
        position=10,
    )
    PartnershipGroupFactory()
    agency = partner_agencies()[Agency.StatutoryPartner.LOCAL_AUTHORITY]
    BudgetContribution.objects.get_or_create(
        financial_year=period.start_year, agency=agency, defaults={"amount": Decimal(250000)}
    )
    SeriousIncidentFactory(aware_on=date(period.start_year, 6, 2), notified_on=date(period.start_year, 6, 5))
    # The report reads the partnership as it stood at the year's end (issue 16): the
    # agencies, groups and people above were there from the start of the year.
    from django.utils import timezone

    from governance.models import PartnershipGroup, Person, Risk
    from governance.reporting import date_history

    for model in (Agency, PartnershipGroup, Person, Risk):
        date_history(model, timezone.make_aware(datetime.combine(period.start, time(9))))
    return YearlyReport.objects.get(period=period.start_year)


def rendered(by, period: FinancialYear = PERIOD) -> ReportRender:
    """A finished render of the period's report, as the worker leaves it."""
    report, _ = YearlyReport.objects.get_or_create(period=period.start_year)
    render = ReportRender.objects.create(report=report, requested_by=by)
    assert services.run_render(render_id=render.pk) == "done", ReportRender.objects.get(pk=render.pk).error
    return ReportRender.objects.select_related("document_version").get(pk=render.pk)


def sign_by_all(version: DocumentVersion, people: dict) -> DocumentVersion:
    for slot, user in people.items():
        governance_services.record_sign_off(
            version=version, slot=slot, approve=True, sha256=version.sha256, by=user
        )
    version.refresh_from_db()
    return version


def signed_render(by, people: dict, period: FinancialYear = PERIOD) -> ReportRender:
    render = rendered(by, period)
    governance_services.send_for_sign_off(version=render.document_version, by=by)
    sign_by_all(render.document_version, people)
    render.refresh_from_db()
    return render


# Valid HTML, as the W3C checker reads it, for what the report's pages contain. No
# validator is installed here (vnu needs its npm package), so these are its rules that
# a template can break, checked on the parsed tree.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Elements whose end tag the HTML parser implies (and SVG's self-closed ones).
OPTIONAL_END = {"p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "colgroup"}
FLOW_ONLY = {
    "address", "article", "aside", "blockquote", "details", "dialog", "div", "dl", "fieldset", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "menu", "nav",
    "ol", "p", "pre", "section", "table", "ul",
}  # fmt: skip
PHRASING_ONLY = {"p", "span", "strong", "em", "b", "i", "small", "label", "h1", "h2", "h3", "h4", "h5", "h6",
                 "caption", "dt", "legend", "summary", "abbr", "code", "time"}  # fmt: skip
PARENTS = {
    "li": {"ul", "ol", "menu"},
    "dt": {"dl", "div"},
    "dd": {"dl", "div"},
    "tr": {"table", "thead", "tbody", "tfoot"},
    "td": {"tr"},
    "th": {"tr"},
    "thead": {"table"},
    "tbody": {"table"},
    "caption": {"table"},
    "figcaption": {"figure"},
    "legend": {"fieldset"},
    "summary": {"details"},
}
ONLY_CHILDREN = {"ul": {"li", "script", "template"}, "ol": {"li", "script", "template"}}
INTERACTIVE = {"a", "button", "details", "input", "select", "textarea", "label"}


class _Validity(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[list] = []  # [tag, element children so far]
        self.errors: list[str] = []
        self.ids: dict[str, int] = {}
        self.references: list[tuple[str, str]] = []
        self.figures: list[list[str]] = []
        self.foreign = 0  # inside <svg> or <math>: XML rules, not HTML's

    def _where(self):
        return " > ".join(entry[0] for entry in self.stack[-4:])

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids[attributes["id"]] = self.ids.get(attributes["id"], 0) + 1
        for name in ("aria-labelledby", "aria-describedby", "aria-controls"):
            for target in (attributes.get(name) or "").split():
                self.references.append((name, target))
        if tag == "label" and attributes.get("for"):
            self.references.append(("for", attributes["for"]))
        if self.foreign:
            if tag not in VOID:
                self.stack.append([tag, []])
            return
        parent = self.stack[-1][0] if self.stack else None
        if self.stack:
            self.stack[-1][1].append(tag)
        if tag in PARENTS and parent not in PARENTS[tag]:
            self.errors.append(f"<{tag}> inside <{parent}> ({self._where()})")
        if parent in ONLY_CHILDREN and tag not in ONLY_CHILDREN[parent]:
            self.errors.append(f"<{tag}> directly inside <{parent}> ({self._where()})")
        if tag in FLOW_ONLY:
            holders = [entry[0] for entry in self.stack if entry[0] in PHRASING_ONLY]
            if holders:
                self.errors.append(
                    f"<{tag}> inside <{holders[-1]}>, which holds phrasing only ({self._where()})"
                )
        if tag in INTERACTIVE - {"label"} and any(entry[0] in {"a", "button"} for entry in self.stack):
            self.errors.append(f"<{tag}> inside a link or button ({self._where()})")
        if tag in ("svg", "math"):
            self.foreign += 1
        if tag not in VOID:
            self.stack.append([tag, []])

    def handle_startendtag(self, tag, attrs):
        if self.foreign or tag in VOID:
            self.handle_starttag(tag, attrs)
            if self.foreign and tag not in VOID:
                self.stack.pop()
        else:
            self.errors.append(f"<{tag} /> is not a void element ({self._where()})")

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while (
            self.stack and self.stack[-1][0] != tag and self.stack[-1][0] in OPTIONAL_END and not self.foreign
        ):
            self.stack.pop()
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(
                f"</{tag}> does not close the open <{self.stack[-1][0] if self.stack else ''}>"
            )
            return
        _, children = self.stack.pop()
        if tag in ("svg", "math"):
            self.foreign -= 1
        captions = [at for at, child in enumerate(children) if child == "figcaption"]
        if tag == "figure" and captions and (len(captions) > 1 or captions[0] not in (0, len(children) - 1)):
            self.errors.append(f"a <figcaption> not the first or last child of its <figure>: {children}")


def html_errors(page: str) -> list[str]:
    """What makes the page invalid HTML, by the rules above (empty when none)."""
    checker = _Validity()
    checker.feed(page)
    checker.close()
    errors = list(checker.errors)
    errors += [f'id="{name}" is used {count} times' for name, count in checker.ids.items() if count > 1]
    errors += [
        f'{name}="{target}" names no element'
        for name, target in checker.references
        if target not in checker.ids
    ]
    if checker.stack and [entry[0] for entry in checker.stack if entry[0] not in OPTIONAL_END]:
        errors.append(f"elements left open: {[entry[0] for entry in checker.stack]}")
    return errors
