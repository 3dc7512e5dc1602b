from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "nyata.core"
    label = "core"
