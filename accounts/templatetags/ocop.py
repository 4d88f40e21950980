"""Template filters for Vietnamese formats: money as "10.000.000 đ", dates dd/mm/yyyy."""

import datetime
from decimal import Decimal

from django import template
from django.utils import timezone

register = template.Library()


def format_vnd(amount, suffix: str = " đ") -> str:
    """10000000 → "10.000.000 đ"; None → ""."""
    if amount is None or amount == "":
        return ""
    value = int(Decimal(str(amount)).quantize(Decimal(1)))
    sign = "-" if value < 0 else ""
    return f"{sign}{abs(value):,}".replace(",", ".") + suffix


@register.filter
def vnd(amount):
    return format_vnd(amount)


@register.filter
def vn_number(value):
    return format_vnd(value, suffix="")


@register.filter
def vn_date(value):
    """A date or datetime (in Asia/Ho_Chi_Minh) as dd/mm/yyyy."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d/%m/%Y")
    return value.strftime("%d/%m/%Y")


@register.filter
def vn_datetime(value):
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%d/%m/%Y %H:%M")


@register.filter
def stars(value):
    """3 → "★★★"."""
    try:
        return "★" * int(value)
    except (TypeError, ValueError):
        return ""


@register.filter(name="issuer_line")
def issuer_line_filter(issuer):
    if not issuer:
        return ""
    if isinstance(issuer, str):
        return issuer
    return f"UBND {issuer.full_name.upper()}"


@register.filter
def file_size(num_bytes):
    """"8,1 KB", "21,0 MB" (accounts.text.file_size); Django's filesizeformat follows the active locale."""
    from accounts.text import file_size as format_size

    return format_size(num_bytes)


@register.simple_tag(takes_context=True)
def object_panels(context, obj):
    """`{% object_panels registration as panels %}`: what higher apps show about `obj` (accounts.portal)."""
    from accounts.portal import object_panels as collect

    return collect(obj, context["request"].user)
