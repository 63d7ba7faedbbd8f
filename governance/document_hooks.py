"""What an area that renders a key document adds to its sign-off.

governance never imports the areas built on it. thscp (the composition root) registers
here, in its AppConfig.ready, what the yearly report needs around governance's sign-off:

- `check_before_sign_off(version)` raises a ValidationError when the version may not go
  for sign-off (the report's Working Together checklist and its safety check);
- `version_page(version)` gives (link text, URL) of the area's own page of the version,
  shown to the signatories on the version's page, or None;
- `documents_tracking_sending()` gives the ids of the documents whose sending after
  publication the area tracks itself (per recipient), so governance's own
  "send it to the Panel" deadline and form stand aside for them.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentCompanion:
    check_before_sign_off: Callable
    version_page: Callable
    documents_tracking_sending: Callable[[], Iterable[int]]


_companions: list[DocumentCompanion] = []


def register(companion: DocumentCompanion) -> None:
    if companion not in _companions:
        _companions.append(companion)


def check_before_sign_off(version) -> None:
    for companion in _companions:
        companion.check_before_sign_off(version)


def version_pages(version) -> list[tuple[str, str]]:
    return [page for companion in _companions if (page := companion.version_page(version))]


def documents_tracking_sending() -> set[int]:
    found = set()
    for companion in _companions:
        found.update(companion.documents_tracking_sending())
    return found
