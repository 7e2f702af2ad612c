from csp.constants import UNSAFE_INLINE
from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils import translation


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
