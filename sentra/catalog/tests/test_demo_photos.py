"""The demo catalog has drawn product shots and the demo trainings have recorded outcomes; seed_demo stays
idempotent and the press figures exact."""

import io

import pytest
from django.core.management import call_command
from PIL import Image

from sentra.catalog.demo_photos import DRAWERS, SHAPES, product_photo
from sentra.catalog.models import Category, Product, ProductPhoto
from sentra.metrics.figures import regency_statistics
from sentra.programs.models import FollowUp


def test_every_category_has_a_drawing_and_pictures_are_deterministic():
    assert {c.value for c in Category} <= set(SHAPES) and set(SHAPES.values()) <= set(DRAWERS)
    shot = product_photo("snack", "Keripik Tempe Sagu", 3)
    assert shot == product_photo("snack", "Keripik Tempe Sagu", 3)
    assert shot != product_photo("batik", "Keripik Tempe Sagu", 3)
    image = Image.open(io.BytesIO(shot))
    assert image.format == "JPEG" and image.size == (800, 600)
    assert len(image.resize((40, 30)).getcolors(maxcolors=1200)) > 50  # a picture, not a flat placeholder


@pytest.mark.django_db
def test_demo_products_have_photos_and_trainings_outcomes(reference_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo")
    kinds = Product.objects.filter(is_demo=True).values("name").distinct().count()
    with_photo = Product.objects.filter(is_demo=True, photos__isnull=False).distinct()
    assert with_photo.count() >= kinds - 1 >= 20  # one per kind of product (the owner's draft has none)
    photo = ProductPhoto.objects.order_by("pk").first()
    with photo.thumb_jpeg.open("rb") as f:
        assert Image.open(f).format == "JPEG"
    recorded = FollowUp.objects.filter(recorded_on__isnull=False)
    assert recorded.count() >= 5 and recorded.filter(sells_online=True).exists()
    assert FollowUp.objects.filter(recorded_on__isnull=True).exists()  # the 6-month ones still open
    before = (ProductPhoto.objects.count(), recorded.count())
    call_command("seed_demo")
    assert (ProductPhoto.objects.count(), FollowUp.objects.filter(recorded_on__isnull=False).count()) == before
    from sentra.metrics.activity import activity_figures

    figures = {a.figure.name: a.value for a in activity_figures()}
    assert figures["ikm_trained"] > 0 and figures["leads_total"] == 6 and figures["leads_deal"] == 2
    assert figures["published_products"] > 0
    stats = regency_statistics()
    assert stats["total"] == 1762 and stats["with_nib"] == 1349  # the press figures, unchanged
