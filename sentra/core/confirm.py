"""One confirmation step for every destructive action, without JavaScript.

A destructive view is a POST. Its button posts as usual; the view calls `confirmation(...)`
first, which answers a page that says what will happen, with the same fields re-posted plus
`_confirmed=1`. Only that second POST goes through. Nothing is changed by the first one.
"""

from django.shortcuts import render

CONFIRM_FIELD = "_confirmed"


def is_confirmed(request) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == "1"


def confirmation(request, *, title, consequences, confirm_label, cancel_url, danger=True, status=200):
    """None when the POST carries the confirmation, else the confirmation page to return.

    `consequences` is a list of sentences: what will happen (and what cannot be undone)."""
    if is_confirmed(request):
        return None
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in {"csrfmiddlewaretoken", CONFIRM_FIELD}
        for value in values
    ]
    return render(
        request,
        "confirm.html",
        {
            "title": title,
            "consequences": [c for c in consequences if c],
            "confirm_label": confirm_label,
            "cancel_url": cancel_url,
            "fields": fields,
            "action": request.get_full_path(),
            "danger": danger,
            "confirm_field": CONFIRM_FIELD,
        },
        status=status,
    )
