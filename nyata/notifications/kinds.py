"""The kinds of notification, registered by the apps that send them: this app delivers and lists, but it
does not know why anyone is told anything (the app that knows registers a key and its label)."""

from django.utils.functional import Promise

KINDS: dict[str, str | Promise] = {}


def register(key: str, label: str | Promise) -> str:
    """Make `key` a kind with this (lazily translated) label; returns the key, so a module can name it."""
    if KINDS.get(key, label) != label:
        raise ValueError(f"notification kind {key!r} is registered twice with different labels")
    KINDS[key] = label
    return key


def label_of(key: str) -> str:
    return str(KINDS.get(key, key))
