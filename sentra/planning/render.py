"""The plan page's two big tables rendered in Python: 200 activities and 60 indicators through the template
language took ~400 ms per page (bench/plan_bench.py); format_html does the same escaping in a few ms."""

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


def num(value, decimals: int = 2) -> str:
    """A number as the active language writes it (1.349 / 76,6), without trailing zeros."""
    if value is None:
        return "–"
    value = float(value)
    if value.is_integer():
        return number_format(int(value), force_grouping=True)
    text = number_format(round(value, decimals), decimal_pos=decimals, force_grouping=True)
    sep = number_format(0.5, decimal_pos=1)[1]
    return text.rstrip("0").rstrip(sep) if sep in text else text


def activity_tables(plan, programmes, editable: bool) -> SafeString:
    """programmes carry `activity_rows` (dicts from selectors.plan_page)."""
    from sentra.planning.models import Activity

    status = dict(Activity.Status.choices)
    over_label = format_html(' <span class="badge no">{}</span>', _("melebihi pagu"))
    edit_base = reverse("planning:activity_edit", args=[plan.year, 0])[: -len("0/")]
    head_row = format_html(
        '<thead><tr><th>{}</th><th>{}</th><th>{}</th><th class="num">{}</th><th class="num">{}</th><th>{}</th>'
        "</tr></thead>",
        _("Kegiatan"),
        _("Bulan"),
        _("Penanggung jawab"),
        _("Pagu (Rp)"),
        _("Realisasi (Rp)"),
        _("Status"),
    )
    empty = format_html('<tr><td colspan="6">{}</td></tr>', _("Belum ada kegiatan."))
    out = []
    for p in programmes:
        head = format_html("<h3>{}", p.name)
        if editable:
            head += format_html(
                ' <small><a href="{}">{}</a> · <a href="{}?program={}">{}</a></small>',
                reverse("planning:programme_edit", args=[plan.year, p.pk]),
                _("Ubah"),
                reverse("planning:activity_create", args=[plan.year]),
                p.pk,
                _("+ Kegiatan"),
            )
        out.append(head + mark_safe("</h3>"))
        rows = []
        for a in p.activity_rows:
            name = (
                format_html('<a href="{}{}/">{}</a>', edit_base, a["id"], a["name"])
                if editable
                else format_html("{}", a["name"])
            )
            if a["program__title"]:
                name += format_html('<br><small class="muted">{}</small>', a["program__title"])
            if a["link"]:
                name += format_html('<br><small class="muted">{}</small>', a["link"])
            start, end = a["start_month"], a["end_month"]
            months = str(start) if end == start else f"{start}–{end}"
            who = []
            if a["responsible_user__username"]:
                full = f"{a['responsible_user__first_name']} {a['responsible_user__last_name']}".strip()
                who.append(full or a["responsible_user__username"])
            if a["responsible_partner__name"]:
                who.append(a["responsible_partner__name"])
            rows.append(
                format_html(
                    '<tr><td>{}</td><td>{}</td><td>{}</td><td class="num">{}</td><td class="num">{}{}</td>'
                    "<td>{}</td></tr>",
                    name,
                    months,
                    ", ".join(who),
                    num(a["budget_ceiling"]),
                    num(a["budget_spent"]),
                    over_label if a["over_ceiling"] else "",
                    status.get(a["status"], a["status"]),
                )
            )
        body = mark_safe("".join(rows)) if rows else empty  # noqa: S308 - each row built by format_html
        out.append(format_html('<div class="table-wrap"><table>{}<tbody>{}</tbody></table></div>', head_row, body))
    return mark_safe("".join(out))  # noqa: S308 - every part built by format_html


def indicator_rows_html(plan, rows, *, editable: bool, actions: bool) -> SafeString:
    from sentra.planning.models import Indicator

    out = []
    edit_label, realisation_label, manual_label = _("Ubah"), _("Realisasi"), _("isian manual")
    directions = dict(Indicator.Direction.choices)
    for r in rows:
        ind = r.indicator
        if r.source_lost:
            source = format_html(
                '<span class="badge no">{}</span>', _("sumber angka “%(code)s” hilang") % {"code": ind.figure}
            )
        elif r.bound:
            source = format_html(
                '<span class="badge ok">{}</span> <small class="muted">{}</small>', r.figure_label, ind.figure
            )
        else:
            source = format_html("{}", manual_label)
            if ind.evidence:
                ev = ind.evidence if len(ind.evidence) <= 60 else ind.evidence[:59] + "…"
                source += format_html('<br><small class="muted">{}</small>', ev)
        action = ""
        if actions:
            links = []
            if editable:
                links.append(
                    format_html(
                        '<a href="{}">{}</a>', reverse("planning:indicator_edit", args=[plan.year, ind.pk]), edit_label
                    )
                )
            if not r.bound:
                links.append(
                    format_html(
                        '<a href="{}">{}</a>',
                        reverse("planning:realisation", args=[plan.year, ind.pk]),
                        realisation_label,
                    )
                )
            action = format_html("<td>{}</td>", mark_safe(" ".join(links)))  # noqa: S308
        out.append(
            format_html(
                '<tr{}><td>{}<br><small class="muted">{}</small></td><td>{}</td><td class="num">{}</td>'
                '<td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td>{}</td>'
                '<td style="min-width:10rem">{}</td>{}</tr>',
                mark_safe(' class="lost"') if r.source_lost else "",
                ind.name,
                directions.get(ind.direction, ind.direction),
                ind.unit,
                num(ind.baseline),
                num(ind.target),
                num(r.actual),
                "–" if r.achieved is None else num(r.achieved, 1) + "%",
                source,
                r.chart,
                action,
            )
        )
    if not out:
        return format_html('<tr><td colspan="9">{}</td></tr>', _("Belum ada indikator."))
    return mark_safe("".join(out))  # noqa: S308 - every row built by format_html


__all__ = ["activity_tables", "indicator_rows_html", "num", "format_html_join"]
