"""A citizen's valid answers to the public form, for tests."""

from django.test import Client
from django.urls import reverse

from nyata.surveys.models import Service


def form_data(answers=(4, 3, 3, 4, 3, 3, 4, 3, 2), **overrides) -> dict[str, str]:
    data = {
        "sex": "P",
        "age": "34",
        "education": "sma",
        "occupation": "wirausaha",
        "suggestion": "",
        "website": "",
    }
    data.update({f"u{i}": str(a) for i, a in enumerate(answers, start=1)})
    data.update(overrides)
    return data


def started_value(client: Client, service: Service) -> str:
    """The signed start time, as the page serves it."""
    response = client.get(reverse("surveys:survey", args=[service.public_code]))
    return response.context["form"]["started"].value()
