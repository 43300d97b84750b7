"""The work plan in the Django admin, held to the plan's own rules: access as for the rest of the admin (staff
accounts with the model permissions); every change logged (AuditedAdmin); the workflow (submit, approve, revisions)
only through the plan's pages, which keep its history; an approved plan's programmes, activities and indicators
change only while a revision is open; values are checked as the plan's forms check them."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sentra.accounts.admin import ReadOnlyAdmin
from sentra.core.admin import AuditedAdmin
from sentra.planning import services
from sentra.planning.models import Activity, Indicator, IndicatorSnapshot, PlanRevision, Programme, WorkPlan


def _editable(plan) -> bool:
    try:
        services.check_editable(plan, None)
    except services.PlanError:
        return False
    return True


class PlanRulesForm(forms.ModelForm):
    """Refuses a change to a plan that is submitted, or approved without an open revision; `clean_data` (the
    service's cleaner) checks the values."""

    cleaner = None

    def plan_of(self, data):
        return data.get("plan") or getattr(data.get("programme"), "plan", None)

    def clean(self):
        data = super().clean()
        plan = self.plan_of(data)
        if plan is not None and not _editable(plan):
            raise ValidationError(
                _(
                    "Rencana ini diajukan atau sudah disetujui: perubahan hanya melalui revisi yang dibuka di "
                    "halaman rencana kerja."
                )
            )
        if self.cleaner is not None:
            try:
                cleaned = type(self).cleaner(dict(data))
            except services.PlanError as exc:
                raise ValidationError(str(exc)) from None
            data.update({k: v for k, v in cleaned.items() if k in self.fields})
        return data


class ActivityForm(PlanRulesForm):
    cleaner = staticmethod(services.clean_activity)

    class Meta:
        model = Activity
        fields = ["programme", *(f.removesuffix("_id") for f in services.ACTIVITY_FIELDS)]


class IndicatorForm(PlanRulesForm):
    cleaner = staticmethod(services.clean_indicator)

    class Meta:
        model = Indicator
        fields = ["plan", *(f.removesuffix("_id") for f in services.INDICATOR_FIELDS)]


class ProgrammeForm(PlanRulesForm):
    class Meta:
        model = Programme
        fields = ["plan", "name", "order"]


class PlanScopedAdmin(AuditedAdmin):
    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or _editable(self.plan_of(obj)))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or _editable(self.plan_of(obj)))

    def plan_of(self, obj):
        return obj.plan


@admin.register(WorkPlan)
class WorkPlanAdmin(AuditedAdmin):
    list_display = ("year", "title", "status", "approved_at")
    list_filter = ("status",)
    fields = ("year", "title", "status", "submitted_at", "approved_at", "approved_by")
    readonly_fields = ("status", "submitted_at", "approved_at", "approved_by")

    def get_readonly_fields(self, request, obj=None):
        # the year of an existing plan is its identity (the API and the reports read it)
        return (*self.readonly_fields, "year") if obj is not None else self.readonly_fields

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or _editable(obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.status == WorkPlan.Status.DRAFT)


@admin.register(Programme)
class ProgrammeAdmin(PlanScopedAdmin):
    form = ProgrammeForm
    list_display = ("name", "plan", "order")
    list_filter = ("plan",)


@admin.register(Activity)
class ActivityAdmin(PlanScopedAdmin):
    form = ActivityForm
    list_display = ("name", "programme", "start_month", "end_month", "status", "budget_ceiling", "budget_spent")
    list_filter = ("programme__plan", "status")
    search_fields = ("name",)
    list_select_related = ("programme__plan",)
    raw_id_fields = ("responsible_user", "responsible_partner", "program", "session", "order_round", "idea")

    def plan_of(self, obj):
        return obj.programme.plan


@admin.register(Indicator)
class IndicatorAdmin(PlanScopedAdmin):
    form = IndicatorForm
    list_display = ("name", "plan", "figure", "target", "unit", "headline")
    list_filter = ("plan", "headline")
    search_fields = ("name", "figure")


@admin.register(PlanRevision)
class PlanRevisionAdmin(ReadOnlyAdmin):
    list_display = ("plan", "number", "opened_by", "opened_at", "closed_at")


@admin.register(IndicatorSnapshot)
class IndicatorSnapshotAdmin(ReadOnlyAdmin):
    """What was true at a quarter's end: evidence for the reports, not edited."""

    list_display = ("indicator", "quarter", "value", "taken_on", "source_missing")
    list_filter = ("quarter",)
