"""Reads of the collaboration module with row-level access: office staff see every partner; a partner user
sees only the organisations they are a member of; contact people (personal data) only office staff."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from sentra.partners.models import SECTOR_LABELS, Agreement, Commitment, Notice, PartnerOrganisation


def organisations_for(user) -> QuerySet:
    if not getattr(user, "is_authenticated", False):
        return PartnerOrganisation.objects.none()
    if user.is_office:
        return PartnerOrganisation.objects.all()
    if user.role == "partner":
        return user.partner_organisations.all()
    return PartnerOrganisation.objects.none()


def get_organisation(user, pk) -> PartnerOrganisation:
    org = organisations_for(user).filter(pk=pk).first()
    if org is None:
        raise Http404("Organisasi mitra tidak ditemukan.")
    return org


def agreements_for(user) -> QuerySet:
    qs = Agreement.objects.prefetch_related("organisations")
    if getattr(user, "is_authenticated", False) and user.is_office:
        return qs
    return qs.filter(organisations__in=organisations_for(user)).distinct()


def get_agreement(user, pk) -> Agreement:
    agreement = agreements_for(user).filter(pk=pk).first()
    if agreement is None:
        raise Http404("Perjanjian tidak ditemukan.")
    return agreement


def commitments_for(user) -> QuerySet:
    return Commitment.objects.filter(organisation__in=organisations_for(user))


def get_commitment(user, pk) -> Commitment:
    commitment = commitments_for(user).select_related("organisation").filter(pk=pk).first()
    if commitment is None:
        raise Http404("Komitmen tidak ditemukan.")
    return commitment


@dataclass
class CommitmentRow:
    commitment: Commitment
    delivered: Decimal
    today: object

    @property
    def outstanding(self) -> Decimal:
        return max(self.commitment.quantity - self.delivered, Decimal(0))

    @property
    def fulfilled(self) -> bool:
        return self.delivered >= self.commitment.quantity

    @property
    def overdue(self) -> bool:
        return not self.fulfilled and self.commitment.due_on < self.today

    @property
    def pct(self) -> float:
        q = self.commitment.quantity
        return round(min(float(self.delivered / q * 100), 100.0), 1) if q else 100.0


def commitment_rows(qs: QuerySet) -> list[CommitmentRow]:
    """Commitments with what was delivered, overdue ones first, then by due date."""
    today = timezone.localdate()
    qs = qs.select_related("organisation", "agreement").annotate(
        delivered=Coalesce(Sum("deliveries__quantity"), Value(Decimal(0)), output_field=DecimalField())
    )
    rows = [CommitmentRow(c, c.delivered, today) for c in qs]
    rows.sort(key=lambda r: (not r.overdue, r.fulfilled, r.commitment.due_on, r.commitment.pk))
    return rows


@dataclass
class GroupSummary:
    key: str
    label: str
    commitments: int = 0
    fulfilled: int = 0
    overdue: int = 0
    pct_sum: float = 0.0
    organisation: PartnerOrganisation | None = None

    @property
    def pct(self) -> float | None:
        return round(self.pct_sum / self.commitments, 1) if self.commitments else None


def collaboration(user) -> dict:
    """Commitments vs delivery per sector and per partner (overdue first) for what `user` may see."""
    rows = commitment_rows(commitments_for(user))
    sectors: dict[str, GroupSummary] = {}
    partners: dict[int, GroupSummary] = {}
    for r in rows:
        org = r.commitment.organisation
        for group in (
            sectors.setdefault(org.sector, GroupSummary(org.sector, str(SECTOR_LABELS.get(org.sector, org.sector)))),
            partners.setdefault(org.pk, GroupSummary(str(org.pk), org.name, organisation=org)),
        ):
            group.commitments += 1
            group.fulfilled += r.fulfilled
            group.overdue += r.overdue
            group.pct_sum += r.pct
    by_partner = sorted(partners.values(), key=lambda g: (-g.overdue, g.label))
    return {
        "rows": rows,
        "overdue": [r for r in rows if r.overdue],
        "by_sector": sorted(sectors.values(), key=lambda g: (-g.overdue, g.label)),
        "by_partner": by_partner,
    }


def open_notices() -> QuerySet:
    return Notice.objects.filter(dismissed_at__isnull=True).select_related("agreement")


def ending_agreements(days: int = 60) -> QuerySet:
    today = timezone.localdate()
    return Agreement.objects.filter(
        Q(status=Agreement.Status.ACTIVE) | Q(status=Agreement.Status.EXTENDED),
        ends_on__gte=today,
        ends_on__lte=today + dt.timedelta(days=days),
    )
