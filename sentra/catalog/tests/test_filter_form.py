"""The listing's filter form shares its fields between instances (forms.SharedFields): each form
still validates and reports on its own data."""

from django.http import QueryDict

from sentra.catalog.forms import CatalogFilterForm


def test_instances_share_the_fields_instead_of_copying_them():
    first, second = CatalogFilterForm(), CatalogFilterForm()
    assert first.fields["q"] is CatalogFilterForm.base_fields["q"]
    assert first.fields["category"] is second.fields["category"]
    # ... but each form has its own field dict, so that one form's ordering cannot reach the next
    assert first.fields is not second.fields


def test_one_forms_errors_do_not_reach_the_next():
    bad = CatalogFilterForm(QueryDict("q=batik&price_max=-5&page=0&category=bukan-kategori"))
    assert not bad.is_valid()
    assert set(bad.errors) == {"price_max", "page", "category"}
    assert bad.filters()["q"] == "batik"
    assert bad.page_number() == 1

    good = CatalogFilterForm(QueryDict("q=kopi&price_max=50000&page=3&export_ready=on"))
    assert good.is_valid(), good.errors
    assert good.filters() == {
        "q": "kopi",
        "category": "",
        "district": None,
        "certification": "",
        "export_ready": True,
        "price_max": 50000,
        "halal": False,
    }
    assert good.page_number() == 3
    # the invalid form's messages are still its own, in Indonesian
    assert "price_max" not in good.errors
    assert bad.errors["price_max"] == ["Pastikan nilai ini lebih besar dari atau sama dengan 0."]
