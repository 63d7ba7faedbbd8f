from django import forms
from django.urls import reverse

from .. import services
from ..models import User
from ..pages import form_page, submit_form


class ReminderPreferenceForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["reminders"]
        widgets = {"reminders": forms.RadioSelect}
        labels = {"reminders": "Emails about your non-statutory deadlines"}
        help_texts = {
            "reminders": "Reminders of statutory clocks (serious incident notifications, rapid reviews, "
            "local reviews) always go to those responsible and to the business unit."
        }


def profile(request):
    """The user's own settings: how they hear about deadlines."""
    form = ReminderPreferenceForm(request.POST or None, instance=request.user)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.save_model_form(form=form, by=request.user),
        message="Your reminder settings have been saved",
        then=reverse("governance:profile"),
    )
    return saved or form_page(
        request,
        form,
        title="Your profile",
        caption=request.user.email,
        breadcrumbs=[("Your profile", None)],
        cancel_url="/",
        submit_label="Save settings",
    )
