"""catalog_tags' `translate`: the same output as Django's, remembered per language."""

from django.template import Context, Template
from django.utils import translation

from sentra.catalog.templatetags.catalog_tags import ConstantTranslateNode

DJANGO = "{% load i18n %}"
OURS = "{% load i18n catalog_tags %}"
BODIES = [
    '{% translate "Cari" %}|{% translate "Katalog produk" %}',
    '{% translate "Cari" as label %}[{{ label }}]',  # `as`: Django's own node
    '{% translate "Cari"|upper %}',  # a filter: Django's own node
    "{% translate word %}",  # a variable: Django's own node
    '{% translate "<b>Cari</b> & 100%%" %}',  # no catalog entry: escaped, percent signs restored
]


def test_same_output_as_djangos_translate_in_both_languages_and_on_repeat():
    for body in BODIES:
        ours = Template(OURS + body)
        for lang in ("id", "en", "id", "en"):
            with translation.override(lang):
                for autoescape in (True, False):
                    context = {"word": "Cari"}
                    expected = Template(DJANGO + body).render(Context(context, autoescape=autoescape))
                    assert ours.render(Context(context, autoescape=autoescape)) == expected, (body, lang)


def test_the_translation_follows_the_active_language():
    template = Template(OURS + '{% translate "Cari" %}')
    with translation.override("en"):
        assert template.render(Context()) == "Search"
    with translation.override("id"):
        assert template.render(Context()) == "Cari"


def test_only_constant_strings_are_remembered():
    nodes = [
        n for body in BODIES for n in Template(OURS + body).nodelist if n.__class__.__name__.endswith("TranslateNode")
    ]
    remembered = [isinstance(n, ConstantTranslateNode) for n in nodes]
    assert remembered == [True, True, False, False, False, True]
