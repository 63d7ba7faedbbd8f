"""A request id on every request, and structured (JSON) logs that carry it.

Each request gets an id, returned in the X-Request-ID response header and added to every
log line written while the request runs, so one person's "it failed at 10:32" leads to
its lines. The id is generated here unless REQUEST_ID_HEADER names a header that a proxy
of ours sets (and replaces when a client sends it): only then is the incoming value used,
and only if it looks like an id, so a client cannot forge or inject log lines.

LOG_FORMAT=json writes each log record as one JSON object a line (time, level, logger,
message, request id, exception) for a log collector; the default is plain text.
"""

import json
import logging
import re
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

from django.conf import settings

RESPONSE_HEADER = "X-Request-ID"
# Letters, digits and . _ : - up to 128 characters: what proxies' ids look like, and
# nothing that could break a log line.
ACCEPTED_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
NO_REQUEST = "-"

_current = ContextVar("request_id", default=NO_REQUEST)


def current_request_id() -> str:
    return _current.get()


def _incoming(request) -> str | None:
    header = settings.REQUEST_ID_HEADER
    if not header:
        return None
    value = request.headers.get(header, "")
    return value if ACCEPTED_ID.fullmatch(value) else None


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = _incoming(request) or uuid.uuid4().hex
        request.request_id = request_id
        token = _current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[RESPONSE_HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (NO_REQUEST outside a request: tasks, commands)."""

    def filter(self, record):
        record.request_id = _current.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", NO_REQUEST),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
