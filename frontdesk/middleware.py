from django.conf import settings
from django.middleware.locale import LocaleMiddleware
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
