"""Readers' text as curators see it: escape sequences and control characters gone, cut to size."""

from __future__ import annotations

import pytest

from bot.curation.display import SHOWN, clean, shorten


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\x1b[A", ""),
        ("\x1b[1;5Cchi\x1b[0m paga?", "chi paga?"),
        ("chi\x00\x07 paga\u200b?", "chi paga?"),
        ("riga\nnuova\t e  spazi", "riga nuova e spazi"),
        ("famiglia 👨\u200d👩\u200d👧", "famiglia 👨\u200d👩\u200d👧"),
        ("\x1b]0;titolo\x07ciao", "ciao"),
    ],
)
def test_clean_removes_what_no_reader_meant(raw: str, expected: str) -> None:
    """Escape sequences and control or invisible characters go; emoji joiners stay."""
    assert clean(raw) == expected


def test_shorten_cuts_at_a_word_with_an_ellipsis() -> None:
    """A long question is cut at a word boundary, at most SHOWN characters with its "…"."""
    cut = shorten("perché la coalizione " * 300)
    assert len(cut) <= SHOWN
    assert cut.endswith("…")
    assert cut[:-1].split()[-1] in {"perché", "la", "coalizione"}


def test_shorten_leaves_short_text_alone() -> None:
    """A question that fits is shown whole."""
    assert shorten("Chi paga?") == "Chi paga?"
