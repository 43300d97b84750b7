"""{% page_poll %}: the quick poll staff attached to the current page's path (nothing when none).
base.html calls it once for every page, so a poll can be attached to any public page by its path."""

from django import template
from django.db import DatabaseError

from sentra.engagement import selectors

register = template.Library()


@register.inclusion_tag("engagement/_poll.html", takes_context=True)
def page_poll(context):
    request = context.get("request")
    if request is None:
        return {"poll": None}
    try:
        poll = selectors.poll_for_path(request.path)
    except DatabaseError:  # a poll never breaks the page it sits on (e.g. an error page while the DB is down)
        return {"poll": None}
    if poll is None:
        return {"poll": None}
    from sentra.engagement.models import PollVote
    from sentra.engagement.views import voter_id

    voter = voter_id(request)
    voted = bool(voter) and PollVote.objects.filter(poll=poll, voter=voter).exists()
    from sentra.engagement.services import poll_options

    return {
        "poll": poll,
        "options": list(enumerate(poll_options(poll))),
        "voted": voted,
        "results": selectors.poll_results(poll) if voted else None,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def get_item(mapping, key):
    try:
        return mapping[key]
    except (KeyError, IndexError, TypeError):
        return None
