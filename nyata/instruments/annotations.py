"""What apps on higher floors say beside an indicator (the clinic's FAQ, an asistensi's comments), shown on
the instrument page and in the worksheet. A lower app never asks who is above it: the app that knows
registers a provider here (in its AppConfig.ready), and the pages ask every provider for one instrument."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Annotation:
    """One block beside an indicator: a heading and its entries, rendered by the provider's template."""

    indicator: str
    key: str  # distinguishes the blocks (e.g. "faq", "asistensi") for styling and tests
    heading: str
    template: str  # renders `annotation` (this object); its entries are the provider's own values
    entries: tuple = ()
    link: str = ""  # where to read more, e.g. the FAQ search
    extra: dict = field(default_factory=dict)


# provider(user, *, instrument, assessment) -> annotations; `assessment` is None on the instrument page.
Provider = Callable[..., Iterable[Annotation]]
PROVIDERS: list[Provider] = []
# The providers' own stylesheets (static paths), linked in the head of every page that shows annotations.
STYLESHEETS: list[str] = []


def register(provider: Provider | None = None, *, stylesheet: str = ""):
    """`@register` or `@register(stylesheet="app/app.css")` on a provider."""
    if stylesheet and stylesheet not in STYLESHEETS:
        STYLESHEETS.append(stylesheet)
    if provider is None:
        return lambda found: register(found)
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)
    return provider


def annotations_for(user, *, instrument, assessment=None) -> dict[str, list[Annotation]]:
    """Indicator code -> the blocks every registered provider puts beside it for this person."""
    found: dict[str, list[Annotation]] = defaultdict(list)
    for provider in PROVIDERS:
        for annotation in provider(user, instrument=instrument, assessment=assessment):
            found[annotation.indicator].append(annotation)
    return dict(found)
