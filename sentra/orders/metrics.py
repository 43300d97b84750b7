"""Named figures of uniform orders (sentra.metrics.named), each defined once.

- uniform_value_to_ikm: nilai pesanan seragam ke IKM — value (Rp) of the pieces assigned to producers in rounds
  that have been allocated (unit price × pieces), declined pieces excluded.
- uniform_pieces_allocated: pieces allocated to producers.
- uniform_paid_to_ikm: money recorded as paid to producers (per office payments and, when employees pay,
  what they paid).
- uniform_producers: producers (IKM) with at least one piece.
"""

from django.db.models import F, Sum

from sentra.metrics.named import register
from sentra.orders.models import Allocation, Assignment, NeedLine, Payment, Round

_LIVE = [Round.Status.ALLOCATED, Round.Status.CLOSED]


def uniform_value_to_ikm() -> int:
    return (
        Assignment.objects.filter(round__status__in=_LIVE)
        .exclude(producer__response="declined")
        .aggregate(s=Sum(F("pieces") * F("unit_price")))["s"]
        or 0
    )


def uniform_pieces_allocated() -> int:
    return Allocation.objects.filter(round__status__in=_LIVE).aggregate(s=Sum("pieces"))["s"] or 0


def uniform_paid_to_ikm() -> int:
    paid = Payment.objects.filter(paid_on__isnull=False).aggregate(s=Sum("amount"))["s"] or 0
    persons = NeedLine.objects.filter(round__payer=Round.Payer.EMPLOYEE).aggregate(s=Sum("paid_amount"))["s"] or 0
    return paid + persons


def uniform_producers() -> int:
    return (
        Allocation.objects.filter(round__status__in=_LIVE, pieces__gt=0)
        .values("producer__business_id")
        .distinct()
        .count()
    )


register(
    "uniform_value_to_ikm",
    "Nilai pesanan seragam ke IKM",
    "rupiah",
    "Harga satuan × potong yang dibagi ke IKM produsen pada putaran yang sudah dibagi (tanpa bagian yang ditolak).",
    uniform_value_to_ikm,
    public=True,
)
register(
    "uniform_pieces_allocated",
    "Potong seragam dibagi ke IKM",
    "potong",
    "Jumlah potong seragam yang dibagi ke IKM produsen pada putaran yang sudah dibagi.",
    uniform_pieces_allocated,
    public=True,
)
register(
    "uniform_paid_to_ikm",
    "Pembayaran seragam ke IKM",
    "rupiah",
    "Pembayaran tercatat dari instansi (atau pegawai, bila pegawai yang membayar) untuk pesanan seragam.",
    uniform_paid_to_ikm,
    public=True,
)
register(
    "uniform_producers",
    "IKM produsen seragam",
    "IKM",
    "IKM yang mendapat paling sedikit satu potong pesanan seragam.",
    uniform_producers,
    public=True,
)
