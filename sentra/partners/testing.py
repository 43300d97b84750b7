"""Objects of the partners module for the project-wide authorization matrix (accounts tests)."""

import datetime as dt
from decimal import Decimal


def authorization_objects(cast: dict) -> dict:
    """An agreement and a commitment of the programs matrix organisation (the matrix partner user is its
    member), a commitment of another organisation, and a dashboard notice."""
    if "partners" not in cast:
        from sentra.programs.testing import authorization_objects as programs_objects

        cast["partners"] = _build(cast["users"]["staff"], programs_objects(cast)["organisation"])
    return cast["partners"]


def _build(staff, organisation) -> dict:
    from sentra.partners.models import Notice, PartnerOrganisation
    from sentra.partners.services import agreement_save, commitment_save

    agreement = agreement_save(
        actor=staff,
        agreement=None,
        data={
            "kind": "mou",
            "number": "MoU/Matriks",
            "title": "Perjanjian Matriks",
            "other_parties": "Dekranasda",
            "signed_on": dt.date(2026, 1, 1),
            "ends_on": dt.date(2027, 1, 1),
            "scope": "",
            "status": "berlaku",
        },
        organisations=[organisation],
    )
    due = dt.date(2026, 12, 31)
    commitment = commitment_save(
        actor=staff,
        commitment=None,
        data={
            "organisation_id": organisation.pk,
            "kind": "trainer_days",
            "description": "Komitmen Matriks",
            "quantity": Decimal(5),
            "unit": "hari",
            "due_on": due,
        },
    )
    other_org = PartnerOrganisation.objects.create(name="Mitra Lain Matriks", sector="media")
    other = commitment_save(
        actor=staff,
        commitment=None,
        data={
            "organisation_id": other_org.pk,
            "kind": "booths",
            "description": "Komitmen Lain",
            "quantity": Decimal(1),
            "unit": "stan",
            "due_on": due,
        },
    )
    notice = Notice.objects.create(text="Pemberitahuan Matriks", agreement=agreement)
    return {
        "agreement": agreement,
        "commitment": commitment,
        "other": other,
        "organisation": organisation,
        "other_org": other_org,
        "notice": notice,
    }
