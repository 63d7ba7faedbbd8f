from django.conf import settings
from django.urls import reverse

from .navigation import areas_for


def partnership(request):
    user = getattr(request, "user", None)
    navigation = []
    if user is not None and user.is_authenticated:
        for area in areas_for(user):
            navigation.append(
                {
                    "label": area.label,
                    "href": reverse(area.url_name),
                    "active": request.path.startswith(area.path_prefix),
                }
            )
    return {
        "partnership_name": settings.PARTNERSHIP_NAME,
        "partnership_short_name": settings.PARTNERSHIP_SHORT_NAME,
        "service_navigation": navigation,
    }
