"""Photo uploads: check that the file really is an image of a sane size, drop its metadata
(EXIF location included) by re-encoding the pixels, and produce resized versions in WebP
with a JPEG fallback."""

import io
import uuid
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError, features

from sentra.catalog.errors import CatalogError

MAX_BYTES = settings.CATALOG_PHOTO_MAX_BYTES
MAX_PIXELS = settings.CATALOG_PHOTO_MAX_PIXELS
MIN_SIDE = 200
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
SIZES = {"large": 1200, "thumb": 480}


@dataclass
class Processed:
    width: int
    height: int
    files: dict  # field name -> (file name, ContentFile)


def _refuse(message: str):
    raise CatalogError(message)


def process_upload(upload) -> Processed:
    size = getattr(upload, "size", None)
    if size is None or size == 0:
        _refuse(_("Berkas foto kosong."))
    if size > MAX_BYTES:
        _refuse(
            _("Foto terlalu besar (%(got).1f MB); batasnya %(max).0f MB.")
            % {"got": size / 1024 / 1024, "max": MAX_BYTES / 1024 / 1024}
        )
    upload.seek(0)
    data = upload.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            fmt = probe.format
            width, height = probe.size
            # Refuse on the header's size, before any pixel is decoded.
            if width * height > MAX_PIXELS:
                _refuse(
                    _("Ukuran gambar %(w)s×%(h)s piksel terlalu besar; batasnya %(mp)s megapiksel.")
                    % {"w": width, "h": height, "mp": MAX_PIXELS // 1_000_000}
                )
            probe.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        _refuse(_("Ukuran gambar terlalu besar; batasnya %(mp)s megapiksel.") % {"mp": MAX_PIXELS // 1_000_000})
    except (UnidentifiedImageError, SyntaxError, OSError, ValueError):
        _refuse(_("Berkas ini bukan gambar yang dapat dibaca. Unggah foto JPEG, PNG atau WebP."))
    if fmt not in ALLOWED_FORMATS:
        _refuse(_("Format %(fmt)s tidak diterima. Unggah foto JPEG, PNG atau WebP.") % {"fmt": fmt})
    if min(width, height) < MIN_SIDE:
        _refuse(
            _("Foto terlalu kecil (%(w)s×%(h)s piksel); paling sedikit %(min)s piksel per sisi.")
            % {"w": width, "h": height, "min": MIN_SIDE}
        )
    try:
        image = Image.open(io.BytesIO(data))
        image = ImageOps.exif_transpose(image)  # keep the orientation, then drop every tag
        image.load()
    except (OSError, ValueError, SyntaxError):
        _refuse(_("Berkas gambar rusak atau terpotong; coba unggah ulang."))
    image = image.convert("RGB")
    stem = uuid.uuid4().hex[:16]
    files = {}
    webp = features.check("webp")
    for name, side in SIZES.items():
        copy = image.copy()
        copy.thumbnail((side, side), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        copy.save(out, "JPEG", quality=82, optimize=True, progressive=True)  # no exif= : metadata is dropped
        files[f"{name}_jpeg"] = (f"{stem}-{name}.jpg", ContentFile(out.getvalue()))
        if webp:
            out = io.BytesIO()
            copy.save(out, "WEBP", quality=80, method=4)
            files[f"{name}_webp"] = (f"{stem}-{name}.webp", ContentFile(out.getvalue()))
    return Processed(width=image.width, height=image.height, files=files)
