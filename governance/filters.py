"""One way to read a list's filter parameters (``?group=12``, ``?year=2025``) from the
query string.

A value that is not a plain whole number within range is ignored, as if it were not
there: a bad link shows the unfiltered list, never a 500. ``str.isdigit`` is not
enough: it accepts "²" (which ``int`` refuses) and numbers too large for a database key.
"""

import re
from collections.abc import Container

# ASCII digits only; 18 of them always fit a 64-bit database key.
_WHOLE_NUMBER = re.compile(r"[0-9]{1,18}")


def parse_whole_number(raw, *, allowed: Container[int] | None = None) -> int | None:
    if not isinstance(raw, str) or not _WHOLE_NUMBER.fullmatch(raw):
        return None
    value = int(raw)
    if allowed is not None and value not in allowed:
        return None
    return value


def whole_number(params, name: str, *, allowed: Container[int] | None = None) -> int | None:
    """The parameter as a whole number, or None if it is missing, malformed, out of
    range or not among `allowed`."""
    return parse_whole_number(params.get(name), allowed=allowed)
