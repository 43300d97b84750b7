"""The SKM (Survei Kepuasan Masyarakat) index exactly as PermenPAN-RB 14/2017 defines it.

Pure functions, no database: `compute(responses, weight=None)` is a contract (DESIGN.md, "Satisfaction
survey"). Per element (unsur) the NRR is the mean of the 1–4 scores; the index is the weighted sum of the
nine NRRs (weight exactly 1/9, or e.g. 0.111 to reproduce reports that rounded the weight), converted to
25–100 by × 25. The grade is taken on the converted value rounded half-up to 2 decimals:
≥ 88.31 A (Sangat Baik), ≥ 76.61 B (Baik), ≥ 65.00 C (Kurang Baik), else D (Tidak Baik).

The arithmetic is done with exact fractions, so a value that is exactly 76.605 rounds to 76.61 (binary
floats would give 76.60); the returned floats are the nearest floats to the exact values, and rounding
happens only for display (`index_display`) and for the grade.

An empty list of responses raises ValueError (there is no index without answers); callers that show
"belum ada jawaban" check for that first.

Sample size: `krejcie_morgan(population)` reads the Krejcie & Morgan (1970) table that the regulation's
appendix reproduces (95 % confidence, 5 % margin, P = 0.5); `margin_of_error(n, population)` gives the
margin of error of a proportion at 95 % with the finite-population correction.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

N_ELEMENTS = 9
MIN_SCORE, MAX_SCORE = 1, 4

# The nine elements (unsur) of PermenPAN-RB 14/2017, in the regulation's order.
ELEMENTS: list[tuple[str, str]] = [
    ("U1", "Persyaratan"),
    ("U2", "Sistem, mekanisme, dan prosedur"),
    ("U3", "Waktu penyelesaian"),
    ("U4", "Biaya/tarif"),
    ("U5", "Produk spesifikasi jenis pelayanan"),
    ("U6", "Kompetensi pelaksana"),
    ("U7", "Perilaku pelaksana"),
    ("U8", "Penanganan pengaduan, saran, dan masukan"),
    ("U9", "Sarana dan prasarana"),
]

# (lowest converted value, grade, label, service quality wording of the regulation)
GRADES: list[tuple[Decimal, str, str]] = [
    (Decimal("88.31"), "A", "Sangat Baik"),
    (Decimal("76.61"), "B", "Baik"),
    (Decimal("65.00"), "C", "Kurang Baik"),
    (Decimal("25.00"), "D", "Tidak Baik"),
]
GRADE_LABELS = {g: label for _, g, label in GRADES}

EXACT_WEIGHT = Fraction(1, N_ELEMENTS)


def _as_fraction(weight) -> Fraction:
    if weight is None:
        return EXACT_WEIGHT
    if isinstance(weight, bool):
        raise ValueError("Bobot unsur harus berupa angka, misalnya 0.111.")
    if isinstance(weight, Fraction):
        value = weight
    elif isinstance(weight, int):
        value = Fraction(weight)
    else:
        try:
            # repr/str of a float is the shortest decimal that reads back to it: 0.111 stays 0.111
            value = Fraction(Decimal(str(weight)))
        except Exception as exc:  # noqa: BLE001 - any unreadable value
            raise ValueError("Bobot unsur harus berupa angka, misalnya 0.111.") from exc
    if not (0 < value <= 1):
        raise ValueError("Bobot unsur harus lebih dari 0 dan paling besar 1 (biasanya 1/9 atau 0,111).")
    return value


def validate_responses(responses) -> None:
    """Raise ValueError with an Indonesian message naming the first bad answer."""
    if isinstance(responses, (str, bytes)) or not isinstance(responses, Sequence):
        raise ValueError("Jawaban harus berupa daftar; setiap jawaban berisi 9 nilai unsur.")
    if len(responses) == 0:
        raise ValueError("Belum ada jawaban: indeks SKM tidak dapat dihitung tanpa jawaban.")
    for i, answer in enumerate(responses, start=1):
        if isinstance(answer, (str, bytes)) or not isinstance(answer, Sequence):
            raise ValueError(f"Jawaban ke-{i} harus berupa daftar 9 nilai unsur.")
        if len(answer) != N_ELEMENTS:
            raise ValueError(f"Jawaban ke-{i} berisi {len(answer)} nilai; seharusnya 9 (satu untuk setiap unsur).")
        for j, score in enumerate(answer, start=1):
            if isinstance(score, bool) or not isinstance(score, int):
                raise ValueError(f"Jawaban ke-{i}, unsur U{j}: nilai harus bilangan bulat 1 sampai 4.")
            if not MIN_SCORE <= score <= MAX_SCORE:
                raise ValueError(f"Jawaban ke-{i}, unsur U{j}: nilai {score} di luar rentang 1 sampai 4.")


def round2(value) -> Decimal:
    """Round half-up to 2 decimals (as reports do), from an exact Fraction, Decimal, int or float."""
    if isinstance(value, Fraction):
        # exact: a value of exactly x.xx5 (e.g. 76.605) rounds up, which binary floats cannot promise
        scaled = value * 100
        floor = scaled.numerator // scaled.denominator
        rest = scaled - floor
        cents = floor + (1 if rest >= Fraction(1, 2) else 0)
        return (Decimal(cents) / 100).quantize(Decimal("0.01"))
    dec = Decimal(str(value))
    return dec.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def grade_for(converted) -> str:
    """The grade letter of a converted value (25–100), taken after rounding to 2 decimals."""
    rounded = round2(converted)
    for low, grade, _ in GRADES[:-1]:
        if rounded >= low:
            return grade
    return "D"


def compute_from_sums(sums: Sequence[int], n: int, weight=None) -> dict:
    """`compute` from the per-element score sums and the number of answers (what a database SUM gives)."""
    if n <= 0:
        raise ValueError("Belum ada jawaban: indeks SKM tidak dapat dihitung tanpa jawaban.")
    if len(sums) != N_ELEMENTS:
        raise ValueError("Jumlah nilai harus ada untuk 9 unsur.")
    w = _as_fraction(weight)
    nrr = [Fraction(int(s), n) for s in sums]
    for (code, _), value in zip(ELEMENTS, nrr, strict=True):
        if not MIN_SCORE <= value <= MAX_SCORE:
            raise ValueError(f"Rata-rata unsur {code} di luar rentang 1 sampai 4.")
    weighted = [v * w for v in nrr]
    raw_index = sum(weighted, Fraction(0))
    converted = raw_index * 25
    grade = grade_for(converted)
    return {
        "nrr": [float(v) for v in nrr],
        "index": float(converted),
        "grade": grade,
        "grade_label": GRADE_LABELS[grade],
        "index_display": str(round2(converted)),
        "raw_index": float(raw_index),
        "weighted_nrr": [float(v) for v in weighted],
        "weight": float(w),
        "n": n,
        "elements": [code for code, _ in ELEMENTS],
    }


def compute(responses, weight=None) -> dict:
    """The SKM result of `responses` (a list of answers, each the nine element scores, ints 1–4).

    Returns {"nrr": [9 floats], "index": float on 25–100, "grade": "A".."D"} plus "grade_label"
    ("Sangat Baik".."Tidak Baik"), "index_display" (2 decimals, half-up, as text), "raw_index" (1–4 scale),
    "weighted_nrr", "weight", "n" and "elements" (U1..U9). Raises ValueError (Indonesian message) for an
    empty list, an answer without exactly nine scores, or a score that is not an int 1–4.
    """
    validate_responses(responses)
    sums = [0] * N_ELEMENTS
    for answer in responses:
        for j, score in enumerate(answer):
            sums[j] += score
    return compute_from_sums(sums, len(responses), weight)


def weakest(nrr: Sequence[float], count: int = 3) -> list[int]:
    """Indexes (0-based) of the `count` lowest NRRs, lowest first (ties in element order)."""
    order = sorted(range(len(nrr)), key=lambda i: (nrr[i], i))
    return order[:count]


# --- sample size -------------------------------------------------------------------------------------------

# Krejcie & Morgan (1970), Table 1: population N → sample size S (95 % confidence, ±5 %, P = 0.5).
KREJCIE_MORGAN: list[tuple[int, int]] = [
    (10, 10), (15, 14), (20, 19), (25, 24), (30, 28), (35, 32), (40, 36), (45, 40), (50, 44), (55, 48),
    (60, 52), (65, 56), (70, 59), (75, 63), (80, 66), (85, 70), (90, 73), (95, 76), (100, 80), (110, 86),
    (120, 92), (130, 97), (140, 103), (150, 108), (160, 113), (170, 118), (180, 123), (190, 127), (200, 132),
    (210, 136), (220, 140), (230, 144), (240, 148), (250, 152), (260, 155), (270, 159), (280, 162),
    (290, 165), (300, 169), (320, 175), (340, 181), (360, 186), (380, 191), (400, 196), (420, 201),
    (440, 205), (460, 210), (480, 214), (500, 217), (550, 226), (600, 234), (650, 242), (700, 248),
    (750, 254), (800, 260), (850, 265), (900, 269), (950, 274), (1000, 278), (1100, 285), (1200, 291),
    (1300, 297), (1400, 302), (1500, 306), (1600, 310), (1700, 313), (1800, 317), (1900, 320), (2000, 322),
    (2200, 327), (2400, 331), (2600, 335), (2800, 338), (3000, 341), (3500, 346), (4000, 351), (4500, 354),
    (5000, 357), (6000, 361), (7000, 364), (8000, 367), (9000, 368), (10000, 370), (15000, 375),
    (20000, 377), (30000, 379), (40000, 380), (50000, 381), (75000, 382), (1000000, 384),
]  # fmt: skip
_KM_N = [n for n, _ in KREJCIE_MORGAN]


def krejcie_morgan_formula(population: int, chi2: float = 3.841, p: float = 0.5, d: float = 0.05) -> int:
    """s = χ²NP(1−P) / (d²(N−1) + χ²P(1−P)), rounded to the nearest whole respondent."""
    if population <= 0:
        raise ValueError("Populasi harus lebih dari 0.")
    s = chi2 * population * p * (1 - p) / (d * d * (population - 1) + chi2 * p * (1 - p))
    return min(population, int(Decimal(str(s)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)))


def krejcie_morgan(population: int) -> int:
    """The recommended minimum sample for a population served: the table's value for the smallest
    tabulated N at or above `population` (conservative); everyone when fewer than 10; 384 above 1,000,000."""
    if isinstance(population, bool) or not isinstance(population, int) or population <= 0:
        raise ValueError("Populasi (jumlah penerima layanan) harus bilangan bulat lebih dari 0.")
    if population < 10:
        return population
    i = bisect_left(_KM_N, population)
    if i >= len(KREJCIE_MORGAN):
        return KREJCIE_MORGAN[-1][1]
    return min(population, KREJCIE_MORGAN[i][1])


def margin_of_error(n: int, population: int | None = None, z: float = 1.96, p: float = 0.5) -> float:
    """Margin of error (as a fraction, 0.05 = ±5 %) of a proportion from n answers at 95 % confidence,
    with the finite-population correction when the population is known. 0 when everyone answered."""
    if n <= 0:
        raise ValueError("Jumlah responden harus lebih dari 0.")
    e = z * math.sqrt(p * (1 - p) / n)
    if population:
        if n >= population:
            return 0.0
        e *= math.sqrt((population - n) / (population - 1))
    return e
