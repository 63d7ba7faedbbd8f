from django.conf import settings
from django.urls import reverse

from .navigation import areas_for


def partnership(request):
    user = getattr(request, "user", None)
    navigation = []
    if user is not None and user.is_authenticated:
        areas = areas_for(user)
        # The most specific area is the current one (/reviews/learning/ is Learning, not Reviews).
        matching = [area for area in areas if request.path.startswith(area.path_prefix)]
        current = max(matching, key=lambda area: len(area.path_prefix), default=None)
        for area in areas:
            navigation.append(
                {"label": area.label, "href": reverse(area.url_name), "active": area == current}
            )
    return {
        "partnership_name": settings.PARTNERSHIP_NAME,
        "partnership_short_name": settings.PARTNERSHIP_SHORT_NAME,
        "service_navigation": navigation,
    }
