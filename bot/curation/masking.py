r"""Keeping personal data out of the curators' inbox: what a question looks like once stored.

Readers sometimes write their e-mail address, phone number, codice fiscale or
IBAN into a question. The curators need the question, not those, so each is
replaced by a placeholder before anything is stored. Text that cannot be
stored as UTF-8 (a lone surrogate such as "\udfff") becomes U+FFFD. Pure
functions: no I/O.
"""

from __future__ import annotations

import re

EMAIL = "[email]"
PHONE = "[telefono]"
TAX_CODE = "[codice fiscale]"
IBAN = "[iban]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# A codice fiscale: 6 letters, 2 digits, a month letter, 2 digits, a letter, 3 digits, a letter
# (digits may be letters in the rare "omocodia" form).
_TAX_CODE = re.compile(
    r"\b[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]\b",
    re.IGNORECASE,
)
# An IBAN: country, check digits, then 11-30 letters and digits, in groups of four or not.
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b", re.IGNORECASE)
# Eight to fifteen digits, optionally after "+", with spaces, dots, dashes, slashes or
# brackets between groups: mobiles and landlines, national or international. A number
# written with thousands dots ("1.000.000") is a quantity, not a phone.
_PHONE = re.compile(r"(?<![\w+])\+?\(?\d(?:[ .\-/()]{0,2}\d){7,14}(?!\w)")
_QUANTITY = re.compile(r"\d{1,3}(?:\.\d{3})+")


def mask(text: str) -> str:
    """`text` with e-mail addresses, codici fiscali, IBANs and phone numbers replaced."""
    text = _EMAIL.sub(EMAIL, text)
    text = _TAX_CODE.sub(TAX_CODE, text)
    text = _IBAN.sub(_iban, text)
    return _PHONE.sub(lambda m: m.group() if _QUANTITY.fullmatch(m.group()) else PHONE, text)


def _iban(match: re.Match[str]) -> str:
    """The placeholder for an IBAN, giving back the words it swallowed after it."""
    found = match.group()
    kept = found
    while " " in kept and not any(c.isdigit() for c in kept.rsplit(" ", 1)[1]):
        kept = kept.rsplit(" ", 1)[0]  # a word after the IBAN ("per"), not part of it
    if sum(c.isdigit() for c in kept) < 6:
        return found  # letters with a few digits: a word, not an account
    return IBAN + found[len(kept) :]


def storable(text: str) -> str:
    """`text` as valid Unicode: a lone surrogate becomes U+FFFD, a proper pair its character."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def for_inbox(text: str) -> str:
    """A reader's text as the inbox keeps it: valid Unicode, personal data masked."""
    return mask(storable(text))
