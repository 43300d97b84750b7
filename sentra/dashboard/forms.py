from django import forms
from django.utils.translation import gettext_lazy as _

from sentra.metrics.figures import Filters, district_areas
from sentra.metrics.models import Snapshot
from sentra.registry.models import Business, Sector

MAP_METRICS = [("jumlah", _("Jumlah IKM")), ("cakupan_nib", _("Cakupan NIB (%)")), ("bernib", _("IKM ber-NIB"))]


class DashboardFilterForm(forms.Form):
    """The dashboard filters; they live in the URL so a view can be bookmarked and shared."""

    kecamatan = forms.ChoiceField(label=_("Kecamatan"), required=False)
    sektor = forms.ChoiceField(label=_("Sektor"), required=False)
    skala = forms.ChoiceField(
        label=_("Skala"), required=False, choices=[("", _("Semua"))] + list(Business.Scale.choices)
    )
    pasar = forms.ChoiceField(
        label=_("Jangkauan pasar"), required=False, choices=[("", _("Semua"))] + list(Business.MarketReach.choices)
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Aktif dan tidak aktif"))] + list(Business.Status.choices),
    )
    periode = forms.ChoiceField(label=_("Per tanggal"), required=False)
    banding = forms.ChoiceField(label=_("Bandingkan dengan"), required=False)
    peta = forms.ChoiceField(label=_("Peta"), required=False, choices=MAP_METRICS)

    def __init__(self, *args, regency_code: str, districts: tuple[str, ...] | None = None, by_district=True, **kwargs):
        """`districts`: the user's scope (None: the whole regency; see registry.selectors.districts_for_user);
        the kecamatan choices are those only. by_district=False drops the kecamatan filter (national roll-up)."""
        super().__init__(*args, **kwargs)
        self.scope = districts
        if by_district:
            everything = _("Semua kecamatan") if districts is None else _("Semua kecamatan tugas")
            areas = district_areas(regency_code, districts)
            self.fields["kecamatan"].choices = [("", everything)] + areas
        else:
            del self.fields["kecamatan"]
        self.fields["sektor"].choices = [("", _("Semua"))] + [(s.code, s.localized_name) for s in Sector.objects.all()]
        dates = [
            (d.isoformat(), d.strftime("%d-%m-%Y"))
            for d in Snapshot.objects.filter(regency_code=regency_code).values_list("taken_on", flat=True)
        ]
        self.fields["periode"].choices = [("", _("Hari ini (data terkini)"))] + dates
        self.fields["banding"].choices = [("", _("Tidak dibandingkan"))] + dates

    def _value(self, name: str) -> str:
        if not self.is_bound:
            return ""
        if self.is_valid() or name not in self.errors:
            return self.cleaned_data.get(name) or ""
        return ""

    def filters(self) -> Filters:
        """Valid filters only; an invalid one is reported by the form and ignored."""
        if "kecamatan" in self.fields:
            chosen = self._value("kecamatan")
            districts = (chosen,) if chosen else self.scope
        else:
            districts = None
        return Filters(
            districts=districts,
            sector=self._value("sektor"),
            scale=self._value("skala"),
            market_reach=self._value("pasar"),
            status=self._value("status"),
        )

    def period(self) -> str:
        return self._value("periode")

    def compare(self) -> str:
        return self._value("banding")

    def map_metric(self) -> str:
        return self._value("peta") or "jumlah"
