from django import forms
from django.utils.translation import gettext_lazy as _

from sentra.partners.models import Agreement, Commitment, Contact, PartnerOrganisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


class AgreementForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisasi mitra"), queryset=PartnerOrganisation.objects.all()
    )

    class Meta:
        model = Agreement
        fields = [
            "kind",
            "number",
            "title",
            "organisations",
            "other_parties",
            "signed_on",
            "ends_on",
            "scope",
            "document",
            "status",
        ]
        widgets = {"signed_on": DATE, "ends_on": DATE, "scope": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document and hasattr(document, "size"):
            if document.size > MAX_DOCUMENT_BYTES:
                raise forms.ValidationError(_("Dokumen paling besar 10 MB."))
            head = document.read(5)
            document.seek(0)
            if head != b"%PDF-":
                raise forms.ValidationError(_("Unggah dokumen bertanda tangan sebagai PDF."))
        return document

    def clean(self):
        data = super().clean()
        signed, ends = data.get("signed_on"), data.get("ends_on")
        if signed and ends and ends < signed:
            self.add_error("ends_on", _("Tanggal berakhir tidak boleh sebelum tanggal tanda tangan."))
        return data


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "position", "phone", "email"]


class CommitmentForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    quantity = forms.DecimalField(label=_("Jumlah"), min_value=0.01, max_digits=16, decimal_places=2)

    class Meta:
        model = Commitment
        fields = ["organisation", "agreement", "kind", "description", "quantity", "unit", "due_on"]
        widgets = {"due_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version


class DeliveryForm(forms.Form):
    quantity = forms.DecimalField(label=_("Jumlah diserahkan"), min_value=0.01, max_digits=16, decimal_places=2)
    delivered_on = forms.DateField(label=_("Tanggal"), widget=DATE)
    note = forms.CharField(label=_("Keterangan"), max_length=250, required=False)
