from django import forms
from django.utils.translation import gettext_lazy as _

from sentra.engagement.models import Idea, Poll, Service, SurveyPeriod, SurveyResponse
from sentra.engagement.skm import ELEMENTS
from sentra.programs.models import Program, Session

# The regulation's questions (PermenPAN-RB 14/2017, lampiran) and its four answers per element.
QUESTIONS = {
    "U1": _("Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?"),
    "U2": _("Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?"),
    "U3": _("Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?"),
    "U4": _("Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?"),
    "U5": _(
        "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar "
        "pelayanan dengan hasil yang diberikan?"
    ),
    "U6": _("Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?"),
    "U7": _("Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?"),
    "U8": _("Bagaimana pendapat Saudara tentang penanganan pengaduan, saran, dan masukan pengguna layanan?"),
    "U9": _("Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?"),
}
ANSWERS = {
    "U1": [_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")],
    "U2": [_("Tidak mudah"), _("Kurang mudah"), _("Mudah"), _("Sangat mudah")],
    "U3": [_("Tidak cepat"), _("Kurang cepat"), _("Cepat"), _("Sangat cepat")],
    "U4": [_("Sangat mahal"), _("Cukup mahal"), _("Murah"), _("Gratis")],
    "U5": [_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")],
    "U6": [_("Tidak kompeten"), _("Kurang kompeten"), _("Kompeten"), _("Sangat kompeten")],
    "U7": [_("Tidak sopan dan ramah"), _("Kurang sopan dan ramah"), _("Sopan dan ramah"), _("Sangat sopan dan ramah")],
    "U8": [_("Tidak ada"), _("Ada tetapi tidak berfungsi"), _("Berfungsi kurang maksimal"), _("Dikelola dengan baik")],
    "U9": [_("Buruk"), _("Cukup"), _("Baik"), _("Sangat baik")],
}


class SurveyForm(forms.Form):
    service = forms.ModelChoiceField(
        queryset=Service.objects.none(), label=_("Layanan yang Anda terima"), empty_label=_("— pilih layanan —")
    )
    age_band = forms.ChoiceField(label=_("Usia"), choices=SurveyResponse.AgeBand.choices, widget=forms.RadioSelect)
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=SurveyResponse.Sex.choices, widget=forms.RadioSelect)
    education = forms.ChoiceField(label=_("Pendidikan terakhir"), choices=SurveyResponse.Education.choices)
    occupation = forms.ChoiceField(label=_("Pekerjaan"), choices=SurveyResponse.Occupation.choices)
    complaint = forms.CharField(
        label=_("Pengaduan, saran atau masukan (boleh dikosongkan)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
    )
    # honeypot: people leave it empty (hidden by CSS and aria-hidden); bots fill it
    website = forms.CharField(required=False, label=_("Jangan diisi"))

    def __init__(self, *args, period: SurveyPeriod, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = period.services.filter(active=True).order_by("order", "name")
        for code, label in ELEMENTS:
            self.fields[code.lower()] = forms.TypedChoiceField(
                label=f"{code}. {label}",
                help_text=QUESTIONS[code],
                choices=[(i + 1, f"{i + 1} — {a}") for i, a in enumerate(ANSWERS[code])],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Unsur ini belum dijawab."),
                    "invalid_choice": _("Nilai harus 1 sampai 4."),
                },
            )

    def element_fields(self):
        return [self[code.lower()] for code, _label in ELEMENTS]

    def scores(self) -> list[int]:
        return [self.cleaned_data[code.lower()] for code, _label in ELEMENTS]


class PeriodForm(forms.ModelForm):
    class Meta:
        model = SurveyPeriod
        fields = ["name", "kind", "year", "semester", "starts_on", "ends_on", "services", "weight_0111", "published"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "services": forms.CheckboxSelectMultiple,
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("Tanggal selesai sebelum tanggal mulai."))
        if data.get("kind") == SurveyPeriod.Kind.SEMESTER and not data.get("semester"):
            self.add_error("semester", _("Isi semester (1 atau 2)."))
        return data


class PollForm(forms.ModelForm):
    options_text = forms.CharField(
        label=_("Pilihan jawaban (satu per baris)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        initial="\n".join(Poll.DEFAULT_OPTIONS),
    )

    class Meta:
        model = Poll
        fields = ["question", "page_path", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.options:
            self.initial["options_text"] = "\n".join(self.instance.options)

    def clean_page_path(self):
        path = self.cleaned_data["page_path"].strip()
        if not path.startswith("/") or "://" in path or " " in path:
            raise forms.ValidationError(_("Tulis jalur halaman yang diawali “/”, mis. /statistik/"))
        return path

    def clean_options_text(self):
        options = [line.strip() for line in self.cleaned_data["options_text"].splitlines() if line.strip()]
        if not 2 <= len(options) <= 6:
            raise forms.ValidationError(_("Isi 2 sampai 6 pilihan jawaban."))
        if any(len(o) > 60 for o in options):
            raise forms.ValidationError(_("Setiap pilihan paling panjang 60 karakter."))
        return options

    def save(self, commit=True):
        self.instance.options = self.cleaned_data["options_text"]
        return super().save(commit)


class IdeaForm(forms.Form):
    category = forms.ChoiceField(label=_("Kategori"), choices=Idea.Category.choices)
    text = forms.CharField(
        label=_("Usulan atau kebutuhan Anda"),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": Idea.MAX_TEXT}),
        max_length=Idea.MAX_TEXT,
        error_messages={"max_length": _("Usulan paling panjang %(limit_value)d karakter (sekarang %(show_value)d).")},
    )
    photo = forms.FileField(label=_("Foto (boleh dikosongkan)"), required=False)
    publish_consent = forms.BooleanField(
        label=_("Boleh ditampilkan di halaman publik tanpa nama dan kontak"), required=False
    )


class OnBehalfIdeaForm(IdeaForm):
    business = forms.IntegerField(label=_("Nomor IKM (lihat registri)"), widget=forms.NumberInput)
    contact_email = forms.EmailField(label=_("E-mail pengusul untuk kabar (boleh dikosongkan)"), required=False)


class BatchIdeaForm(forms.Form):
    source_note = forms.CharField(label=_("Pertemuan"), max_length=200, initial=_("Rapat kerja"))
    lines = forms.CharField(
        label=_("Usulan, satu per baris: kategori; usulan"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Contoh: legalitas; Pendampingan sertifikasi halal untuk IKM pangan"),
    )

    def rows(self) -> list[tuple[int, dict]]:
        out = []
        for number, line in enumerate(self.cleaned_data["lines"].splitlines(), start=1):
            if not line.strip():
                continue
            category, sep, text = line.partition(";")
            if not sep:
                category, text = "", line
            out.append((number, {"category": category, "text": text}))
        return out


class IdeaImportForm(forms.Form):
    source_note = forms.CharField(label=_("Pertemuan"), max_length=200, initial=_("Rapat kerja"))
    upload = forms.FileField(label=_("Berkas (xlsx, xls, ods atau csv) dengan kolom Kategori dan Usulan"))


class TransitionForm(forms.Form):
    status = forms.ChoiceField(label=_("Status baru"), choices=Idea.Status.choices)
    reason = forms.CharField(label=_("Alasan penolakan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    response = forms.CharField(
        label=_("Tanggapan untuk pengusul"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    program = forms.ModelChoiceField(
        label=_("Program"), required=False, queryset=Program.objects.order_by("-year", "title")
    )
    session = forms.ModelChoiceField(
        label=_("Kegiatan"),
        required=False,
        queryset=Session.objects.select_related("program").order_by("-starts_on"),
    )
    link_label = forms.CharField(label=_("Tindak lanjut lain"), required=False, max_length=200)
    link_url = forms.CharField(label=_("Tautan"), required=False, max_length=300)
