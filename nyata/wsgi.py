import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nyata.settings")

from django.urls import get_resolver  # noqa: E402

django_application = get_wsgi_application()

# After Django is set up: the lighter stack's module imports models.
from nyata.core import deployment, public_path  # noqa: E402

# Every view module is imported now, not by the first request a worker answers.
get_resolver().url_patterns  # noqa: B018

# Without NYATA_ENV=production and with the published development key, only this machine is answered.
application = deployment.guard(public_path.dispatch(django_application))
