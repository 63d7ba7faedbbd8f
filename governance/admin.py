from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .admin_widgets import PRIVATE_FILES
from .models import Agency, PartnershipGroup, Person, User


def _superusers_only(request):
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _superusers_only
admin.site.site_header = "Partnership Hub administration"


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    ordering = ["full_name"]
    list_display = ["email", "full_name", "is_active", "is_superuser"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "full_name", "password"]}),
        ("Roles and access", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})
    ]


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "statutory_partner", "is_active"]
    search_fields = ["name"]


@admin.register(PartnershipGroup)
class PartnershipGroupAdmin(SimpleHistoryAdmin):
    formfield_overrides = PRIVATE_FILES
    list_display = ["name", "is_executive", "chair", "is_retired"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "job_title", "agency", "email"]
    search_fields = ["full_name", "email"]
    list_filter = ["agency"]
    autocomplete_fields = ["user"]
