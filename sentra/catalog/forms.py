from html import escape

from django import forms
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from sentra.catalog.filters import FILTERS
from sentra.catalog.filters import values as filter_values
from sentra.catalog.models import ProducerProfile, Product
from sentra.catalog.public_read import home_districts
from sentra.catalog.services import PRODUCT_FIELDS, PROFILE_FIELDS

PAGE_SIZE = 24


_OPTIONS: dict = {}


class SharedFields(dict):
    """A form's base_fields that each instance shares instead of deep-copying. Django copies every
    field, widget and choice list per form; sharing took the filter form's work per request from
    ~0.2 to ~0.1 ms (of a ~2.4 ms search request). Only for forms whose fields nothing changes per
    instance: a form that must change a field sets attributes on its own copy instead."""

    def __deepcopy__(self, memo):
        return dict(self)


class CatalogFilterForm(forms.Form):
    """The search words, every filter of filters.FILTERS (fields added below) and the page."""

    q = forms.CharField(label=_("Cari"), required=False, max_length=100)
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    def select_options(self, filters: dict) -> dict:
        """The <option>s of the selects, selected value marked. A template loop over ~50
        options with lazy labels cost ~2 ms; the options are rendered once per language and
        kecamatan list, and only the selected one is marked per request."""
        lang = get_language() or ""
        districts = home_districts()
        out = {}
        for f in FILTERS:
            if f.select is None:
                continue
            name = f.name
            key = (name, lang, id(districts) if name == "district" else None)
            html = _OPTIONS.get(key)
            if html is None:
                html = _OPTIONS[key] = "".join(
                    f'<option value="{escape(value)}">{escape(str(label))}</option>' for value, label in f.select()
                )
            selected = filters.get(name) or ""
            if selected:
                mark = f'<option value="{escape(selected)}">'
                html = html.replace(mark, mark[:-1] + " selected>", 1)
            out[name] = mark_safe(html)  # noqa: S308 — values and labels escaped above
        return out

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            data = getattr(self, "cleaned_data", {}) if self.is_bound else {}
        else:
            data = self.cleaned_data
        return {"q": data.get("q") or "", **filter_values(data)}

    def page_number(self) -> int:
        return (self.cleaned_data.get("page") if self.is_bound and self.is_valid() else None) or 1


_fields = CatalogFilterForm.base_fields
CatalogFilterForm.base_fields = SharedFields(
    {"q": _fields["q"], **{f.name: f.field() for f in FILTERS}, "page": _fields["page"]}
)


def picker_hint(total: int, shown: int) -> str:
    """The business picker's empty first choice: how many match and whether to type to narrow them."""
    if total == 0:
        return _("— tidak ada usaha yang cocok —")
    if shown < total:
        return _("— %(shown)s pertama dari %(total)s usaha; ketik untuk mempersempit —") % {
            "shown": intcomma(shown),
            "total": intcomma(total),
        }
    return ngettext("— pilih dari %(total)s usaha —", "— pilih dari %(total)s usaha —", total) % {
        "total": intcomma(total)
    }


def picker_choices(choices: list, total: int) -> list:
    """The select's choices: the hint first (value ""), then (pk, "name — kecamatan")."""
    return [("", picker_hint(total, min(len(choices), total))), *choices]


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = ["business", *(name for name in PRODUCT_FIELDS if name != "business_id")]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, business_queryset=None, business_choices=None, **kwargs):
        """`business_queryset`: what may be chosen (validation); `business_choices`: the (pk, label) pairs the
        select shows (the picker's matches, see selectors.business_choices), the whole queryset if None."""
        super().__init__(*args, **kwargs)
        field = self.fields["business"]
        field.queryset = business_queryset.select_related("district").order_by("name")
        field.label_from_instance = lambda b: f"{b.name} — {b.district.name}" if b.district_id else b.name
        if self.instance.pk:
            field.disabled = True
            field.queryset = field.queryset.filter(pk=self.instance.business_id).select_related("district")
        elif business_choices is not None:
            field.widget.choices = business_choices

    def clean(self):
        data = super().clean()
        low, high = data.get("price_min"), data.get("price_max")
        if low is not None and high is not None and high < low:
            self.add_error("price_max", _("Harga tertinggi tidak boleh lebih kecil dari harga terendah."))
        return data

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["business_id"] = data.pop("business").pk
        return data


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Foto produk"),
        help_text=_("JPEG, PNG atau WebP; paling besar 8 MB."),
        error_messages={"empty": _("Berkas foto kosong."), "required": _("Pilih foto yang akan diunggah.")},
    )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = ProducerProfile
        fields = PROFILE_FIELDS
        widgets = {"story": forms.Textarea(attrs={"rows": 4}), "story_en": forms.Textarea(attrs={"rows": 4})}


class InquiryForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=120)
    company = forms.CharField(label=_("Perusahaan"), max_length=150, required=False)
    country = forms.CharField(label=_("Negara"), max_length=80)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    quantity = forms.IntegerField(
        label=pgettext_lazy("quantity", "Jumlah"), required=False, min_value=1, max_value=100_000_000
    )
    message = forms.CharField(
        label=_("Pesan"),
        min_length=10,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "min_length": _("Pesan terlalu pendek; tulis paling sedikit 10 huruf."),
            "max_length": _("Pesan terlalu panjang; paling banyak 2.000 huruf."),
        },
    )
    # Honeypot: hidden from people, filled in by robots.
    website = forms.CharField(required=False, label=_("Jangan diisi"))

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(
                _("Pesan tidak dapat dikirim. Mohon hapus isian tersembunyi dan coba lagi."), code="honeypot"
            )
        return data
