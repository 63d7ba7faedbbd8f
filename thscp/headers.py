"""Response headers Django and django-csp do not send: Permissions-Policy."""

from django.conf import settings


class PermissionsPolicyMiddleware:
    """Send `settings.PERMISSIONS_POLICY` on every response that has none.

    The service uses no camera, microphone, location, payment, USB or other powerful
    browser feature, so it denies them all, to itself and to anything it embeds: a
    script injected into a page (despite the Content Security Policy) cannot ask for them.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Permissions-Policy", self.policy)
        return response
