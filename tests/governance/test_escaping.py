"""User data never reaches a page unescaped through a form's label or hint.

crispy-forms-gds marks labels and hints safe; the project's templates/gds overrides
escape them, so a record's title or a person's name is text, never markup.
"""

from governance import roles
from tests.governance.factories import RiskFactory

PAYLOAD = '<img src=x onerror="alert(1)">'
ESCAPED = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"


def test_risk_title_is_escaped_on_the_raise_an_action_page(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    risk = RiskFactory(title=f"Risk {PAYLOAD}")

    response = client.get(f"/governance/actions/add/?source=risk:{risk.pk}")

    assert response.status_code == 200
    content = response.content.decode()
    assert PAYLOAD not in content
    assert f"Raised from: Risk {ESCAPED}" in content


def _render_with_crispy(form) -> str:
    from django.template import Context, Template

    return Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(Context({"form": form}))


def _form_with(label: str, help_text: str, **field_kwargs):
    from django import forms

    class Form(forms.Form):
        pass

    form = Form()
    for name, field in field_kwargs.items():
        field.label = label
        field.help_text = help_text
        form.fields[name] = field
    return form


def test_labels_and_hints_rendered_through_crispy_are_escaped():
    from django import forms

    form = _form_with(
        f"Label {PAYLOAD}",
        f"Hint {PAYLOAD}",
        text=forms.CharField(),
        flag=forms.BooleanField(),
        choice=forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect),
        many=forms.MultipleChoiceField(choices=[("a", "A")], widget=forms.CheckboxSelectMultiple),
    )

    html = _render_with_crispy(form)

    assert PAYLOAD not in html
    assert html.count(f"Label {ESCAPED}") == 4
    assert html.count(f"Hint {ESCAPED}") == 4


def test_inline_radios_keep_the_base_govuk_radios_class():
    from django import forms
    from django.template import Context, Template

    class Choice(forms.Form):
        answer = forms.ChoiceField(choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect)

    rendered = Template(
        "{% load crispy_forms_tags %}{% include 'gds/layout/radios.html' with radios_inline=True %}"
    ).render(Context({"field": Choice()["answer"]}))
    assert 'class="govuk-radios govuk-radios--inline' in rendered
