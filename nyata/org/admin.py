from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from nyata.org.forms import NipField
from nyata.org.models import Instansi, Membership, Unit, User


@admin.register(Instansi)
class InstansiAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "time_zone", "is_active"]


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "code", "instansi", "is_active"]
    list_filter = ["instansi", "kind", "is_active"]
    search_fields = ["name", "code"]


@admin.register(User)
class PersonAdmin(UserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "name", "instansi", "is_active"]
    search_fields = ["username", "name", "nip", "email"]
    ordering = ["name"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Profile", {"fields": ["name", "email", "nip", "phone", "instansi"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"fields": ["username", "name", "password1", "password2"]})]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # A NIP is typed with or without its usual spaces here too, and kept as its 18 digits.
        if db_field.name == "nip":
            return NipField(label=db_field.verbose_name)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
