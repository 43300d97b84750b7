from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sentra.metrics import named
from sentra.planning.models import Activity, Indicator

NUMBER = {"min_value": 0, "max_digits": 18, "decimal_places": 2}


class PlanCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Judul"), max_length=200, required=False)
    copy_from = forms.IntegerField(
        label=_("Salin dari rencana tahun"), required=False, help_text=_("Kosongkan untuk rencana baru yang kosong.")
    )


class ProgrammeForm(forms.Form):
    name = forms.CharField(label=_("Nama program"), max_length=200)
    order = forms.IntegerField(label=_("Urutan"), min_value=0, initial=0, required=False)


class ActivityForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    budget_ceiling = forms.IntegerField(label=_("Pagu (Rp)"), min_value=0, initial=0)
    budget_spent = forms.IntegerField(
        label=_("Realisasi anggaran (Rp)"),
        min_value=0,
        initial=0,
        help_text=_("Boleh melebihi pagu; kegiatan itu akan ditandai."),
    )

    class Meta:
        model = Activity
        fields = [
            "name",
            "start_month",
            "end_month",
            "responsible_user",
            "responsible_partner",
            "budget_ceiling",
            "budget_spent",
            "status",
            "program",
            "session",
            "order_round",
            "idea",
            "link",
            "note",
            "order",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        months = [(m, str(m)) for m in range(1, 13)]
        self.fields["start_month"] = forms.TypedChoiceField(label=_("Bulan mulai"), choices=months, coerce=int)
        self.fields["end_month"] = forms.TypedChoiceField(label=_("Bulan selesai"), choices=months, coerce=int)
        self.fields["responsible_user"].queryset = get_user_model().objects.filter(role__in=["admin", "staff"])
        # ideas being considered or followed up (and the one already linked): not every idea ever received
        ideas = self.fields["idea"].queryset
        self.fields["idea"].queryset = ideas.filter(
            Q(status__in=["ditinjau", "ditindaklanjuti", "selesai"]) | Q(pk=self.instance.idea_id or 0)
        ).order_by("-created_at")
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean(self):
        data = super().clean()
        start, end = data.get("start_month"), data.get("end_month")
        if start and end and end < start:
            self.add_error("end_month", _("Bulan selesai tidak boleh sebelum bulan mulai."))
        return data


class IndicatorForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    baseline = forms.DecimalField(label=_("Nilai awal (baseline)"), initial=0, **NUMBER)
    target = forms.DecimalField(label=_("Target tahunan"), **NUMBER)
    target_q1 = forms.DecimalField(label=_("Target triwulan I"), required=False, **NUMBER)
    target_q2 = forms.DecimalField(label=_("Target triwulan II"), required=False, **NUMBER)
    target_q3 = forms.DecimalField(label=_("Target triwulan III"), required=False, **NUMBER)
    target_q4 = forms.DecimalField(label=_("Target triwulan IV"), required=False, **NUMBER)
    manual_value = forms.DecimalField(
        label=_("Realisasi (isian manual)"),
        required=False,
        help_text=_("Hanya untuk indikator yang tidak terikat angka Sentra."),
        **NUMBER,
    )

    class Meta:
        model = Indicator
        fields = [
            "name",
            "unit",
            "direction",
            "baseline",
            "target",
            "target_q1",
            "target_q2",
            "target_q3",
            "target_q4",
            "figure",
            "manual_value",
            "evidence",
            "headline",
            "programme",
            "order",
        ]
        widgets = {"evidence": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— isian manual (dengan bukti) —"))] + named.choices()
        current = self.instance.figure
        if current and not named.is_known(current):
            choices.append((current, _("%(code)s (tidak terdaftar lagi)") % {"code": current}))
        self.fields["figure"] = forms.ChoiceField(label=_("Terikat pada angka Sentra"), choices=choices, required=False)
        if plan is not None:
            self.fields["programme"].queryset = plan.programmes.all()
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean_figure(self):
        code = self.cleaned_data.get("figure") or ""
        if code and not named.is_known(code):
            raise forms.ValidationError(_("Angka ini tidak terdaftar lagi; pilih angka lain atau isian manual."))
        return code


class RealisationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    value = forms.DecimalField(label=_("Realisasi"), **NUMBER)
    evidence = forms.CharField(label=_("Bukti realisasi"), widget=forms.Textarea(attrs={"rows": 2}))


class RevisionForm(forms.Form):
    reason = forms.CharField(label=_("Alasan revisi"), widget=forms.Textarea(attrs={"rows": 2}), min_length=5)
