"""The SKM computation (DESIGN.md contract `sentra.engagement.skm.compute`) against worked examples."""

from fractions import Fraction

import pytest

from sentra.engagement import skm


def _responses_with_sums(sums: list[int], n: int) -> list[list[int]]:
    """n answers whose per-element totals are `sums` (each element's scores spread as evenly as possible)."""
    columns = []
    for total in sums:
        assert n <= total <= 4 * n
        base, extra = divmod(total, n)
        columns.append([base + 1] * extra + [base] * (n - extra))
    return [list(row) for row in zip(*columns, strict=True)]


def test_all_fours_is_100_and_grade_a():
    result = skm.compute([[4] * 9, [4] * 9])
    assert result["nrr"] == [4.0] * 9
    assert result["index"] == 100.0
    assert result["grade"] == "A"
    assert result["grade_label"] == "Sangat Baik"
    assert result["n"] == 2


def test_all_ones_is_25_and_grade_d():
    result = skm.compute([[1] * 9])
    assert result["index"] == 25.0
    assert result["grade"] == "D"
    assert result["grade_label"] == "Tidak Baik"


def test_worked_example_by_hand():
    # three respondents; NRR per element = column mean, index = mean of NRRs × 25
    responses = [
        [4, 3, 3, 4, 3, 4, 4, 2, 3],
        [3, 3, 2, 4, 3, 3, 4, 2, 3],
        [4, 4, 3, 4, 3, 4, 3, 3, 2],
    ]
    result = skm.compute(responses)
    assert result["nrr"] == pytest.approx([11 / 3, 10 / 3, 8 / 3, 4.0, 3.0, 11 / 3, 11 / 3, 7 / 3, 8 / 3])
    # total of all scores 87 over 27 scores → 87/27 × 25 = 80.5555…
    assert result["index"] == pytest.approx(87 / 27 * 25)
    assert result["index_display"] == "80.56"
    assert result["grade"] == "B"
    assert result["raw_index"] == pytest.approx(87 / 27)


def test_weight_0111_reproduces_older_reports_slightly_lower():
    responses = [[4] * 9]
    result = skm.compute(responses, weight=0.111)
    # 9 × 4 × 0.111 = 3.996 → × 25 = 99.90 (the exact weight gives 100)
    assert result["index"] == pytest.approx(99.9)
    assert result["index_display"] == "99.90"
    assert result["weight"] == 0.111
    assert result["weighted_nrr"] == pytest.approx([0.444] * 9)
    exact = skm.compute(responses)
    assert exact["index"] > result["index"]


def test_weight_0111_can_move_a_grade_down():
    # exact index 88.31 (grade A) × 0.999 = 88.22 → B with the rounded weight
    n = 2500
    sums = _sums_for_converted(Fraction(8831, 100), n)
    responses = _responses_with_sums(sums, n)
    assert skm.compute(responses)["index_display"] == "88.31"
    assert skm.compute(responses)["grade"] == "A"
    older = skm.compute(responses, weight=0.111)
    assert older["index_display"] == "88.22"
    assert older["grade"] == "B"


def _sums_for_converted(target: Fraction, n: int) -> list[int]:
    """Per-element sums for n answers whose exact converted index is `target`: total = target × 9n / 25."""
    total = target * 9 * n / 25
    assert total.denominator == 1, "choose n so that the target is reachable exactly"
    total = int(total)
    base, extra = divmod(total, 9)
    return [base + 1] * extra + [base] * (9 - extra)


@pytest.mark.parametrize(
    ("converted", "grade"),
    [
        ("65.00", "C"),
        ("64.99", "D"),
        ("76.60", "C"),
        ("76.61", "B"),
        ("88.30", "B"),
        ("88.31", "A"),
        ("100", "A"),
        ("25", "D"),
    ],
)
def test_grade_boundaries_on_exact_values(converted, grade):
    # n = 2500 answers make every multiple of 0.01 on 25–100 reachable exactly (total = converted × 900)
    target = Fraction(converted)
    responses = _responses_with_sums(_sums_for_converted(target, 2500), 2500)
    result = skm.compute(responses)
    assert Fraction(result["index"]).limit_denominator(1000) == target
    assert result["grade"] == grade


def test_grade_taken_after_rounding_to_two_decimals():
    # 76.605 exactly rounds half-up to 76.61 → B; 76.6049… stays 76.60 → C; 64.995 → 65.00 → C
    assert skm.grade_for(Fraction(76605, 1000)) == "B"
    assert skm.grade_for(Fraction(766049, 10000)) == "C"
    assert skm.grade_for(Fraction(64995, 1000)) == "C"
    assert skm.grade_for(Fraction(649949, 10000)) == "D"
    assert skm.grade_for(Fraction(88305, 1000)) == "A"
    assert skm.grade_for(88.30) == "B"


def test_exact_arithmetic_near_a_boundary_from_real_answers():
    # 8 answers, total 196.08 would be needed for 76.605 → not reachable; use n = 40: converted = total×25/360
    # total 1103 → 76.597…(C, shows 76.60); total 1104 → 76.666… (B)
    low = skm.compute(_responses_with_sums(_spread(1103, 40), 40))
    high = skm.compute(_responses_with_sums(_spread(1104, 40), 40))
    assert low["index_display"] == "76.60" and low["grade"] == "C"
    assert high["index_display"] == "76.67" and high["grade"] == "B"


def _spread(total: int, n: int) -> list[int]:
    base, extra = divmod(total, 9)
    return [base + 1] * extra + [base] * (9 - extra)


def test_published_report_single_respondent_tulang_bawang_barat():
    """Dinas Kependudukan dan Pencatatan Sipil Tulang Bawang Barat, SKM 2023 semester 1 (online report,
    e-smile.tubaba.go.id): one respondent scoring 4 on every element; the report shows NRR 4 per element,
    weighted NRR 0.44, "IKM UNIT PELAYANAN 100 (Sangat Baik)". Its method note says weight 0,111, yet 100
    is what the exact weight 1/9 gives — with 0.111 the index would read 99.90."""
    result = skm.compute([[4] * 9])
    assert result["nrr"] == [4.0] * 9
    assert result["index_display"] == "100.00"
    assert result["grade_label"] == "Sangat Baik"
    assert [round(v, 2) for v in result["weighted_nrr"]] == [0.44] * 9
    assert skm.compute([[4] * 9], weight=0.111)["index_display"] == "99.90"


def test_constructed_report_with_published_style_figures():
    """A report in the usual published layout (n = 20; NRR per element to 2 decimals; weighted NRR with
    0,111; 'IKM unit pelayanan' = Σ weighted × 25). Figures: NRR U1..U9 = 3.25 3.20 3.10 3.60 3.30 3.35
    3.45 3.05 3.15 → Σ NRR = 29.45; with 0,111: Σ × 0.111 = 3.26895 → × 25 = 81.72 (B, Baik); with the
    exact 1/9 weight: 29.45 / 9 × 25 = 81.81 (B). We build 20 answers with exactly those column totals
    (65 64 62 72 66 67 69 61 63) and recompute both."""
    sums = [65, 64, 62, 72, 66, 67, 69, 61, 63]
    responses = _responses_with_sums(sums, 20)
    assert len(responses) == 20 and all(len(r) == 9 for r in responses)
    older = skm.compute(responses, weight=0.111)
    assert [round(v, 2) for v in older["nrr"]] == [3.25, 3.20, 3.10, 3.60, 3.30, 3.35, 3.45, 3.05, 3.15]
    assert older["raw_index"] == pytest.approx(3.26895)
    assert older["index_display"] == "81.72"
    assert older["grade"] == "B"
    exact = skm.compute(responses)
    assert exact["index_display"] == "81.81"
    assert exact["index"] == pytest.approx(29.45 / 9 * 25)


def test_compute_from_sums_equals_compute():
    responses = [[4, 3, 3, 4, 3, 4, 4, 2, 3], [1, 2, 3, 4, 1, 2, 3, 4, 1]]
    sums = [sum(col) for col in zip(*responses, strict=True)]
    assert skm.compute_from_sums(sums, 2) == skm.compute(responses)


@pytest.mark.parametrize(
    ("responses", "message"),
    [
        ([], "Belum ada jawaban"),
        ([[4] * 8], "berisi 8 nilai; seharusnya 9"),
        ([[4] * 10], "berisi 10 nilai"),
        ([[4] * 9, [4, 4, 4, 4, 5, 4, 4, 4, 4]], "Jawaban ke-2, unsur U5: nilai 5 di luar rentang 1 sampai 4"),
        ([[0] * 9], "nilai 0 di luar rentang"),
        ([[4.0] * 9], "bilangan bulat"),
        ([[True] * 9], "bilangan bulat"),
        ([["4"] * 9], "bilangan bulat"),
        (["444444444"], "harus berupa daftar"),
        ("abc", "harus berupa daftar"),
        (None, "harus berupa daftar"),
    ],
)
def test_bad_input_is_refused_in_indonesian(responses, message):
    with pytest.raises(ValueError, match=message):
        skm.compute(responses)


@pytest.mark.parametrize("weight", [0, -0.1, 1.5, "abc", True])
def test_bad_weight_refused(weight):
    with pytest.raises(ValueError, match="Bobot"):
        skm.compute([[4] * 9], weight=weight)


def test_weakest_elements_lowest_first():
    assert skm.weakest([3.0, 2.5, 3.5, 2.5, 4.0, 3.1, 3.2, 2.9, 3.3], 3) == [1, 3, 7]


def test_krejcie_morgan_table_matches_formula():
    mismatches = [
        (n, s, skm.krejcie_morgan_formula(n))
        for n, s in skm.KREJCIE_MORGAN
        if abs(skm.krejcie_morgan_formula(n) - s) > 1
    ]
    assert mismatches == []
    assert skm.krejcie_morgan(100) == 80
    assert skm.krejcie_morgan(1000) == 278
    assert skm.krejcie_morgan(1762) == 317  # next tabulated N is 1800
    assert skm.krejcie_morgan(5) == 5
    assert skm.krejcie_morgan(2_000_000) == 384
    with pytest.raises(ValueError, match="Populasi"):
        skm.krejcie_morgan(0)


def test_margin_of_error():
    assert skm.margin_of_error(384) == pytest.approx(0.05, abs=0.0002)
    # the table's sample gives about ±5 % for its population
    assert skm.margin_of_error(278, 1000) == pytest.approx(0.05, abs=0.001)
    assert skm.margin_of_error(50, 50) == 0.0
    assert skm.margin_of_error(100) > skm.margin_of_error(200)
    with pytest.raises(ValueError):
        skm.margin_of_error(0)
