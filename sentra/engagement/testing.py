"""Objects of the engagement module for the project-wide authorization matrix (accounts tests)."""

import datetime as dt

from django.utils import timezone


def authorization_objects(cast: dict) -> dict:
    """An open survey period with three answers, a poll on /statistik/, and an idea of the cast's business
    (Kecamatan Dander, submitted by its owner). Built once per test, on first use."""
    if "engagement" not in cast:
        cast["engagement"] = _build(cast)
    return cast["engagement"]


def _build(cast) -> dict:
    from sentra.engagement.models import Poll, Service
    from sentra.engagement.reference import load_services
    from sentra.engagement.selectors import forget_poll_paths
    from sentra.engagement.services import idea_create, survey_submit

    load_services(Service)
    services = list(Service.objects.order_by("order"))
    today = timezone.localdate()
    from sentra.engagement.models import SurveyPeriod

    period = SurveyPeriod.objects.create(
        name="Periode Matriks",
        year=today.year,
        semester=2,
        starts_on=today - dt.timedelta(days=5),
        ends_on=today + dt.timedelta(days=5),
    )
    period.services.set(services)
    profile = {"age_band": "30-39", "sex": "P", "education": "sma", "occupation": "usaha"}
    for i in range(3):
        survey_submit(period=period, service=services[0], scores=[3] * 9, profile=profile, ip=f"10.9.9.{i}")
    poll = Poll.objects.create(page_path="/statistik/", options=list(Poll.DEFAULT_OPTIONS))
    forget_poll_paths()
    owner = cast["users"]["owner"]
    idea = idea_create(
        actor=owner,
        data={"category": "legalitas", "text": "Idea matriks", "publish_consent": True},
        submitted_by=owner,
        business=cast["business"],
    )
    return {"period": period, "poll": poll, "idea": idea}
