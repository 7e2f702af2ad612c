import logging
import time

from csp.constants import UNSAFE_INLINE
from django.conf import settings
from django.db import connection
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject, empty

from .logging import REQUEST_ID_HEADER, request_id_from, request_id_var
from .scoping import DESK_ESTATE_SESSION_KEY

request_logger = logging.getLogger("frontdesk.request")


class DeskLocaleMiddleware(LocaleMiddleware):
    """Chinese unless the user picked another language in the switcher (its cookie).

    The browser's Accept-Language is ignored: desk PCs often run an English system, and the
    office works in Chinese.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if not translation.check_for_language(language):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


def csp_scope(get_response):
    """Fits django-csp's policy (CONTENT_SECURITY_POLICY) to what it protects.

    Sits below ``csp.middleware.CSPMiddleware`` in MIDDLEWARE, so it marks the response first:
    - The Django admin's own templates and django-import-export's carry some inline style and
      an inline ``onchange`` handler: admin pages also allow inline script and style. Desk
      pages (everything else) keep the strict policy.
    - Files (PDFs opened inline, spreadsheets) get no policy: it is for our HTML pages, and
      must not get in the way of the browser's own PDF viewer.
    """
    admin_prefix = None

    def middleware(request):
        nonlocal admin_prefix
        response = get_response(request)
        if admin_prefix is None:
            admin_prefix = reverse("admin:index")
        if not response.get("Content-Type", "").startswith("text/html"):
            response._csp_exempt = True
        elif request.path_info.startswith(admin_prefix):
            response._csp_update = {"script-src": [UNSAFE_INLINE], "style-src": [UNSAFE_INLINE]}
        return response

    return middleware


def request_log(get_response):
    """One log line per request (logger ``frontdesk.request``), and its request id.

    First in MIDDLEWARE, so the duration covers the whole stack and every response, a redirect
    or an error page included, carries ``X-Request-ID``. The line has the path without its query
    string (searches carry names and phone numbers), the status, the duration, the number of
    database queries, the user and the estate the desk is narrowed to. The user and the estate
    are read only if the request loaded them: logging must not cost a query.
    """

    def middleware(request):
        request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id
        token = request_id_var.set(request_id)
        queries = 0

        def count(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        try:
            started = time.perf_counter()
            with connection.execute_wrapper(count):
                response = get_response(request)
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            response[REQUEST_ID_HEADER] = request_id
            user = _loaded_user(request)
            authenticated = user is not None and user.is_authenticated
            fields = {
                "request_id": request_id,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "queries": queries,
                "user_id": user.pk if authenticated else None,
                "username": user.get_username() if authenticated else None,
                "estate_id": _estate_id(request, user) if authenticated else None,
            }
            request_logger.log(
                logging.DEBUG if _is_routine(request) else logging.INFO,
                "%(method)s %(path)s %(status)s %(duration_ms)sms queries=%(queries)s"
                " user=%(username)s estate=%(estate_id)s",
                fields,
                extra=fields,
            )
            return response
        finally:
            request_id_var.reset(token)

    return middleware


def _loaded_user(request):
    """``request.user`` if something in the request already looked it up, else None."""
    user = request.__dict__.get("user")
    if isinstance(user, SimpleLazyObject):
        return None if user._wrapped is empty else user._wrapped
    return user


def _estate_id(request, user) -> int | None:
    """The estate the desk shows: the switcher's choice, else the user's only estate."""
    chosen = request.session.get(DESK_ESTATE_SESSION_KEY)  # loaded with the user already
    if chosen is not None:
        return chosen
    estates = getattr(user, "_estates", None)  # cached by scoping.estates_for, if it ran
    return estates[0].pk if estates is not None and len(estates) == 1 else None


def _is_routine(request) -> bool:
    """Static files and the load balancer's health checks: logged at DEBUG, not INFO."""
    match = getattr(request, "resolver_match", None)
    return request.path.startswith(settings.STATIC_URL) or (
        match is not None and match.view_name == "healthz"
    )
