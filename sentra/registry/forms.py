import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sentra.regions.models import District, Village
from sentra.regions.resolver import resolve_district
from sentra.regions.selectors import districts_of_home_regency, villages_of
from sentra.registry import rules
from sentra.registry.models import Business, Kbli, Owner, Permit, Sector
from sentra.registry.selectors import REGISTERED
from sentra.registry.validators import nik_region_warning, normalize_nib, normalize_nik, normalize_phone


class DistrictField(forms.ModelChoiceField):
    """A kecamatan chosen from the list, or typed by name ("Kec. Kedung Adem") and resolved."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.queryset.get(pk=value)
        except (District.DoesNotExist, ValueError, TypeError) as exc:
            resolution = resolve_district(value)
            if resolution.ok and self.queryset.filter(pk=resolution.value.pk).exists():
                return resolution.value
            raise ValidationError(resolution.message or _("Kecamatan tidak dikenali."), code="invalid_choice") from exc


class PhoneField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        return normalize_phone(value) if value else ""


class RupiahField(forms.IntegerField):
    """Amounts as people type them: 1.250.000, Rp 1.250.000, 1250000."""

    def to_python(self, value):
        if isinstance(value, str):
            text = value.strip()
            text = re.sub(r"^rp\.?\s*", "", text, flags=re.IGNORECASE)
            text = re.sub(r",-?$|,00$", "", text)
            if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
                text = text.replace(".", "")
            value = text.replace(" ", "")
        return super().to_python(value)


class BusinessForm(forms.ModelForm):
    district = DistrictField(queryset=District.objects.none(), label=_("Kecamatan"))
    phone = PhoneField(label=_("Telepon/WA usaha"), required=False)
    capital = RupiahField(label=_("Modal usaha (Rp, di luar tanah & bangunan)"), required=False, min_value=0)
    annual_sales = RupiahField(label=_("Omzet per tahun (Rp)"), required=False, min_value=0)
    export_countries = forms.CharField(
        label=_("Negara tujuan ekspor"), required=False, help_text=_("Kode negara dipisah koma, mis. MY, SG, JP")
    )
    # The record's version when the form was opened: a save against a newer version is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Business
        fields = [
            "name",
            "sector",
            "kbli",
            "products",
            "district",
            "village",
            "address",
            "latitude",
            "longitude",
            "phone",
            "phone_public",
            "founded_year",
            "workers_male",
            "workers_female",
            "workers_unknown",
            "capital",
            "annual_sales",
            "monthly_capacity",
            "capacity_unit",
            "market_reach",
            "export_countries",
            "status",
            "registered_on",
        ]
        widgets = {
            "address": forms.TextInput(),
            "registered_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, district_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = district_queryset or districts_of_home_regency()
        self.fields["sector"].queryset = Sector.objects.all()
        self.fields["kbli"].queryset = Kbli.objects.all()
        self.fields["workers_unknown"].required = False  # 0 when left empty
        district_code = (
            self.data.get(self.add_prefix("district"))
            or self.initial.get("district")
            or (self.instance.district_id if self.instance.pk else None)
        )
        if hasattr(district_code, "pk"):
            district_code = district_code.pk
        self.fields["village"].queryset = villages_of(district_code) if district_code else Village.objects.none()
        if self.instance.pk and not self.is_bound:
            self.initial["export_countries"] = ", ".join(self.instance.export_countries or [])
            self.initial["version"] = self.instance.version
        # The desa list follows the chosen kecamatan (htmx swaps the <select>).
        self.fields["district"].widget.attrs.update(
            {
                "hx-get": "/wilayah/desa/",
                "hx-target": "#id_village",
                "hx-trigger": "change",
                "hx-swap": "innerHTML",
                "hx-include": "this",
                "hx-vals": '{"kecamatan_field": "district"}',
            }
        )

    def clean_village(self):
        village = self.cleaned_data.get("village")
        return village

    def clean_founded_year(self):
        return rules.check_founded_year(self.cleaned_data.get("founded_year"))

    def clean_registered_on(self):
        return rules.check_registered_on(self.cleaned_data.get("registered_on"))

    def clean_workers_unknown(self):
        return self.cleaned_data.get("workers_unknown") or 0

    def clean_export_countries(self):
        raw = self.cleaned_data.get("export_countries") or ""
        codes = [c.strip().upper() for c in raw.replace(";", ",").split(",") if c.strip()]
        bad = [c for c in codes if len(c) != 2 or not c.isalpha()]
        if bad:
            raise ValidationError(
                _("Gunakan kode negara dua huruf (ISO), mis. MY, SG, JP: %(bad)s") % {"bad": ", ".join(bad)}
            )
        return codes

    def clean(self):
        data = super().clean()
        district, village = data.get("district"), data.get("village")
        if district and village and village.district_id != district.pk:
            self.add_error(
                "village",
                _("Desa/kelurahan %(v)s tidak berada di Kecamatan %(d)s.") % {"v": village.name, "d": district.name},
            )
        if data.get("market_reach") == Business.MarketReach.EXPORT and not data.get("export_countries"):
            self.add_error("export_countries", _("Isi minimal satu negara tujuan untuk jangkauan ekspor."))
        return data


class OwnerForm(forms.ModelForm):
    phone = PhoneField(label=_("Telepon/WA pemilik"), required=False)

    class Meta:
        model = Owner
        fields = ["name", "nik", "gender", "phone", "email", "address"]
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.warnings = []
        self.fields["nik"].widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
        if self.instance.pk and self.instance.nik:
            # The stored NIK is never put into the page: the field stays empty unless it is being replaced.
            self.initial["nik"] = ""
            self.fields["nik"].widget.attrs["placeholder"] = self.instance.nik_masked
            self.fields["nik"].help_text = _("Tersimpan %(masked)s. Kosongkan bila tidak berubah.") % {
                "masked": self.instance.nik_masked
            }

    def clean_nik(self):
        raw = self.cleaned_data.get("nik")
        if not raw:
            return self.instance.nik if self.instance.pk else ""
        nik = normalize_nik(raw)
        warning = nik_region_warning(nik)
        if warning:
            self.warnings.append(warning)
        from sentra.registry.selectors import owners_by_nik

        same = owners_by_nik([nik]).get(nik)
        if same is not None and same.pk != self.instance.pk:
            self.warnings.append(
                _("NIK %(masked)s sudah tercatat untuk pemilik lain (%(name)s). Periksa kemungkinan data ganda.")
                % {"masked": same.nik_masked, "name": same.name}
            )
        return nik


class PermitForm(forms.ModelForm):
    class Meta:
        model = Permit
        fields = ["kind", "number", "issued_on", "expires_on", "note"]
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self):
        data = super().clean()
        if data.get("kind") == Permit.Kind.NIB and data.get("number"):
            try:
                data["number"] = normalize_nib(data["number"])
            except ValidationError as exc:
                self.add_error("number", exc)
            else:
                clash = Permit.objects.filter(kind=Permit.Kind.NIB, number=data["number"]).select_related("business")
                if self.instance.business_id:
                    clash = clash.exclude(business_id=self.instance.business_id)
                other = clash.first()
                if other:
                    self.add_error(
                        "number",
                        _("NIB %(nib)s sudah terdaftar untuk IKM “%(name)s”.")
                        % {"nib": data["number"], "name": other.business.name},
                    )
        issued, expires = data.get("issued_on"), data.get("expires_on")
        for name, check in (("issued_on", rules.check_permit_issued), ("expires_on", rules.check_permit_expires)):
            try:
                check(data.get(name))
            except ValidationError as exc:
                self.add_error(name, exc)
        if issued and expires and expires < issued:
            self.add_error("expires_on", _("Tanggal berlaku sampai tidak boleh sebelum tanggal terbit."))
        return data


PermitFormSet = forms.inlineformset_factory(Business, Permit, form=PermitForm, extra=2, can_delete=True, max_num=20)


def permits_from_formset(formset) -> list[dict]:
    items = []
    for form in formset.forms:
        if not form.has_changed() and not form.instance.pk:
            continue
        data = dict(form.cleaned_data)
        data["id"] = form.instance if form.instance.pk else None
        items.append(data)
    return items


class BusinessFilterForm(forms.Form):
    YES_NO = [("", _("Semua")), ("ya", _("Ada NIB")), ("tidak", _("Belum ada NIB"))]

    q = forms.CharField(label=_("Cari"), required=False)
    kecamatan = DistrictField(queryset=District.objects.none(), label=_("Kecamatan"), required=False)
    sektor = forms.ModelChoiceField(queryset=Sector.objects.none(), label=_("Sektor"), required=False)
    nib = forms.ChoiceField(choices=YES_NO, label=_("NIB"), required=False)
    skala = forms.ChoiceField(
        choices=[("", _("Semua"))] + list(Business.Scale.choices), label=_("Skala"), required=False
    )
    pasar = forms.ChoiceField(
        choices=[("", _("Semua"))] + list(Business.MarketReach.choices), label=_("Jangkauan pasar"), required=False
    )
    status = forms.ChoiceField(
        choices=[("", _("Semua")), (REGISTERED, _("Terdaftar (bukan tutup)"))] + list(Business.Status.choices),
        label=_("Status"),
        required=False,
    )
    urut = forms.ChoiceField(
        choices=[
            ("nama", _("Nama (A–Z)")),
            ("-nama", _("Nama (Z–A)")),
            ("kecamatan", _("Kecamatan (A–Z)")),
            ("-kecamatan", _("Kecamatan (Z–A)")),
            ("-diubah", _("Terakhir diubah")),
            ("diubah", _("Paling lama tidak diubah")),
        ],
        label=_("Urutkan"),
        required=False,
    )

    def __init__(self, *args, district_queryset=None, **kwargs):
        """`district_queryset`: the kecamatan the user may choose (an operator's own; None: the regency's)."""
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].queryset = (
            districts_of_home_regency() if district_queryset is None else district_queryset
        )
        self.fields["kecamatan"].empty_label = _("Semua")
        self.fields["sektor"].queryset = Sector.objects.all()
        self.fields["sektor"].empty_label = _("Semua")

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "q": (data.get("q") or "").strip(),
            "district": data.get("kecamatan"),
            "sector": data.get("sektor"),
            "has_nib": {"ya": True, "tidak": False}.get(data.get("nib") or ""),
            "scale": data.get("skala") or "",
            "market_reach": data.get("pasar") or "",
            "status": data.get("status") or "",
        }

    def sort(self) -> str:
        """The chosen order (a key of registry.selectors.SORTS, "-" first for descending); name by default."""
        if not self.is_bound:
            return "nama"
        self.is_valid()  # cleaned_data then holds the valid fields, whatever else was wrong
        return self.cleaned_data.get("urut") or "nama"
