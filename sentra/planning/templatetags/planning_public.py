from django import template

from sentra.planning.selectors import headline_rows

register = template.Library()


@register.inclusion_tag("planning/_public_headline.html")
def work_plan_headline():
    """The approved plan's headline indicators and their progress (aggregate figures only)."""
    plan, rows = headline_rows()
    return {"plan": plan, "rows": rows}
