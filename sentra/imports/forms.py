from django import forms
from django.utils.translation import gettext_lazy as _

from sentra.imports.columns import FIELD_CHOICES
from sentra.imports.models import ColumnMapping, ImportBatch
from sentra.imports.readers import ReadError, check_suffix

MAX_UPLOAD_MB = 100


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Berkas daftar IKM (xlsx, xls, ods, csv)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_suffix(upload.name)
        except ReadError as exc:
            raise forms.ValidationError(str(exc)) from None
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(_("Berkas terlalu besar (batas %(mb)s MB).") % {"mb": MAX_UPLOAD_MB})
        if upload.size == 0:
            raise forms.ValidationError(_("Berkas kosong."))
        return upload


class MappingForm(forms.Form):
    """One select per column of the file, plus an optional name to save the mapping for next time."""

    save_as = forms.CharField(label=_("Simpan pemetaan ini dengan nama (opsional)"), max_length=100, required=False)

    def __init__(self, *args, headers: list[str], initial_mapping: dict[int, str], user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.headers = headers
        self.user = user
        for index, header in enumerate(headers):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=header or _("(kolom %(n)s tanpa judul)") % {"n": index + 1},
                choices=FIELD_CHOICES,
                required=False,
                initial=initial_mapping.get(index, ""),
            )

    def column_fields(self):
        return [self[f"col_{i}"] for i in range(len(self.headers))]

    def clean(self):
        data = super().clean()
        chosen = [data.get(f"col_{i}") for i in range(len(self.headers)) if data.get(f"col_{i}")]
        doubled = sorted({c for c in chosen if chosen.count(c) > 1})
        if doubled:
            labels = dict(FIELD_CHOICES)
            raise forms.ValidationError(
                _("Setiap isian hanya boleh dipetakan ke satu kolom: %(f)s.")
                % {"f": ", ".join(labels[d] for d in doubled)}
            )
        name = data.get("save_as", "").strip()
        if name and ColumnMapping.objects.filter(name=name, created_by=self.user).exists():
            self.add_error("save_as", _("Nama pemetaan “%(n)s” sudah dipakai.") % {"n": name})
        return data

    def mapping(self) -> dict[str, str]:
        chosen = {str(i): self.cleaned_data[f"col_{i}"] for i in range(len(self.headers))}
        return {k: v for k, v in chosen.items() if v}


class CommitForm(forms.Form):
    on_match = forms.ChoiceField(
        label=_("Baris yang cocok dengan IKM yang sudah ada di registri"),
        choices=ImportBatch.OnMatch.choices,
        initial=ImportBatch.OnMatch.SKIP,
        widget=forms.RadioSelect,
    )
