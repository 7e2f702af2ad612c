from django import template

register = template.Library()


@register.filter
def staff_name(user) -> str:
    """A staff member's name in Chinese order (surname first), else the username."""
    if not user:
        return ""
    return f"{user.last_name}{user.first_name}".strip() or user.get_username()
