"""Personal data is masked before a question is stored; ordinary numbers are left alone."""

from __future__ import annotations

import pytest

from bot.curation.masking import EMAIL, IBAN, PHONE, TAX_CODE, for_inbox, storable


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("scrivimi a mario.rossi+faq@example.co.uk grazie", f"scrivimi a {EMAIL} grazie"),
        ("chiamami al 333 1234567", f"chiamami al {PHONE}"),
        ("il mio numero è +39 06 6982 1234.", f"il mio numero è {PHONE}."),
        ("tel. 333-123-4567 o (02) 1234 5678", f"tel. {PHONE} o {PHONE}"),
        ("codice fiscale rssmra85t10a562s", f"codice fiscale {TAX_CODE}"),
        ("IBAN IT60X0542811101000000123456 per donare", f"IBAN {IBAN} per donare"),
        ("quanti soldati nel 2026 e nel 2027?", "quanti soldati nel 2026 e nel 2027?"),
        ("1.000.000 di persone", "1.000.000 di persone"),
        ("l'articolo 5 e il 6 gennaio", "l'articolo 5 e il 6 gennaio"),
        ("pilastro 3, 4 e 5", "pilastro 3, 4 e 5"),
    ],
)
def test_personal_data_is_masked_and_the_rest_kept(text: str, stored: str) -> None:
    """E-mail, phones, codici fiscali and IBANs become placeholders; dates and counts stay."""
    assert for_inbox(text) == stored


def test_lone_surrogates_become_replacement_characters() -> None:
    """A lone surrogate becomes U+FFFD; the text can then be encoded as UTF-8."""
    assert storable("a\udfffb\ud800") == "a\ufffdb\ufffd"
    assert storable("a\udfffb").encode("utf-8") == "a\ufffdb".encode()
    assert storable("emoji 😀") == "emoji 😀"
