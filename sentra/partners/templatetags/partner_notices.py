from django import template

from sentra.partners.selectors import open_notices

register = template.Library()


@register.inclusion_tag("partners/_dashboard_notices.html", takes_context=True)
def partner_notices(context):
    """Reminders for office staff (agreements about to end) on the staff dashboard."""
    user = context.get("user")
    notices = list(open_notices()[:10]) if user is not None and getattr(user, "is_office", False) else []
    return {"notices": notices, "csrf_token": context.get("csrf_token")}
