"""Uniform orders: needs, producers, the split written to the database, answers, delivery, payment, and bad
input (each refused with an Indonesian message, nothing half-written)."""

import datetime as dt
import io

import pytest
import xlsxwriter
from django.utils import timezone

from sentra.core.audit import history_for
from sentra.orders import services
from sentra.orders.assignment import assign, split_lines
from sentra.orders.models import Allocation, Assignment, Delivery, NeedLine, Office, Payment, Round, RoundProducer
from sentra.orders.services import Line, OrderError
from sentra.orders.testing import make_producer, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(make_business, staff_user):
    rnd = make_round()
    shirt = rnd.garments.get(name="Kemeja")
    blouse = rnd.garments.get(name="Blus")
    a = make_producer(rnd, make_business(district="Dander", sector="craft", name="Batik A"), {"Kemeja": 30, "Blus": 10})
    b = make_producer(rnd, make_business(district="Kapas", sector="craft", name="Batik B"), {"Kemeja": 10, "Blus": 10})
    c = make_producer(rnd, make_business(district="Kapas", sector="craft", name="Batik C"), {"Kemeja": 20, "Blus": 0})
    o1 = Office.objects.create(name="Dinas Satu")
    o2 = Office.objects.create(name="Sekolah Dua", kind="school")
    return {
        "round": rnd,
        "shirt": shirt,
        "blouse": blouse,
        "a": a,
        "b": b,
        "c": c,
        "o1": o1,
        "o2": o2,
        "staff": staff_user,
    }


def _declare(s, office, lines):
    return services.needs_replace(actor=s["staff"], round=s["round"], office=office, lines=lines)


def _allocate(s):
    rnd = Round.objects.get(pk=s["round"].pk)
    return services.round_allocate(actor=s["staff"], round=rnd, expected_version=rnd.version)


def test_needs_saved_with_prices_and_logged(setup):
    s = setup
    total = _declare(s, s["o1"], [Line(s["shirt"].pk, "cap", "M", 12), Line(s["shirt"].pk, "tulis", "L", 3)])
    assert total == 15
    lines = list(NeedLine.objects.filter(office=s["o1"]).order_by("technique"))
    assert [(ln.technique, ln.quantity, ln.unit_price) for ln in lines] == [("cap", 12, 200_000), ("tulis", 3, 450_000)]
    assert history_for(s["round"]).first().changes["kebutuhan"] == ["Dinas Satu: 0", "Dinas Satu: 15"]


@pytest.mark.parametrize(
    "line, message",
    [
        (Line(0, "cap", "M", -3), "jumlah harus bilangan bulat paling sedikit 1"),
        (Line(0, "cap", "M", 0), "paling sedikit 1"),
        (Line(0, "cap", "M", 1_000_000), "tidak masuk akal"),
        (Line(0, "cap", "XS-kecil", 2), "ukuran “XS-kecil” tidak dikenal"),
        (Line(0, "kombinasi", "M", 2), "tidak dipesan di putaran ini"),
    ],
)
def test_bad_need_lines_are_refused_and_nothing_changes(setup, line, message):
    s = setup
    _declare(s, s["o1"], [Line(s["shirt"].pk, "cap", "M", 5)])
    line.garment_id = s["shirt"].pk
    with pytest.raises(OrderError, match=message):
        _declare(s, s["o1"], [Line(s["shirt"].pk, "cap", "L", 7), line])
    assert list(NeedLine.objects.filter(office=s["o1"]).values_list("size", "quantity")) == [("M", 5)]


def test_office_cannot_edit_after_the_window_staff_can_with_approval(setup, django_user_model):
    s = setup
    buyer = django_user_model.objects.create_user(username="b1", password="x-12345678", role="buyer")
    s["o1"].users.add(buyer)
    later = s["round"].declare_closes + dt.timedelta(days=1)
    with pytest.raises(OrderError, match="sudah ditutup .* perlu persetujuan staf"):
        services.needs_replace(
            actor=buyer, round=s["round"], office=s["o1"], lines=[Line(s["shirt"].pk, "cap", "M", 5)], today=later
        )
    assert not NeedLine.objects.exists()
    with pytest.raises(OrderError):
        services.needs_replace(
            actor=s["staff"], round=s["round"], office=s["o1"], lines=[Line(s["shirt"].pk, "cap", "M", 5)], today=later
        )
    services.needs_replace(
        actor=s["staff"],
        round=s["round"],
        office=s["o1"],
        lines=[Line(s["shirt"].pk, "cap", "M", 5)],
        today=later,
        approved=True,
    )
    assert NeedLine.objects.get().quantity == 5
    assert history_for(s["round"]).first().changes["disetujui_staf"] == [None, "t_staf"]


def _sheet(rows):
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf)
    ws = wb.add_worksheet()
    for r, row in enumerate(rows):
        ws.write_row(r, 0, row)
    wb.close()
    return buf.getvalue()


def test_staff_list_upload_and_template(setup):
    s = setup
    tpl = services.staff_list_template(s["round"])
    from python_calamine import CalamineWorkbook

    header = CalamineWorkbook.from_filelike(io.BytesIO(tpl)).get_sheet_by_index(0).to_python()[0]
    assert header == services.TEMPLATE_COLUMNS
    data = _sheet([["Nama", "Ukuran", "Jenis pakaian"], ["Siti", "m", "Kemeja"], ["Budi", "XL", "Blus"], ["", "", ""]])
    lines = services.parse_staff_list(s["round"], data, "pegawai.xlsx", technique="cap")
    assert [(ln.person_name, ln.size, ln.garment_id, ln.technique, ln.quantity) for ln in lines] == [
        ("Siti", "M", s["shirt"].pk, "cap", 1),
        ("Budi", "XL", s["blouse"].pk, "cap", 1),
    ]


def test_staff_list_with_wrong_columns_or_bad_rows_is_refused(setup):
    s = setup
    with pytest.raises(OrderError, match="Kolom tidak sesuai templat"):
        services.parse_staff_list(
            s["round"], _sheet([["Pegawai", "Baju"], ["Siti", "M"]]), "x.xlsx", s["shirt"].pk, "cap"
        )
    with pytest.raises(OrderError) as exc:
        services.parse_staff_list(
            s["round"],
            _sheet([["Nama", "Ukuran", "Jumlah"], ["Siti", "M", 1], ["Budi", "Jumbo", 1], ["Ani", "L", -2]]),
            "x.xlsx",
            s["shirt"].pk,
            "cap",
        )
    assert "Baris 3: ukuran “Jumbo” tidak dikenal" in str(exc.value)
    assert "Baris 4: jumlah “-2” harus bilangan bulat" in str(exc.value)
    with pytest.raises(OrderError, match="Excel"):
        services.parse_staff_list(s["round"], b"nama,ukuran", "x.csv")


def test_allocate_splits_by_capacity_assigns_few_pairs_and_is_byte_identical(setup):
    s = setup
    _declare(s, s["o1"], [Line(s["shirt"].pk, "cap", "M", 20), Line(s["blouse"].pk, "cap", "S", 6)])
    _declare(s, s["o2"], [Line(s["shirt"].pk, "tulis", "L", 10)])
    rnd = _allocate(s)
    assert rnd.status == "allocated"
    got = {(a.producer_id, a.garment_id): a.pieces for a in Allocation.objects.all()}
    # Kemeja: 30 pieces over capacities 30, 10, 20 (all first-time, equal boosts) → 15, 5, 10.
    assert got[(s["a"].pk, s["shirt"].pk)] == 15
    assert got[(s["b"].pk, s["shirt"].pk)] == 5
    assert got[(s["c"].pk, s["shirt"].pk)] == 10
    # Blus: 6 pieces over 10 and 10 → 3 and 3; C has no blouse capacity and no row.
    assert got[(s["a"].pk, s["blouse"].pk)] == 3 and got[(s["b"].pk, s["blouse"].pk)] == 3
    assert (s["c"].pk, s["blouse"].pk) not in got
    # every office piece is assigned exactly once
    assert sum(Assignment.objects.values_list("pieces", flat=True)) == 36
    rows1 = list(
        Assignment.objects.order_by("pk").values_list("office_id", "producer_id", "garment_id", "size", "pieces")
    )
    digest1 = rnd.allocation_digest
    rnd2 = _allocate(s)
    rows2 = list(
        Assignment.objects.order_by("pk").values_list("office_id", "producer_id", "garment_id", "size", "pieces")
    )
    assert rnd2.allocation_digest == digest1 and rows1 == rows2


def test_demand_above_capacity_is_never_over_allocated(setup):
    s = setup
    _declare(s, s["o1"], [Line(s["shirt"].pk, "cap", "M", 100)])
    _allocate(s)
    from sentra.orders.selectors import round_summary

    summary = round_summary(Round.objects.get(pk=s["round"].pk))
    shirt = next(r for r in summary["garments"] if r["garment"].name == "Kemeja")
    assert shirt["demand"] == 100 and shirt["capacity"] == 60 and shirt["allocated"] == 60 and shirt["shortfall"] == 40
    assert shirt["more_producers"] == 2  # 40 more pieces at the average capacity of 20
    for a in Allocation.objects.all():
        assert a.pieces <= a.capacity


def test_pkw_boost_gives_more_weight(setup, staff_user):
    from sentra.programs.models import Program, ProgramType, Prospect
    from sentra.programs.reference import load_program_types

    s = setup
    load_program_types(ProgramType)
    cohort = Program.objects.create(
        year=2026, title="PKW", program_type_id="pkw", organiser="LKP", funding_source="apbn"
    )
    Prospect.objects.create(
        cohort=cohort, name="Calon", district_id=s["b"].business.district_id, business=s["b"].business
    )
    Round.objects.filter(pk=s["round"].pk).update(boost_pkw=2)
    _declare(s, s["o1"], [Line(s["blouse"].pk, "cap", "M", 9)])
    _allocate(s)
    a = Allocation.objects.get(producer=s["a"], garment=s["blouse"])
    b = Allocation.objects.get(producer=s["b"], garment=s["blouse"])
    assert (a.pieces, b.pieces) == (3, 6)
    assert "PKW ×2" in b.boosts and "PKW" not in a.boosts


def test_two_staff_allocating_with_the_same_view_one_is_told(setup):
    s = setup
    _declare(s, s["o1"], [Line(s["shirt"].pk, "cap", "M", 10)])
    seen = Round.objects.get(pk=s["round"].pk).version
    services.round_allocate(actor=s["staff"], round=s["round"], expected_version=seen)
    with pytest.raises(OrderError, match="baru saja berubah"):
        services.round_allocate(actor=s["staff"], round=s["round"], expected_version=seen)
    assert Allocation.objects.filter(garment=s["shirt"]).count() == 3


def test_office_cannot_edit_once_allocated(setup):
    s = setup
    _declare(s, s["o1"], [Line(s["shirt"].pk, "cap", "M", 10)])
    _allocate(s)
    with pytest.raises(OrderError, match="sudah dibagi"):
        _declare(s, s["o1"], [Line(s["shirt"].pk, "cap", "M", 99)])
    assert NeedLine.objects.get().quantity == 10


def test_accept_decline_and_reallocation(setup):
    s = setup
    _declare(s, s["o1"], [Line(s["shirt"].pk, "cap", "M", 20), Line(s["shirt"].pk, "cap", "L", 10)])
    _allocate(s)
    services.producer_respond(actor=None, producer=s["a"], accept=True)
    b_pieces = Allocation.objects.get(producer=s["b"], garment=s["shirt"]).pieces
    assert b_pieces == 5
    services.producer_respond(actor=None, producer=s["b"], accept=False, reason="mesin rusak")
    allocs = {a.producer_id: a for a in Allocation.objects.filter(garment=s["shirt"])}
    assert allocs[s["b"].pk].pieces == 0
    assert allocs[s["a"].pk].pieces + allocs[s["c"].pk].pieces == 30
    assert allocs[s["a"].pk].pieces <= 30 and allocs[s["c"].pk].pieces <= 20
    assert not Assignment.objects.filter(producer=s["b"]).exists()
    assert sum(Assignment.objects.values_list("pieces", flat=True)) == 30
    # A, which had accepted, confirms its new total again
    assert RoundProducer.objects.get(pk=s["a"].pk).response == "pending"
    with pytest.raises(OrderError, match="sudah ditolak"):
        services.producer_respond(actor=None, producer=s["b"], accept=True)


def test_decline_after_deadline_is_refused(setup):
    s = setup
    _declare(s, s["o1"], [Line(s["shirt"].pk, "cap", "M", 20)])
    _allocate(s)
    late = s["round"].response_deadline + dt.timedelta(days=1)
    with pytest.raises(OrderError, match="Batas waktu menjawab sudah lewat"):
        services.producer_respond(actor=None, producer=s["a"], accept=False, today=late)
    assert RoundProducer.objects.get(pk=s["a"].pk).response == "pending"
    assert Allocation.objects.get(producer=s["a"], garment=s["shirt"]).pieces == 10


def test_delivery_qc_and_payment(setup):
    s = setup
    _declare(s, s["o1"], [Line(s["shirt"].pk, "cap", "M", 20)])
    _allocate(s)
    services.producer_respond(actor=None, producer=s["a"], accept=True)
    assigned = services.assigned_pieces(s["a"], s["o1"])
    assert assigned == 10
    today = timezone.localdate()
    with pytest.raises(OrderError, match="Pengiriman melebihi pesanan"):
        services.delivery_record(
            actor=s["staff"], producer=s["a"], office=s["o1"], delivered_on=today, pieces=11, rejected=0
        )
    with pytest.raises(OrderError, match="alasan"):
        services.delivery_record(
            actor=s["staff"], producer=s["a"], office=s["o1"], delivered_on=today, pieces=5, rejected=2
        )
    assert not Delivery.objects.exists()
    services.delivery_record(
        actor=s["staff"], producer=s["a"], office=s["o1"], delivered_on=today, pieces=10, rejected=2, reason="luntur"
    )
    with pytest.raises(OrderError, match="melebihi"):
        services.delivery_record(
            actor=s["staff"], producer=s["a"], office=s["o1"], delivered_on=today, pieces=3, rejected=0
        )
    services.delivery_record(
        actor=s["staff"], producer=s["a"], office=s["o1"], delivered_on=today, pieces=2, rejected=0
    )
    with pytest.raises(OrderError, match="melebihi nilai pesanan"):
        services.payment_record(
            actor=s["staff"], producer=s["a"], office=s["o1"], invoice_number="F1", amount=2_000_001, paid_on=today
        )
    services.payment_record(
        actor=s["staff"], producer=s["a"], office=s["o1"], invoice_number="F1", amount=2_000_000, paid_on=today
    )
    from sentra.metrics.named import value
    from sentra.orders.selectors import round_summary

    summary = round_summary(Round.objects.get(pk=s["round"].pk))
    assert summary["rejection_rate"] == pytest.approx(100 * 2 / 12)
    assert summary["on_time_pct"] == 100.0
    assert summary["paid"] == 2_000_000 == value("uniform_paid_to_ikm")
    assert value("uniform_value_to_ikm") == 20 * 200_000
    assert value("uniform_pieces_allocated") == 20
    assert Payment.objects.count() == 1


def test_employee_pays_per_person(make_business, staff_user):
    rnd = make_round(payer="employee")
    office = Office.objects.create(name="Dinas Bayar Sendiri")
    shirt = rnd.garments.get(name="Kemeja")
    services.needs_replace(
        actor=staff_user,
        round=rnd,
        office=office,
        lines=[Line(shirt.pk, "cap", "M", 1, "Siti"), Line(shirt.pk, "cap", "L", 1, "Budi")],
    )
    siti = NeedLine.objects.get(person_name="Siti")
    with pytest.raises(OrderError, match="melebihi harga"):
        services.person_payment_record(actor=staff_user, line=siti, amount=200_001, paid_on=None)
    services.person_payment_record(actor=staff_user, line=siti, amount=150_000, paid_on=timezone.localdate())
    owed = sum(ln.amount - ln.paid_amount for ln in NeedLine.objects.filter(office=office))
    assert owed == 250_000


def test_producer_eligibility(setup, make_business):
    s = setup
    food = make_business(sector="food_beverage", nib="1234567890111")
    no_nib = make_business(sector="craft")
    ok = make_business(sector="craft", nib="1234567890222")
    with pytest.raises(OrderError, match="bukan sektor kerajinan"):
        services.producer_add(actor=s["staff"], round=s["round"], business=food)
    with pytest.raises(OrderError, match="belum memiliki NIB"):
        services.producer_add(actor=s["staff"], round=s["round"], business=no_nib)
    p = services.producer_add(actor=s["staff"], round=s["round"], business=ok)
    assert p.eligible
    with pytest.raises(OrderError, match="0–100.000"):
        services.capacity_set(actor=None, producer=p, pieces={s["shirt"].pk: -5})
    services.capacity_set(actor=None, producer=p, pieces={s["shirt"].pk: 40}, name_public=True)
    assert p.capacities.get().pieces == 40


def test_assign_minimises_pairs_hand_example():
    # offices 50, 30, 20, 5; producers 55, 30, 20 → best fit: 50→55 (5 left), 30→30, 20→20, 5→the 5 left.
    pairs, unserved = assign({1: 50, 2: 30, 3: 20, 4: 5}, {"A": 55, "B": 30, "C": 20})
    assert sorted(pairs) == [(1, "A", 50), (2, "B", 30), (3, "C", 20), (4, "A", 5)]
    assert unserved == {}
    # an office larger than any producer is split: largest first
    pairs, unserved = assign({1: 70}, {"A": 40, "B": 20})
    assert pairs == [(1, "A", 40), (1, "B", 20)] and unserved == {1: 10}
    assert split_lines([("M", 3), ("L", 4)], [("A", 5), ("B", 2)]) == [("A", "M", 3), ("A", "L", 2), ("B", "L", 2)]


def test_offices_from_a_spreadsheet_all_or_nothing(reference_data, staff_user, django_user_model):
    bad = _sheet(
        [
            ["Nama instansi", "Jenis", "Kecamatan", "Nama pengguna", "E-mail"],
            ["Dinas Pendidikan", "OPD", "", "pendidikan", "pendidikan@example.invalid"],
            ["SDN 1 Dander", "sekolah", "Dandr", "", ""],
            ["Desa Ngulanan", "koperasi", "Dander", "ngulanan", ""],
        ]
    )
    with pytest.raises(OrderError) as exc:
        services.offices_import(actor=staff_user, data=bad, filename="instansi.xlsx")
    assert "Baris 4: jenis “koperasi” tidak dikenal" in str(exc.value)
    assert "Baris 4: isi e-mail pengguna “ngulanan”" in str(exc.value)
    assert not Office.objects.exists() and not django_user_model.objects.filter(username="pendidikan").exists()
    with pytest.raises(OrderError, match="Kolom tidak sesuai"):
        services.offices_import(actor=staff_user, data=_sheet([["Instansi", "Jenis"]]), filename="x.xlsx")
    good = _sheet(
        [
            ["Nama instansi", "Jenis", "Kecamatan", "Nama pengguna", "E-mail"],
            ["Dinas Pendidikan", "OPD", "", "pendidikan", "pendidikan@example.invalid"],
            ["SDN 1 Dander", "sekolah", "Dander", "", ""],
        ]
    )
    assert services.offices_import(actor=staff_user, data=good, filename="instansi.xlsx") == 2
    user = django_user_model.objects.get(username="pendidikan")
    assert user.role == "buyer" and not user.has_usable_password()
    assert list(user.order_offices.values_list("name", flat=True)) == ["Dinas Pendidikan"]
    assert Office.objects.get(name="SDN 1 Dander").district.name == "Dander"


def test_decline_without_room_elsewhere_keeps_the_rest_visible(setup):
    s = setup
    _declare(s, s["o1"], [Line(s["shirt"].pk, "cap", "M", 40), Line(s["shirt"].pk, "cap", "L", 15)])
    _allocate(s)
    services.producer_respond(actor=None, producer=s["c"], accept=False)
    allocs = {a.producer_id: a.pieces for a in Allocation.objects.filter(garment=s["shirt"])}
    # A and B fill up to their capacity (30 + 10); the other 15 of C's pieces stay not placed, visible
    assert allocs[s["a"].pk] == 30 and allocs[s["b"].pk] == 10
    assert allocs[s["c"].pk] == 55 - 40
    for pid, pieces in allocs.items():
        assert sum(Assignment.objects.filter(producer_id=pid).values_list("pieces", flat=True)) == pieces
    assert sum(Assignment.objects.values_list("pieces", flat=True)) == 55


# --- rejected pieces at QC, answer deadlines of producers receiving moved pieces -----------------------


def _accepted_world(s, lines):
    _declare(s, s["o1"], lines)
    _allocate(s)
    for key in ("a", "b", "c"):
        if Allocation.objects.filter(producer=s[key], pieces__gt=0).exists():
            services.producer_respond(actor=None, producer=s[key], accept=True)


def test_rejected_pieces_reallocated_by_the_same_rule_with_own_deadlines(setup):
    s = setup
    # Kemeja 30 over capacities 30 / 10 / 20 → A 15, B 5, C 10; all accept
    _accepted_world(s, [Line(s["shirt"].pk, "cap", "M", 20), Line(s["shirt"].pk, "cap", "L", 10)])
    today = timezone.localdate()
    assigned = services.assigned_pieces(s["a"], s["o1"])
    assert assigned == 15
    d = services.delivery_record(
        actor=s["staff"], producer=s["a"], office=s["o1"], delivered_on=today, pieces=15, rejected=4, reason="luntur"
    )
    row = Assignment.objects.filter(producer=s["a"], office=s["o1"]).order_by("-pieces").first()
    before = row.pieces
    moved = services.rejected_reallocate(actor=s["staff"], delivery=d, assignment=row, pieces=4)
    assert moved == 4
    allocs = {a.producer_id: a.pieces for a in Allocation.objects.filter(garment=s["shirt"])}
    # Sainte-Laguë over the others' weights 10 : 20 (room 5 and 10): 4 pieces → B 1, C 3
    assert allocs == {s["a"].pk: 11, s["b"].pk: 6, s["c"].pk: 13}
    new_rows = Assignment.objects.filter(office=s["o1"], size=row.size, technique=row.technique)
    assert Assignment.objects.get(pk=row.pk).pieces == before - 4
    assert sum(new_rows.exclude(producer=s["a"]).values_list("pieces", flat=True)) >= 4
    # every piece still placed once, each producer's rows equal its allocation
    assert sum(Assignment.objects.values_list("pieces", flat=True)) == 30
    for pid, pieces in allocs.items():
        assert sum(Assignment.objects.filter(producer_id=pid).values_list("pieces", flat=True)) == pieces
    # A now owes nothing more at this office: its 11 accepted are all it has
    assert services.assigned_pieces(s["a"], s["o1"]) == 11
    with pytest.raises(OrderError, match="melebihi"):
        services.delivery_record(
            actor=s["staff"], producer=s["a"], office=s["o1"], delivered_on=today, pieces=1, rejected=0
        )
    # receivers confirm the new total by a deadline of their own
    deadline = max(s["round"].response_deadline, today + dt.timedelta(days=s["round"].reanswer_days))
    for key in ("b", "c"):
        p = RoundProducer.objects.get(pk=s[key].pk)
        assert p.response == "pending" and p.response_deadline == deadline
    assert RoundProducer.objects.get(pk=s["a"].pk).response == "accepted"
    # a receiver confirming again keeps producing and delivering meanwhile
    services.delivery_record(
        actor=s["staff"], producer=s["c"], office=s["o1"], delivered_on=today, pieces=13, rejected=0
    )
    d.refresh_from_db()
    assert d.reallocated == 4
    assert history_for(d).first().changes["reallocated"] == [0, 4]
    with pytest.raises(OrderError, match="Hanya 0 potong yang ditolak"):
        services.rejected_reallocate(actor=s["staff"], delivery=d, assignment=row, pieces=1)


def test_rejected_pieces_reallocation_bad_input_changes_nothing(setup, owner_user):
    s = setup
    # 60 pieces fill every producer's capacity: nobody has room for moved pieces
    _accepted_world(s, [Line(s["shirt"].pk, "cap", "M", 60)])
    today = timezone.localdate()
    d = services.delivery_record(
        actor=s["staff"], producer=s["a"], office=s["o1"], delivered_on=today, pieces=10, rejected=3, reason="sobek"
    )
    row = Assignment.objects.filter(producer=s["a"], office=s["o1"]).first()
    other_row = Assignment.objects.filter(producer=s["b"]).first()
    snapshot = sorted(Assignment.objects.values_list("producer_id", "size", "pieces"))
    with pytest.raises(OrderError, match="Hanya staf"):
        services.rejected_reallocate(actor=owner_user, delivery=d, assignment=row, pieces=1)
    with pytest.raises(OrderError, match="Hanya 3 potong"):
        services.rejected_reallocate(actor=s["staff"], delivery=d, assignment=row, pieces=4)
    with pytest.raises(OrderError, match="paling sedikit 1"):
        services.rejected_reallocate(actor=s["staff"], delivery=d, assignment=row, pieces=0)
    with pytest.raises(OrderError, match="Pilih baris pesanan"):
        services.rejected_reallocate(actor=s["staff"], delivery=d, assignment=other_row, pieces=1)
    with pytest.raises(OrderError, match="dibuat ulang oleh produsen yang sama"):
        services.rejected_reallocate(actor=s["staff"], delivery=d, assignment=row, pieces=3)
    assert sorted(Assignment.objects.values_list("producer_id", "size", "pieces")) == snapshot
    d.refresh_from_db()
    assert d.reallocated == 0


def test_declined_pieces_give_receivers_a_fresh_deadline_staff_can_extend(setup, owner_user):
    s = setup
    _declare(s, s["o1"], [Line(s["shirt"].pk, "cap", "M", 30)])
    _allocate(s)
    services.producer_respond(actor=None, producer=s["a"], accept=True)
    rnd = Round.objects.get(pk=s["round"].pk)
    today = timezone.localdate()
    late = rnd.response_deadline + dt.timedelta(days=2)
    # staff give B more time; bad dates refused
    with pytest.raises(OrderError, match="Hanya staf"):
        services.producer_extend_deadline(actor=owner_user, producer=s["b"], deadline=late)
    with pytest.raises(OrderError, match="sebelum hari ini"):
        services.producer_extend_deadline(actor=s["staff"], producer=s["b"], deadline=today - dt.timedelta(days=1))
    with pytest.raises(OrderError, match="melewati batas pengiriman"):
        services.producer_extend_deadline(
            actor=s["staff"], producer=s["b"], deadline=rnd.delivery_deadline + dt.timedelta(days=1)
        )
    assert RoundProducer.objects.get(pk=s["b"].pk).response_deadline is None
    services.producer_extend_deadline(actor=s["staff"], producer=s["b"], deadline=late)
    assert history_for(s["b"]).first().changes["response_deadline"] == [str(rnd.response_deadline), str(late)]
    # after the round's deadline, C may no longer answer, B still may (its own deadline)
    with pytest.raises(OrderError, match="Batas waktu menjawab sudah lewat"):
        services.producer_respond(actor=None, producer=s["c"], accept=True, today=late)
    services.producer_respond(actor=None, producer=s["b"], accept=False, today=late)
    # A and C received B's pieces: a fresh deadline counted from the day of the move, not the passed one
    fresh = late + dt.timedelta(days=rnd.reanswer_days)
    for key in ("a", "c"):
        p = RoundProducer.objects.get(pk=s[key].pk)
        assert p.response == "pending" and p.response_deadline == fresh
    services.producer_respond(actor=None, producer=s["c"], accept=True, today=late + dt.timedelta(days=1))
    assert RoundProducer.objects.get(pk=s["c"].pk).response == "accepted"
    with pytest.raises(OrderError, match="sudah lewat"):
        services.producer_respond(actor=None, producer=s["a"], accept=True, today=fresh + dt.timedelta(days=1))
