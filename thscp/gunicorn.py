"""gunicorn's settings for the web process: `gunicorn -c python:thscp.gunicorn thscp.wsgi`.

gunicorn lets a trusted peer (by default any client on 127.0.0.1) set SCRIPT_NAME and
PATH_INFO through request headers. No proxy of ours sends them, and a client that can
reach the app from a trusted address could use them to move the request's path, so
none is taken from a header.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")  # noqa: S104 - inside the container
forwarder_headers = ""
accesslog = "-"
# Heartbeat files in memory: a container's /tmp may be on a slow overlay disk.
worker_tmp_dir = "/dev/shm"  # noqa: S108
