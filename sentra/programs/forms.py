import csv
import datetime as dt
import io

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from sentra.programs.models import FollowUp, Program, Prospect, Session
from sentra.regions.selectors import districts_of_home_regency
from sentra.registry.forms import PhoneField
from sentra.registry.models import Business, Sector
from sentra.registry.validators import normalize_nik

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def at_least_one(form, *names):
    """Counts of people or seats where 0 makes no sense: the same rule (≥ 1) in the browser and on the server,
    with one message."""
    for name in names:
        field = form.fields.get(name)
        if field is None:
            continue
        field.min_value = 1
        field.widget.attrs["min"] = 1
        field.validators = [v for v in field.validators if not isinstance(v, MinValueValidator)]
        field.validators.append(MinValueValidator(1, message=_("Isi paling sedikit 1.")))
        field.error_messages["min_value"] = _("Isi paling sedikit 1.")


class ProgramForm(forms.ModelForm):
    followup_months = forms.CharField(
        label=_("Tindak lanjut (bulan setelah kegiatan)"),
        required=False,
        initial="3, 6",
        help_text=_("Angka dipisah koma, mis. 3, 6"),
    )

    class Meta:
        model = Program
        fields = [
            "year",
            "title",
            "program_type",
            "description",
            "organiser",
            "partners",
            "funding_source",
            "budget",
            "target_participants",
            "intended_outcomes",
            "min_attendance_pct",
            "followup_months",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "intended_outcomes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        at_least_one(self, "target_participants", "min_attendance_pct")
        if self.instance.pk and not self.is_bound:
            self.initial["followup_months"] = ", ".join(str(m) for m in self.instance.followup_months or [])

    def clean_followup_months(self):
        raw = self.cleaned_data.get("followup_months") or ""
        parts = [p.strip() for p in raw.replace(";", ",").split(",") if p.strip()]
        if any(not p.isdigit() or not 1 <= int(p) <= 60 for p in parts):
            raise ValidationError(_("Isi bulan sebagai angka 1–60 dipisah koma, mis. 3, 6."))
        return sorted({int(p) for p in parts})


class SessionForm(forms.ModelForm):
    eligible_scales = forms.MultipleChoiceField(
        label=_("Skala yang boleh ikut"),
        choices=Business.Scale.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kosongkan bila semua skala boleh ikut."),
    )

    class Meta:
        model = Session
        fields = [
            "title",
            "starts_on",
            "ends_on",
            "venue",
            "district",
            "quota",
            "trainers",
            "trainer_organisations",
            "eligible_sectors",
            "eligible_districts",
            "eligible_scales",
            "status",
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts_of_home_regency()
        self.fields["eligible_districts"].queryset = districts_of_home_regency()
        self.fields["eligible_sectors"].queryset = Sector.objects.all()
        at_least_one(self, "quota")

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        if start and end and (end - start).days > 60:
            self.add_error("ends_on", _("Satu kegiatan paling lama 60 hari; buat kegiatan terpisah."))
        return data


class ProspectForm(forms.ModelForm):
    phone = PhoneField(label=_("Telepon/WA"), required=False)

    class Meta:
        model = Prospect
        fields = ["name", "nik", "birth_date", "phone", "email", "address", "district"]
        widgets = {"birth_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts_of_home_regency()

    def clean_nik(self):
        raw = self.cleaned_data.get("nik")
        return normalize_nik(raw) if raw else ""


class ProspectBusinessForm(forms.Form):
    """The few facts needed to enter a PKW graduate's new business into the registry."""

    name = forms.CharField(label=_("Nama usaha"), max_length=200)
    sector = forms.ModelChoiceField(label=_("Sektor"), queryset=Sector.objects.none())
    products = forms.CharField(label=_("Produk utama"), max_length=255, required=False)
    registered_on = forms.DateField(label=_("Mulai usaha"), widget=DATE, initial=dt.date.today)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = Sector.objects.all()

    def business_data(self) -> dict:
        d = self.cleaned_data
        return {
            "name": d["name"],
            "sector_id": d["sector"].pk,
            "products": d["products"],
            "registered_on": d["registered_on"],
        }


def _yes_no(label):
    """Yes / no / not known (None) — a follow-up question nobody answered stays unknown."""
    choices = [("", _("Belum diketahui")), ("true", _("Ya")), ("false", _("Tidak"))]
    return forms.TypedChoiceField(
        label=label, choices=choices, required=False, coerce=lambda v: v == "true", empty_value=None
    )


class FollowUpForm(forms.ModelForm):
    sells_online = _yes_no(_("Mulai berjualan daring?"))
    new_market_level = _yes_no(_("Mencapai pasar yang lebih luas?"))
    exporting = _yes_no(_("Mengekspor?"))

    class Meta:
        model = FollowUp
        fields = ["sells_online", "new_market_level", "exporting", "new_products", "revenue_change_pct", "note"]


class AttendanceUploadForm(forms.Form):
    """An attendance sheet as CSV: a column `no` (participant number shown on the checklist) and one column
    per session day headed with its date (DD-MM-YYYY or YYYY-MM-DD); 1/v/ya/hadir = present."""

    PRESENT = {"1", "v", "x", "ya", "y", "hadir", "h", "✓"}
    ABSENT = {"", "0", "-", "tidak", "t", "absen", "a", "izin", "sakit"}

    file = forms.FileField(label=_("Berkas daftar hadir (CSV)"))

    def __init__(self, *args, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.marks: dict[dt.date, set[int]] = {}

    @staticmethod
    def _date(header: str) -> dt.date | None:
        for fmt in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"):
            try:
                return dt.datetime.strptime(header.strip(), fmt).date()
            except ValueError:
                continue
        return None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        try:
            dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        rows = list(csv.reader(io.StringIO(text), dialect))
        if not rows:
            raise ValidationError(_("Berkas kosong."))
        header = [h.strip() for h in rows[0]]
        if not header or header[0].lower() not in {"no", "no.", "nomor"}:
            raise ValidationError(_("Kolom pertama harus “no” (nomor peserta pada daftar hadir)."))
        days = {}
        errors = []
        for col, name in enumerate(header[1:], start=1):
            day = self._date(name)
            if day is None:
                continue
            if day not in self.session.days:
                errors.append(_("Kolom “%(h)s”: bukan hari kegiatan ini.") % {"h": name})
            days[col] = day
        if not days:
            raise ValidationError(_("Tidak ada kolom tanggal (mis. 02-03-2026) pada baris judul."))
        seated = set(self.session.enrollments.filter(status="enrolled").values_list("pk", flat=True))
        marks = {day: set() for day in days.values()}
        for line, row in enumerate(rows[1:], start=2):
            if not any(c.strip() for c in row):
                continue
            number = row[0].strip()
            if not number.isdigit() or int(number) not in seated:
                errors.append(_("Baris %(n)s: nomor peserta “%(v)s” tidak dikenal.") % {"n": line, "v": number})
                continue
            for col, day in days.items():
                value = (row[col] if col < len(row) else "").strip().lower()
                if value in self.PRESENT:
                    marks[day].add(int(number))
                elif value not in self.ABSENT:
                    errors.append(
                        _("Baris %(n)s, kolom %(h)s: isian “%(v)s” tidak dikenal (pakai 1 untuk hadir, 0 untuk tidak).")
                        % {"n": line, "h": header[col], "v": row[col]}
                    )
        if errors:
            raise ValidationError(errors)
        self.marks = marks
        return upload
