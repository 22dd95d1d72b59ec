from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def production_settings_check(app_configs, **kwargs):
    problems = []
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        problems.append(
            Warning("SQLite is the demo database.", hint="Set DATABASE_URL=postgres://…", id="safemap.W001")
        )
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        problems.append(
            Warning(
                "The embedded filesystem broker is single-host.",
                hint="Set CELERY_BROKER_URL=redis://…",
                id="safemap.W002",
            )
        )
    if "console" in settings.EMAIL_BACKEND or "locmem" in settings.EMAIL_BACKEND:
        problems.append(
            Warning("Email is not delivered.", hint="Set EMAIL_BACKEND and EMAIL_HOST.", id="safemap.W003")
        )
    if settings.SECRET_KEY.startswith("dev-only"):
        problems.append(
            Error("SECRET_KEY is the development key.", hint="Set SECRET_KEY.", id="safemap.E001")
        )
    return problems


@register()
def map_tiles_check(app_configs, **kwargs):
    url = settings.MAP_TILE_URL
    if url and not all(part in url for part in ("{z}", "{x}", "{y}")):
        return [Error(f"MAP_TILE_URL={url} lacks {{z}}, {{x}} or {{y}}.", id="safemap.E002")]
    return []


@register()
def rules_check(app_configs, **kwargs):
    if settings.ASSESSMENT_PERIOD_DAYS < 1 or settings.ASSESSMENT_GRACE_DAYS < 0:
        return [Error("ASSESSMENT_PERIOD_DAYS must be ≥ 1 and ASSESSMENT_GRACE_DAYS ≥ 0.", id="safemap.E003")]
    return []
