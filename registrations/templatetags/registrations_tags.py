"""Template helpers of the registrations pages."""

from django import forms, template
from django.urls import reverse
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def inbox_count_rows(rows, statuses, year):
    """The body rows of the inbox counts panel (communes × statuses, each count a link to the inbox filtered
    on that commune, status and year), written in Python: through the template language (a loop over each
    row's counts inside the loop over the statuses, and a {% url %} per count) the panel was most of the
    review inbox's ~510 loop iterations and ~190 reverse() calls per page at the nation preset (a district's
    33 communes × 9 statuses; issue 11, bench/README.md). The inbox URL is reversed once; only integers,
    status codes and escaped names and labels go in."""
    prefix = f"{reverse('registrations:inbox')}?year={escape(year)}&amp;commune=" if year else None
    labels = [(str(value), conditional_escape(label)) for value, label in statuses]
    out = []
    for row in rows:
        commune = conditional_escape(row["commune"])
        counts = row["counts"]
        cells = [f"<tr><td>{commune}</td>"]
        for value, label in labels:
            n = counts.get(value)
            if n is None:
                cells.append("<td></td>")
            elif prefix is not None:
                cells.append(f'<td><a href="{prefix}{int(row["commune_id"])}&amp;status={escape(value)}" '
                             f'title="{commune}: {label}">{int(n)}</a></td>')
            else:
                cells.append(f"<td>{int(n)}</td>")
        cells.append(f"<td>{int(row['total'])}</td></tr>")
        out.append("".join(cells))
    return mark_safe("\n".join(out))  # noqa: S308 - built above from integers and escaped text


def _attrs(attrs: dict) -> str:
    """HTML attributes as django/forms/widgets/attrs.html writes them (False left out, True bare)."""
    return "".join(
        "" if value is False else f" {escape(name)}" if value is True else f' {escape(name)}="{escape(str(value))}"'
        for name, value in attrs.items()
    )


@register.simple_tag
def filter_widget(bound_field):
    """A list filter's field as its widget's HTML. A select is written here from Django's own widget context
    (the same options, selection, id and attributes as `as_widget`), not through Django's templates, which
    render each option through an include: a province's ~100 communes, the statuses, kinds and sectors made
    the filter form a sixth of the staff lists' time at the nation preset (issue 11). Other widgets render
    as Django renders them."""
    widget = bound_field.field.widget
    if type(widget) is not forms.Select:
        return bound_field.as_widget()
    # the attributes BoundField.as_widget passes (required, disabled, aria-*, the id)
    attrs = bound_field.build_widget_attrs({}, widget)
    if bound_field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound_field.auto_id)
    context = widget.get_context(bound_field.html_name, bound_field.value(), attrs)["widget"]
    # as the templates write them: labels and names through autoescape (conditional_escape), values and
    # attributes through stringformat (always escaped)
    out = [f'<select name="{conditional_escape(context["name"])}"{_attrs(context["attrs"])}>']
    for group_name, options, _index in context["optgroups"]:
        if group_name:
            out.append(f'<optgroup label="{conditional_escape(group_name)}">')
        out += [f'<option value="{escape(str(option["value"]))}"{_attrs(option["attrs"])}>{conditional_escape(option["label"])}</option>'
                for option in options]
        if group_name:
            out.append("</optgroup>")
    out.append("</select>")
    return mark_safe("\n".join(out))  # noqa: S308 - every value and label escaped above
