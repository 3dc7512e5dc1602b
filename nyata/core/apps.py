from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "nyata.core"
    label = "core"

    def ready(self) -> None:
        from nyata.core import checks  # noqa: F401  (registers the deployment checks)
