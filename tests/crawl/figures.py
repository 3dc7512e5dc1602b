"""Finding figures written the English way (a decimal point) in the visible text of a Bahasa Indonesia page.

Bahasa Indonesia writes 85,5 and 1.250 (decimal comma, thousands dot). The rule flags a number written
as digits, a dot, digits ("85.5", "3.14") and ignores what legitimately has that shape:

1. What a person does not read as text: markup, <script> and <style>. Read are the text between tags
   and the attributes that are shown or spoken (title, alt, aria-label, placeholder) plus the value of a
   text field (a typed answer shown back). Each is checked on its own, so text in two elements never joins.
   Text marked as another language (lang="en", e.g. the button offering English) is not Indonesian text.
2. Web addresses and e-mail addresses (https://…, www.…, name@host): their dots are not decimals.
3. Dotted codes and versions of three or more parts: I.A.7.1.a, 1.2.3, 127.0.0.1, 30.11.2026 (a dot-joined
   number right next to a letter, a dot or another digit group is part of a code, not a figure).
4. The Indonesian thousands separator: a dot followed by exactly three digits ("35.065", "1.250,5").
   The price of this rule: an English decimal with three places ("3.125") passes unnoticed; the pages
   write NRR with three places, and tests of the number formatter cover them instead.
5. An instrument version, a year with a dot and a short number ("2025.1", "2024.12").
6. A time of day written the Indonesian way, "14.30", when it follows a year ("30 Nov 2026, 14.30"),
   the word "pukul" or "jam".
"""

import re
from html.parser import HTMLParser

SPOKEN_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder")
TEXT_INPUTS = ("text", "search", "")
_ADDRESS = re.compile(r"\b(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
# digits.digits, not touching a letter, digit, dot or decimal comma on either side (rule 3).
_DOT_DECIMAL = re.compile(r"(?<![\w.])(\d+)\.(\d+)(?![\w]|[.,]\d)")
_VERSION = re.compile(r"(?:19|20)\d\d")
_TIME_CONTEXT = re.compile(r"(?:\b(?:19|20)\d\d,?|\bpukul|\bjam)\s*$", re.IGNORECASE)


def dot_decimals(text: str) -> list[str]:
    """The figures in `text` written with a decimal point, by the rules above."""
    text = _ADDRESS.sub(" ", text)
    found = []
    for match in _DOT_DECIMAL.finditer(text):
        whole, fraction = match.groups()
        if len(fraction) == 3:
            continue  # rule 4: 35.065 is thirty-five thousand and sixty-five
        if _VERSION.fullmatch(whole) and len(fraction) <= 2:
            continue  # rule 5
        is_clock = len(whole) <= 2 and int(whole) < 24 and len(fraction) == 2 and int(fraction) < 60
        if is_clock and _TIME_CONTEXT.search(text[: match.start()]):
            continue  # rule 6
        found.append(match.group())
    return found


class _ReadText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._hidden = 0
        self._foreign: list[str] = []  # open elements marked with another language than the page's

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("script", "style"):
            self._hidden += 1
        if tag != "html" and attributes.get("lang") and not attributes["lang"].startswith("id"):
            self._foreign.append(tag)
        if self._foreign:
            return
        self.chunks += [attributes[name] for name in SPOKEN_ATTRIBUTES if attributes.get(name)]
        kind = (attributes.get("type") or "").lower()
        if tag == "input" and kind in TEXT_INPUTS and attributes.get("value"):
            self.chunks.append(attributes["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1
        if self._foreign and self._foreign[-1] == tag:
            self._foreign.pop()

    def handle_data(self, data):
        if not self._hidden and not self._foreign and data.strip():
            self.chunks.append(data)


def read_text(html: str) -> list[str]:
    """What a person reads or hears on the page, one chunk per element or attribute."""
    parser = _ReadText()
    parser.feed(html)
    return parser.chunks


def dot_decimals_on_page(html: str) -> list[str]:
    return [
        f"{figure} in «{chunk.strip()[:80]}»" for chunk in read_text(html) for figure in dot_decimals(chunk)
    ]
