"""Sign-in accounts and roles, run by the business unit (not the Django admin), and the
sign-in pages the service puts in place of allauth's and the admin's own."""

from urllib.parse import urlencode

from allauth.account.forms import ResetPasswordForm
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from .. import roles, services
from ..models import Person, User
from ..pages import form_page, paginate, query_without_page, require, submit_form
from ..text import possessive

GOVERNANCE = ("Governance", "/governance/")


class AccountForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label="Roles",
        choices=[(name, name) for name in roles.ALL_ROLES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Business unit, Rapid review panel and Executive member can see case records and must use "
        "two-factor sign-in.",
    )
    is_active = forms.BooleanField(label="Can sign in", required=False, initial=True)


class NewAccountForm(AccountForm):
    person = forms.ModelChoiceField(
        label="Contact", queryset=Person.objects.none(), error_messages={"required": "Select the contact"}
    )

    field_order = ["person", "roles", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = (
            Person.objects.filter(user__isnull=True).select_related("agency").order_by("full_name")
        )
        self.fields["person"].label_from_instance = lambda p: f"{p.full_name} ({p.email}, {p.agency})"
        self.fields[
            "person"
        ].help_text = "Only contacts without an account are listed; add the contact first."

    def clean_person(self):
        person = self.cleaned_data["person"]
        if User.objects.filter(email__iexact=person.email).exists():
            raise forms.ValidationError("An account with this contact's email address already exists")
        return person


@require_GET
def account_list(request):
    require(request, "governance.change_user")
    users = User.objects.prefetch_related("groups").order_by("full_name")
    return render(
        request,
        "governance/account_list.html",
        {
            "page": paginate(request, users),
            "query": query_without_page(request),
            "breadcrumbs": [GOVERNANCE, ("Accounts", None)],
        },
    )


def account_create(request):
    require(request, "governance.change_user")
    form = NewAccountForm(request.POST or None)

    def save(data):
        user = services.give_account(by=request.user, **data)
        # The person chooses their own password from the emailed link.
        reset = ResetPasswordForm(data={"email": user.email})
        if reset.is_valid():
            reset.save(request)
        return user

    saved = submit_form(
        request,
        form,
        save=save,
        message=lambda user: f"Account created: {user.email} has been sent a link to choose a password",
        then=reverse("governance:account_list"),
    )
    return saved or form_page(
        request,
        form,
        title="Give a contact a sign-in account",
        breadcrumbs=[GOVERNANCE, ("Accounts", reverse("governance:account_list")), ("New account", None)],
        cancel_url=reverse("governance:account_list"),
        submit_label="Create account",
    )


def account_edit(request, pk):
    require(request, "governance.change_user")
    user = get_object_or_404(User.objects.prefetch_related("groups"), pk=pk)
    form = AccountForm(
        request.POST or None, initial={"roles": sorted(user.role_names), "is_active": user.is_active}
    )
    saved = submit_form(
        request,
        form,
        save=lambda data: services.change_account(user=user, by=request.user, **data),
        message=f"{user.email} updated",
        then=reverse("governance:account_list"),
    )
    if saved:
        return saved
    # The form page, with the two-factor lockout (if any) and its clearing above the form.
    return form_page(
        request,
        form,
        title=f"Change {possessive(user.full_name)} account",
        caption=user.email,
        breadcrumbs=[GOVERNANCE, ("Accounts", reverse("governance:account_list")), (user.full_name, None)],
        cancel_url=reverse("governance:account_list"),
        template="governance/account_form.html",
        account=user,
        lockout_minutes=int(settings.TWO_FACTOR_LOCKOUT_TIME.total_seconds() // 60),
    )


def account_clear_two_factor_lockout(request, pk):
    require(request, "governance.change_user")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    user = get_object_or_404(User, pk=pk)
    try:
        services.clear_two_factor_lockout(user=user, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"Two-factor lockout cleared: {user.full_name} can sign in with a code from their authenticator "
            "app or a recovery code",
        )
    return redirect("governance:account_edit", pk=user.pk)


def own_email_addresses(request):
    """In place of allauth's email page: the business unit changes sign-in email
    addresses (with the contact's), so a person cannot move their account to an
    address nobody has checked."""
    raise Http404("Email addresses are changed by the business unit.")


def _safe_next(request, default: str) -> str:
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@login_not_required
@require_GET
def admin_sign_in(request):
    """In place of the admin's own sign-in page: there is one sign-in page, so that
    lockout, two-factor and logging apply to the admin too. Someone already signed in
    is not sent round again (allauth would send them straight back here): a superuser
    goes on to the admin, anyone else is refused."""
    destination = _safe_next(request, reverse("admin:index"))
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?{urlencode({'next': destination})}")
    if request.user.is_active and request.user.is_superuser:
        return redirect(destination)
    raise PermissionDenied
