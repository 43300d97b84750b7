from django import forms
from django.utils.translation import gettext_lazy as _

from sentra.orders.models import DEFAULT_SIZES, Office, Round


class RoundForm(forms.ModelForm):
    sizes_text = forms.CharField(
        label=_("Ukuran (pisahkan dengan koma)"), initial=", ".join(DEFAULT_SIZES), max_length=300
    )
    prices_text = forms.CharField(
        label=_("Jenis pakaian, teknik dan harga satuan"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Satu baris per harga: jenis pakaian | teknik | harga, mis. “Kemeja lengan panjang | tulis | 450000”."
        ),
    )

    class Meta:
        model = Round
        fields = [
            "title",
            "declare_opens",
            "declare_closes",
            "response_deadline",
            "delivery_deadline",
            "payer",
            "min_batch",
            "boost_pkw",
            "boost_first_time",
            "reanswer_days",
            "price_note",
        ]
        widgets = {
            "declare_opens": forms.DateInput(attrs={"type": "date"}),
            "declare_closes": forms.DateInput(attrs={"type": "date"}),
            "response_deadline": forms.DateInput(attrs={"type": "date"}),
            "delivery_deadline": forms.DateInput(attrs={"type": "date"}),
            "price_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["sizes_text"].initial = ", ".join(self.instance.sizes)
            self.fields["prices_text"].initial = "\n".join(
                f"{p.garment.name} | {p.technique} | {p.unit_price}"
                for g in self.instance.garments.all()
                for p in g.prices.select_related("garment")
            )

    def clean_sizes_text(self):
        sizes = [s.strip() for s in self.cleaned_data["sizes_text"].split(",") if s.strip()]
        if not sizes:
            raise forms.ValidationError(_("Isi paling sedikit satu ukuran."))
        if len(set(sizes)) != len(sizes):
            raise forms.ValidationError(_("Ada ukuran yang ditulis dua kali."))
        return sizes

    def clean(self):
        data = super().clean()
        o, c, r, d = (
            data.get(k) for k in ("declare_opens", "declare_closes", "response_deadline", "delivery_deadline")
        )
        if o and c and c < o:
            self.add_error("declare_closes", _("Penutupan pendataan tidak boleh sebelum pembukaan."))
        if c and r and r < c:
            self.add_error("response_deadline", _("Batas jawaban produsen harus setelah pendataan ditutup."))
        if r and d and d < r:
            self.add_error("delivery_deadline", _("Batas pengiriman harus setelah batas jawaban produsen."))
        return data

    def save(self, commit=True):
        self.instance.sizes = self.cleaned_data["sizes_text"]
        return super().save(commit)


class StaffListForm(forms.Form):
    file = forms.FileField(label=_("Daftar pegawai (Excel)"))
    garment = forms.ChoiceField(label=_("Jenis pakaian bila kolomnya kosong"), required=False)
    technique = forms.ChoiceField(label=_("Teknik bila kolomnya kosong"), required=False)


class OfficeForm(forms.ModelForm):
    username = forms.CharField(label=_("Nama pengguna pembeli (baru)"), required=False, max_length=150)
    password = forms.CharField(label=_("Kata sandi awal"), required=False, widget=forms.PasswordInput, min_length=10)

    class Meta:
        model = Office
        fields = ["name", "kind", "district"]
