"""Every number that tunes the answering: weights of words and bars for answers.

Fitted by cross-validation on the labelled questions (``faq-bot calibrate``);
the README explains each one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The weights of a message's words and the bars between answer, clarify and fallback."""

    answer: float = 47.0  # lowest score that is answered outright
    suggest: float = 35.0  # lowest score offered as a suggestion or alternative
    margin: float = 2.0  # runners-up within this of the best make the question ambiguous
    sure: float = 80.0  # above this the best entry is answered even if others are close
    min_coverage: float = 0.5  # share of the question the answer must account for
    min_content: float = 0.4  # share of the question's own words (question words aside) covered
    min_information: float = 1.4  # matched weight needed unless the question equals a phrasing
    exact: float = 0.99  # a best match this high means the question equals a phrasing
    single_key_match: float = 0.6  # a one-word question must match a phrasing this closely
    kind_margin: float = 10.0  # a runner-up this close that gives what is asked answers instead
    fallthrough: float = 10.0  # a runner-up this close that passes every bar answers for the best
    # Weights of words (see `bot.answering.index`).
    context_share: float = 0.35  # a preamble weighs at most this share of the question...
    focus_mass: float = 6.0  # ...or of this weight, when the question itself weighs less
    context_match: float = 2.0  # times its weight a preamble word shared with a phrasing counts
    subject: float = 2.0  # a subject the answer does not name weighs this many times a name
    concept: float = 1.0  # a named thing of the FAQ the answer lacks weighs this many times a name
    foreign: float = 2.0  # a name the FAQ does not know weighs this many times a rare word
    known_floor: float = 0.5  # an FAQ word common in Italian keeps this share of its weight
    common_share: float = 0.1  # share of a name that a context word as common as "figlio" weighs
    focus_floor: float = 0.75  # an unknown word of the question itself weighs at least this share
    predicate_floor: float = 0.6  # ...or this, if it ends as a verb, adjective or adverb does
    common_zipf: float = 6.5  # Zipf frequency from which a word counts as common
    rare_zipf: float = 2.5  # Zipf frequency up to which a word counts as rare as a name
