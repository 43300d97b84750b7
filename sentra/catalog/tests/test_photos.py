import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from sentra.catalog.models import ProductPhoto

pytestmark = pytest.mark.django_db


def _jpeg(size=(1600, 1200), gps=False) -> bytes:
    image = Image.new("RGB", size, (180, 90, 30))
    exif = Image.Exif()
    exif[0x010F] = "KameraUji"  # Make
    if gps:
        exif[0x8825] = {1: "S", 2: (7.0, 9.0, 0.0), 3: "E", 4: (111.0, 53.0, 0.0)}  # GPSInfo: Bojonegoro
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def _truncated_jpeg() -> bytes:
    """A real JPEG header with half of its (noisy) pixel data cut off."""
    import random

    rng = random.Random(7)
    image = Image.frombytes("RGB", (600, 400), bytes(rng.getrandbits(8) for _ in range(600 * 400 * 3)))
    out = io.BytesIO()
    image.save(out, "JPEG")
    return out.getvalue()[: len(out.getvalue()) // 2]


def _upload(client, product, content, name="foto.jpg", content_type="image/jpeg"):
    return client.post(
        reverse("catalog:manage_photo", args=[product.pk]),
        {"photo": SimpleUploadedFile(name, content, content_type=content_type)},
    )


@pytest.fixture
def owned_product(client, catalog_business, make_product, owner_user):
    client.force_login(owner_user)
    return make_product(catalog_business())


def test_good_photo_is_resized_to_webp_and_jpeg_without_exif_location(client, owned_product):
    original = _jpeg(gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the upload does carry GPS
    response = _upload(client, owned_product, original)
    assert response.status_code == 302
    photo = ProductPhoto.objects.get(product=owned_product)
    for field, fmt, longest in [
        ("large_jpeg", "JPEG", 1200),
        ("thumb_jpeg", "JPEG", 480),
        ("large_webp", "WEBP", 1200),
        ("thumb_webp", "WEBP", 480),
    ]:
        with getattr(photo, field).open("rb") as fh:
            image = Image.open(io.BytesIO(fh.read()))
        assert image.format == fmt
        assert max(image.size) == longest
        exif = image.getexif()
        assert not exif.get_ifd(0x8825) and 0x010F not in exif, field
    body = client.get(owned_product.get_absolute_url("id")).content.decode()
    assert photo.large_webp.url in body and 'type="image/webp"' in body


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"%PDF-1.4 bukan gambar sama sekali", "foto.jpg", "bukan gambar yang dapat dibaca"),
        (b"", "kosong.jpg", "Berkas foto kosong"),
        (_truncated_jpeg(), "terpotong.jpg", "rusak atau terpotong"),
    ],
)
def test_not_an_image_is_refused_in_indonesian(client, owned_product, content, name, message):
    response = _upload(client, owned_product, content, name=name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProductPhoto.objects.exists()


def test_too_many_bytes_is_refused(client, owned_product, monkeypatch):
    from sentra.catalog import images

    monkeypatch.setattr(images, "MAX_BYTES", 10_000)
    response = _upload(client, owned_product, _jpeg())
    assert response.status_code == 400
    assert "Foto terlalu besar" in response.content.decode()
    assert not ProductPhoto.objects.exists()


def test_decompression_bomb_is_refused_from_its_header(client, owned_product):
    bomb = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(bomb, "PNG")  # 144 megapixels in a few kilobytes
    assert len(bomb.getvalue()) < 200_000
    response = _upload(client, owned_product, bomb.getvalue(), name="bom.png", content_type="image/png")
    assert response.status_code == 400
    assert "terlalu besar; batasnya 40 megapiksel" in response.content.decode()
    # Just over our limit but under Pillow's own bomb threshold: refused from the header size.
    big = io.BytesIO()
    Image.new("1", (8_000, 6_000)).save(big, "PNG")
    response = _upload(client, owned_product, big.getvalue(), name="besar.png", content_type="image/png")
    assert "8000×6000 piksel terlalu besar" in response.content.decode()
    assert not ProductPhoto.objects.exists()


def test_unsupported_format_and_tiny_images_are_refused(client, owned_product):
    gif = io.BytesIO()
    Image.new("RGB", (400, 400)).save(gif, "GIF")
    response = _upload(client, owned_product, gif.getvalue(), name="a.gif", content_type="image/gif")
    assert "Format GIF tidak diterima" in response.content.decode()
    response = _upload(client, owned_product, _jpeg(size=(100, 80)))
    assert "Foto terlalu kecil" in response.content.decode()
    assert not ProductPhoto.objects.exists()


def test_other_owner_cannot_upload(client, catalog_business, make_product, django_user_model):
    other = django_user_model.objects.create_user(username="lain", password="x-12345-pw", role="owner")
    product = make_product(catalog_business())
    client.force_login(other)
    assert _upload(client, product, _jpeg()).status_code == 404
    assert not ProductPhoto.objects.exists()
