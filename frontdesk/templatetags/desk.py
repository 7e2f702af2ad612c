from django import template
from django.urls import reverse

register = template.Library()

# A list of many rows links each to its object: one reverse() per page, not per row.
ID_SLOT = "2147483647"


def url_with_id_slot(name: str) -> str:
    """``name``'s URL for an object id still to fill in with ``|with_id``."""
    return reverse(name, args=[ID_SLOT])


@register.filter
def with_id(url: str, pk) -> str:
    return url.replace(ID_SLOT, str(pk))


@register.filter
def staff_name(user) -> str:
    """A staff member's name in Chinese order (surname first), else the username."""
    if not user:
        return ""
    return f"{user.last_name}{user.first_name}".strip() or user.get_username()
