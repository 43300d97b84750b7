from django import template

from sentra.programs.selectors import business_trainings as training_rows

register = template.Library()


@register.inclusion_tag("programs/_business_trainings_table.html")
def business_trainings(business):
    """Training history and outcomes of one business (shown on the registry's business page)."""
    return {"rows": training_rows(business)}
