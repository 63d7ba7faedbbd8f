"""The product's settings, plus a plain Django admin beside it to compare against.

Used only by the benchmark (DJANGO_SETTINGS_MODULE=bench.settings): production runs
thscp.settings, which has no such admin.
"""

from thscp.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
