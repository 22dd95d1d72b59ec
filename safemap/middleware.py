from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class SwitchOnlyLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose English with the language switch. The browser's
    Accept-Language is ignored: many Vietnamese phones are set to English, and the official
    letters describe the Vietnamese screens."""

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class TextGZipMiddleware(GZipMiddleware):
    """Compresses what Django renders as text (pages, JSON, CSV): a slow phone network gets the
    fill page in 5 KB instead of 44. Photos, signatures and XLSX are compressed already and keep
    their Content-Length. Against BREACH: Django pads each compressed response (Heal-the-Breach),
    masks the CSRF token differently in every response, and no page reflects a secret."""

    def process_response(self, request, response):
        kind = response.get("Content-Type", "").split(";")[0].strip()
        if not (kind.startswith("text/") or kind in COMPRESSIBLE):
            return response
        return super().process_response(request, response)


COMPRESSIBLE = {"application/json", "application/javascript", "image/svg+xml"}
