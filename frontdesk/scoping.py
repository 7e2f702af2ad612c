"""Estate scoping and role checks: every read of estate-owned rows goes through here.

A model names the path to its estate in ``estate_lookup`` (``"estate"``, ``"unit__estate"``).
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

M = TypeVar("M", bound=Model)


def estates_for(user: Any) -> list:
    """The estates a user works in (every estate for a superuser), loaded once per request."""
    if not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, "_estates", None)
    if cached is None:
        from owners.models import Estate

        estates = Estate.objects.only("id", "code", "name")
        cached = list(estates if user.is_superuser else estates.filter(staff__user=user))
        user._estates = cached
    return cached


def estate_ids_for(user: Any) -> frozenset[int] | None:
    """The ids of the estates a user works in; None means all (superusers)."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return None
    return frozenset(estate.pk for estate in estates_for(user))


def scope(queryset: QuerySet[M], user: Any) -> QuerySet[M]:
    """Rows of ``queryset`` that belong to the user's estates."""
    ids = estate_ids_for(user)
    if ids is None:
        return queryset
    lookup = getattr(queryset.model, "estate_lookup", "estate")
    return queryset.filter(**{f"{lookup}__in": ids})


def get_for_user_or_404(user: Any, queryset: QuerySet[M], **lookup: Any) -> M:
    """One row of the user's estates; another estate's row is a 404, never a leak."""
    try:
        return scope(queryset, user).get(**lookup)
    except ObjectDoesNotExist:
        raise Http404 from None


def role_names(user: Any) -> frozenset[str]:
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._role_names = cached
    return cached


def has_role(user: Any, *roles: str) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or bool(role_names(user) & set(roles))


def require_role(user: Any, *roles: str) -> None:
    if not has_role(user, *roles):
        raise PermissionDenied


def role_required(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Login required, then 403 unless the user has one of ``roles``."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        @login_required
        def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
            require_role(request.user, *roles)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


DESK_ESTATE_SESSION_KEY = "desk_estate"


def desk_estate_ids(request: Any) -> frozenset[int] | None:
    """The estates the desk pages show: the one picked in the switcher, else all of the user's."""
    ids = estate_ids_for(request.user)
    chosen = request.session.get(DESK_ESTATE_SESSION_KEY)
    if chosen is not None and (ids is None or chosen in ids):
        return frozenset({chosen})
    return ids


def desk_estates(request: Any) -> list:
    """The estates the desk's pages show: the switcher's choice, else all the user's."""
    ids = desk_estate_ids(request)
    return [e for e in estates_for(request.user) if ids is None or e.pk in ids]
