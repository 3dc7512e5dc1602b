from django.http import HttpRequest, JsonResponse

from nyata.core import health as checks


def health(request: HttpRequest) -> JsonResponse:
    """For a load balancer: 200 with each part's state when everything serves, 503 naming what does not
    (nyata.core.health). No login; answered by HealthMiddleware before host checks and HTTPS redirects,
    which a load balancer probing by address over plain HTTP would otherwise fail."""
    if request.method not in ("GET", "HEAD"):
        return JsonResponse({"status": "method not allowed"}, status=405)
    healthy, body = checks.report()
    response = JsonResponse(body, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response
