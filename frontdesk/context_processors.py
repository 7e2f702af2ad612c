from .menu import menu_for
from .scoping import DESK_ESTATE_SESSION_KEY, estates_for


def desk(request):
    """The shell's data: menu, estates for the switcher, unread notifications."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "menu_groups": menu_for(user, request.path),
        "my_estates": estates_for(user),
        "current_estate_id": request.session.get(DESK_ESTATE_SESSION_KEY),
        "unread_notifications": user.notifications.filter(read_at__isnull=True).count(),
    }
