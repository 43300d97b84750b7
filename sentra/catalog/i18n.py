"""The catalog's language prefix: Indonesian at /katalog/…, English at /en/catalog/…

The rest of the site keeps its URLs; each catalog URL is registered twice (name and
name_en) and its view runs with that language active."""

from functools import lru_cache, wraps

from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils import translation

LANGS = ("id", "en")


def current() -> str:
    return "en" if (translation.get_language() or "id").startswith("en") else "id"


def url_name(name: str, lang: str | None = None) -> str:
    lang = lang or current()
    return f"catalog:{name}_en" if lang == "en" else f"catalog:{name}"


def catalog_reverse(name: str, lang: str | None = None, **kwargs) -> str:
    if not kwargs:  # home, list: the same URL for every request of a process
        return _reverse_plain(url_name(name, lang), get_script_prefix())
    return reverse(url_name(name, lang), kwargs=kwargs)


@lru_cache(maxsize=64)
def _reverse_plain(name: str, _script_prefix: str) -> str:
    return reverse(name)


def alternates(name: str, **kwargs) -> dict:
    """{lang: url} of the same page in each language, for the switch and hreflang links."""
    out = {}
    for lang in LANGS:
        try:
            out[lang] = catalog_reverse(name, lang, **kwargs)
        except NoReverseMatch:
            pass
    return out


def in_language(lang: str, view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        with translation.override(lang):
            request.LANGUAGE_CODE = lang
            response = view(request, *args, **kwargs)
            response.headers.setdefault("Content-Language", lang)
            return response

    return wrapped
