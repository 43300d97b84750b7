"""The collaboration module in the Django admin. Access as for the rest of the admin: staff accounts with the
model permissions (superusers have all); every change is logged (AuditedAdmin). Contact people are personal data:
only whoever holds the contact permissions sees them, as an inline of their organisation."""

from django.contrib import admin

from sentra.accounts.admin import ReadOnlyAdmin
from sentra.core.admin import AuditedAdmin
from sentra.partners.models import Agreement, Commitment, Contact, Delivery, Notice, PartnerOrganisation


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(AuditedAdmin):
    list_display = ("name", "sector")
    list_filter = ("sector",)
    search_fields = ("name",)
    filter_horizontal = ("members",)
    inlines = [ContactInline]


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    fields = ("quantity", "delivered_on", "note", "source", "session", "recorded_by")
    readonly_fields = ("source", "session", "recorded_by")


@admin.register(Agreement)
class AgreementAdmin(AuditedAdmin):
    list_display = ("number", "title", "kind", "status", "signed_on", "ends_on")
    list_filter = ("status", "kind")
    search_fields = ("number", "title", "organisations__name")
    filter_horizontal = ("organisations",)
    date_hierarchy = "ends_on"


@admin.register(Commitment)
class CommitmentAdmin(AuditedAdmin):
    list_display = ("organisation", "description", "kind", "quantity", "unit", "due_on")
    list_filter = ("kind", "organisation__sector")
    search_fields = ("description", "organisation__name")
    list_select_related = ("organisation",)
    autocomplete_fields = ("organisation",)
    inlines = [DeliveryInline]


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    """Reminders are written by the reminder job and dismissed on the dashboard."""

    list_display = ("created_at", "text", "dismissed_at")
