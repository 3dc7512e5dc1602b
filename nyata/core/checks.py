"""System checks of the deployment (`nyata check --deploy`)."""

from django.core import checks

from nyata.core import deployment


@checks.register(checks.Tags.security, deploy=True)
def development_key(app_configs, **kwargs) -> list[checks.CheckMessage]:
    if not deployment.uses_development_key():
        return []
    return [
        checks.Error(
            "The secret key is Nyata's published development key: anyone can forge a session with it.",
            hint="Set NYATA_SECRET_KEY to at least 50 random characters (and NYATA_ENV=production).",
            id="nyata.E001",
        )
    ]
