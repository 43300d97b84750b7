"""Objects of the planning module for the project-wide authorization matrix (accounts tests)."""


def authorization_objects(cast: dict) -> dict:
    """The 2026 plan (draft) with a programme, an activity and a bound and a hand-entered indicator."""
    if "planning" not in cast:
        cast["planning"] = _build(cast["users"]["staff"])
    return cast["planning"]


def _build(staff) -> dict:
    from sentra.planning import services

    plan = services.plan_create(actor=staff, year=2026, title="Rencana Matriks")
    programme = services.programme_save(actor=staff, plan=plan, programme=None, name="Program Matriks")
    activity = services.activity_save(
        actor=staff,
        programme=programme,
        activity=None,
        data={"name": "Kegiatan Matriks", "start_month": 1, "end_month": 2, "budget_ceiling": 10, "budget_spent": 0},
    )
    indicator = services.indicator_save(
        actor=staff,
        plan=plan,
        indicator=None,
        data={"name": "Indikator Matriks", "unit": "IKM", "baseline": "0", "target": "5", "figure": "with_nib"},
    )
    manual = services.indicator_save(
        actor=staff,
        plan=plan,
        indicator=None,
        data={"name": "Indeks Matriks", "unit": "indeks", "baseline": "0", "target": "5", "manual_value": "3"},
    )
    return {"plan": plan, "programme": programme, "activity": activity, "indicator": indicator, "manual": manual}
