import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nyata.settings")

from nyata.core import deployment  # noqa: E402  (after the settings module is named)

# Without NYATA_ENV=production and with the published development key, only this machine is answered.
application = deployment.guard(get_wsgi_application())
