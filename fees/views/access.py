"""The order of checks of every fees page about one row (a unit, a charge, a payment, a
reversal request): signed in; then the row, found only in the user's estates, so another
estate's row is a 404 whatever the user's role (the page says nothing of it, not even that
it exists behind a role); then the role, a 403 inside the estate."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required

from frontdesk.scoping import get_for_user_or_404, require_role
from owners.selectors import unit_get

from .. import selectors
from ..models import Charge, ReversalRequest


def row_required(
    fetch: Callable[[Any, int], Any], *roles: str
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Call the view with the row ``fetch(user, pk)`` finds (a 404 outside the user's
    estates) in place of its ``pk``, once the user has one of ``roles`` (else a 403)."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        @login_required
        def wrapped(request: Any, pk: int, *args: Any, **kwargs: Any) -> Any:
            row = fetch(request.user, pk)
            require_role(request.user, *roles)
            return view(request, row, *args, **kwargs)

        return wrapped

    return decorator


def unit(user: Any, pk: int):
    return unit_get(user=user, pk=pk)


def charge(user: Any, pk: int) -> Charge:
    return get_for_user_or_404(user, Charge.objects.select_related("fee_type"), pk=pk)


def payment(user: Any, pk: int):
    return selectors.payment_get(user=user, pk=pk)


def reversal_request(user: Any, pk: int) -> ReversalRequest:
    return get_for_user_or_404(user, ReversalRequest.objects.all(), pk=pk)


def deposit(user: Any, pk: int):
    return selectors.deposit_get(user=user, pk=pk)
