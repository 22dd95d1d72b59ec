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


class NoStoreUnlessPublicMiddleware:
    """Nothing is kept in a browser's or a proxy's cache unless its view says it is public.
    Phones and office PCs are shared: with ``max-age`` (or no header at all, which lets
    browsers guess) the next person on the machine can open a facility's photos, an officer's
    lists or an export from the cache or the back button. Views that serve public data mark
    it ``Cache-Control: public`` (the public map data, revalidated by its ETag). Static files
    never reach this: WhiteNoise answers them further out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        directives = {
            d.split("=", 1)[0].strip().lower() for d in response.get("Cache-Control", "").split(",")
        }
        if "public" not in directives:
            response["Cache-Control"] = "private, no-store"
            if "Expires" in response:
                del response["Expires"]
        return response


class PermissionsPolicyMiddleware:
    """Every page turns off the browser features SafeMap does not use, so a script that
    slipped in cannot open the camera, the microphone or read the position. The few views
    that need one (the fill page's camera, the location picker) are named in
    ``PERMISSIONS_POLICY_VIEWS`` and get it for their own origin only."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.default = dict(settings.PERMISSIONS_POLICY)
        self.per_view = {
            name: self._header({**self.default, **allowed})
            for name, allowed in settings.PERMISSIONS_POLICY_VIEWS.items()
        }
        self.default_header = self._header(self.default)

    @staticmethod
    def _header(policy: dict[str, list[str]]) -> str:
        return ", ".join(f"{feature}=({' '.join(origins)})" for feature, origins in policy.items())

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        response.setdefault(
            "Permissions-Policy", self.per_view.get(match and match.view_name, self.default_header)
        )
        return response


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
