"""The plan page's two big tables rendered in Python: 200 activities and 60 indicators through the template
language took ~400 ms per page (bench/plan_bench.py); plain strings with every text escaped take a few ms."""

from django.urls import reverse
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


class Numbers:
    """Numbers as the active language writes them (1.349 / 76,6), separators read once per table."""

    def __init__(self):
        self.thousands = get_format("THOUSAND_SEPARATOR")
        self.decimal = get_format("DECIMAL_SEPARATOR")

    def __call__(self, value, decimals: int = 2) -> str:
        if value is None:
            return "–"
        value = float(value)
        if value.is_integer():
            text = f"{int(value):,}"
        else:
            text = f"{value:,.{decimals}f}".rstrip("0").rstrip(".")
        return text.replace(",", "\x00").replace(".", self.decimal).replace("\x00", self.thousands)


def num(value, decimals: int = 2) -> str:
    return Numbers()(value, decimals)


def _base(url_name: str) -> str:
    """The escaped URL of `url_name` without its trailing "<pk>/": the pk is appended per row."""
    return escape(reverse(url_name, args=[0])[: -len("0/")])


def _realises(a: dict, bases: dict, idea_categories: dict) -> str:
    """Links to what the activity realises: program, session, order round, idea (labels escaped)."""
    links = []
    if a["program_id"]:
        links.append(f'<a href="{bases["program"]}{a["program_id"]}/">{escape(a["program__title"])}</a>')
    if a["session_id"]:
        links.append(f'<a href="{bases["session"]}{a["session_id"]}/">{escape(a["session__title"])}</a>')
    if a["order_round_id"]:
        links.append(f'<a href="{bases["round"]}{a["order_round_id"]}/">{escape(a["order_round__title"])}</a>')
    if a["idea_id"]:
        label = _("Aspirasi #%(n)s") % {"n": a["idea_id"]}
        category = idea_categories.get(a["idea__category"])
        label = f"{label} · {category}" if category else label
        links.append(f'<a href="{bases["idea"]}{a["idea_id"]}/">{escape(label)}</a>')
    if a["link"]:
        links.append(escape(a["link"]))
    return f'<br><small class="muted realises">{" · ".join(links)}</small>' if links else ""


def activity_tables(plan, programmes, editable: bool) -> SafeString:
    """programmes carry `activity_rows` (dicts from selectors.plan_page)."""
    from django.apps import apps

    from sentra.planning.models import Activity

    n = Numbers()
    bases = {
        "program": _base("programs:program_detail"),
        "session": _base("programs:session_detail"),
        "round": _base("orders:round_detail"),
        "idea": _base("engagement:idea_detail"),
    }
    idea_categories = dict(apps.get_model("engagement", "Idea").Category.choices)
    status = {k: escape(v) for k, v in Activity.Status.choices}
    over_label = f' <span class="badge no">{escape(_("melebihi pagu"))}</span>'
    edit_base = escape(reverse("planning:activity_edit", args=[plan.year, 0])[: -len("0/")])
    head_row = (
        f"<thead><tr><th>{escape(_('Kegiatan'))}</th><th>{escape(_('Bulan'))}</th>"
        f'<th>{escape(_("Penanggung jawab"))}</th><th class="num">{escape(_("Pagu (Rp)"))}</th>'
        f'<th class="num">{escape(_("Realisasi (Rp)"))}</th><th>{escape(_("Status"))}</th></tr></thead>'
    )
    empty = f'<tr><td colspan="6">{escape(_("Belum ada kegiatan."))}</td></tr>'
    edit_label, add_label = escape(_("Ubah")), escape(_("+ Kegiatan"))
    add_url = escape(reverse("planning:activity_create", args=[plan.year]))
    out = []
    for p in programmes:
        head = f"<h3>{escape(p.name)}"
        if editable:
            edit_url = escape(reverse("planning:programme_edit", args=[plan.year, p.pk]))
            head += (
                f' <small><a href="{edit_url}">{edit_label}</a> · '
                f'<a href="{add_url}?program={p.pk}">{add_label}</a></small>'
            )
        out.append(head + "</h3>")
        rows = []
        for a in p.activity_rows:
            name = escape(a["name"])
            if editable:
                name = f'<a href="{edit_base}{a["id"]}/">{name}</a>'
            name += _realises(a, bases, idea_categories)
            start, end = a["start_month"], a["end_month"]
            months = str(start) if end == start else f"{start}–{end}"
            who = []
            if a["responsible_user__username"]:
                full = f"{a['responsible_user__first_name']} {a['responsible_user__last_name']}".strip()
                who.append(full or a["responsible_user__username"])
            if a["responsible_partner__name"]:
                who.append(a["responsible_partner__name"])
            rows.append(
                f"<tr><td>{name}</td><td>{months}</td><td>{escape(', '.join(who))}</td>"
                f'<td class="num">{n(a["budget_ceiling"])}</td><td class="num">{n(a["budget_spent"])}'
                f"{over_label if a['over_ceiling'] else ''}</td><td>{status.get(a['status'], '')}</td></tr>"
            )
        body = "".join(rows) or empty
        out.append(f'<div class="table-wrap"><table>{head_row}<tbody>{body}</tbody></table></div>')
    return mark_safe("".join(out))  # noqa: S308 - every text above went through escape()


def indicator_rows_html(plan, rows, *, editable: bool, actions: bool) -> SafeString:
    from sentra.planning.models import Indicator

    n = Numbers()
    out = []
    edit_label, realisation_label = escape(_("Ubah")), escape(_("Realisasi"))
    manual_label = escape(_("isian manual"))
    directions = {k: escape(v) for k, v in Indicator.Direction.choices}
    edit_base = escape(reverse("planning:indicator_edit", args=[plan.year, 0])[: -len("0/")])
    for r in rows:
        ind = r.indicator
        if r.source_lost:
            lost = _("sumber angka “%(code)s” hilang") % {"code": ind.figure}
            source = f'<span class="badge no">{escape(lost)}</span>'
        elif r.bound:
            source = (
                f'<span class="badge ok">{escape(r.figure_label)}</span> <small class="muted">{escape(ind.figure)}'
                "</small>"
            )
        else:
            source = manual_label
            if ind.evidence:
                ev = ind.evidence if len(ind.evidence) <= 60 else ind.evidence[:59] + "…"
                source += f'<br><small class="muted">{escape(ev)}</small>'
        action = ""
        if actions:
            links = []
            if editable:
                links.append(f'<a href="{edit_base}{ind.pk}/">{edit_label}</a>')
            if not r.bound:
                links.append(f'<a href="{edit_base}{ind.pk}/realisasi/">{realisation_label}</a>')
            action = f"<td>{' '.join(links)}</td>"
        achieved = "–" if r.achieved is None else n(r.achieved, 1) + "%"
        lost_attr = ' class="lost"' if r.source_lost else ""
        out.append(
            f"<tr{lost_attr}><td>{escape(ind.name)}<br>"
            f'<small class="muted">{directions.get(ind.direction, "")}</small></td><td>{escape(ind.unit)}</td>'
            f'<td class="num">{n(ind.baseline)}</td><td class="num">{n(ind.target)}</td>'
            f'<td class="num">{n(r.actual)}</td><td class="num">{achieved}</td><td>{source}</td>'
            f'<td style="min-width:10rem">{r.chart}</td>{action}</tr>'
        )
    if not out:
        return mark_safe(f'<tr><td colspan="9">{escape(_("Belum ada indikator."))}</td></tr>')  # noqa: S308
    return mark_safe("".join(out))  # noqa: S308 - every text above went through escape()
