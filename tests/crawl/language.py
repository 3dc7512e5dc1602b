"""Finding English and raw codes left on a Bahasa Indonesia page.

A text is English left over when a chunk a person reads (tests/crawl/figures.py reads pages the same way)
is exactly a message of a catalogue that Bahasa Indonesia writes differently: Nyata's own catalogues, and
Django's (its forms and widgets speak too, e.g. "- Select an option -", which Django's own Indonesian
catalogue lacks). A whole chunk must match, so an English word inside an Indonesian sentence, a name or a
code does not count; messages Bahasa Indonesia writes the same way (IKM, OPD, Total) never count.

A chunk is a raw value when it is exactly the stored value of a choice whose label differs (self_assessment,
pengampu_verifier) or the key of a timeline event (filled_from_survey): people read the label. Codes that
are shown as codes on purpose (usernames, unit and instrument codes, e.g. the unit "inspektorat" or the
user "evaluator") are passed as `identifiers` and never count.
"""

import gettext
import re
from functools import cache
from pathlib import Path

import django
from django.apps import apps

from nyata.evaluations.views.timeline import KIND_LABELS
from tests.crawl.figures import read_text

ROOT = Path(__file__).resolve().parents[2]
DJANGO_LOCALE = Path(django.__file__).parent / "conf" / "locale"
_PO_MESSAGE = re.compile(r'^msgid "(.+)"$', re.MULTILINE)
_WORDS = re.compile(r"[A-Za-z]{2,}")


def _indonesian_catalogues() -> list[Path]:
    ours = list((ROOT / "nyata").glob("**/locale/id/LC_MESSAGES/django.mo"))
    return [*ours, DJANGO_LOCALE / "id" / "LC_MESSAGES" / "django.mo"]


@cache
def english_messages() -> frozenset[str]:
    """Messages whose Indonesian differs from the English, plus Django's messages Indonesian lacks."""
    english: set[str] = set()
    translated: set[str] = set()
    for path in _indonesian_catalogues():
        with path.open("rb") as handle:
            catalogue = gettext.GNUTranslations(handle)._catalog
        for key, text in catalogue.items():
            message = key[0] if isinstance(key, tuple) else key
            translated.add(message)
            if message and text and text != message:
                english.add(message)
    source = (DJANGO_LOCALE / "en" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    english |= {message for message in _PO_MESSAGE.findall(source) if message not in translated}
    # Messages with placeholders never appear as they are; one-letter messages are no evidence.
    return frozenset(m for m in english if "%" not in m and "{" not in m and _WORDS.search(m))


@cache
def raw_choice_values() -> frozenset[str]:
    """Stored values of every model choice whose label differs from the value (e.g. "self_assessment")."""
    found = set()
    for model in apps.get_models():
        if not model.__module__.startswith("nyata."):
            continue
        for field in model._meta.get_fields():
            for value, label in getattr(field, "flatchoices", None) or ():
                if isinstance(value, str) and len(value) > 2 and value != str(label):
                    found.add(value)
    return frozenset(found | set(KIND_LABELS))


def leftovers(html: str, identifiers: frozenset[str] = frozenset()) -> list[str]:
    """English messages and raw choice values read on the page, as «chunk»."""
    english, raw = english_messages(), raw_choice_values() - identifiers
    found = []
    for chunk in read_text(html):
        text = " ".join(chunk.split())
        if text in english:
            found.append(f"English «{text}»")
        elif text in raw:
            found.append(f"raw value «{text}»")
    return found
