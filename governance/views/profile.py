from django import forms
from django.contrib import messages
from django.shortcuts import redirect

from .base import form_page


class ReminderPreferenceForm(forms.ModelForm):
    class Meta:
        from ..models import User

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
    if request.method == "POST" and form.is_valid():
        user = form.save(commit=False)
        user._history_user = request.user
        user.save()
        messages.success(request, "Your reminder settings have been saved")
        return redirect("governance:profile")
    return form_page(
        request,
        form,
        title="Your profile",
        caption=request.user.email,
        breadcrumbs=[("Your profile", None)],
        cancel_url="/",
        submit_label="Save settings",
    )
