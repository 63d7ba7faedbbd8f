import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thscp.settings")

application = get_wsgi_application()

# gunicorn and runserver both load this module: neither starts without a secret key.
from thscp.startup import refuse_to_start_without_a_secret_key  # noqa: E402

refuse_to_start_without_a_secret_key()
