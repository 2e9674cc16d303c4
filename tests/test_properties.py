"""Property tests: any Unicode a user sends gets a valid, bounded reply and never an error."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.adapters.splitting import LIMIT, split
from bot.answering.replies import MAX_QUESTION, Replies, parse_command
from tests.helpers.telegram_html import problems

TEXT = st.text(max_size=600) | st.text(alphabet="<>&\"'`*_/ab ", max_size=80)
SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(text=TEXT)
def test_any_message_gets_a_valid_reply(replies: Replies, text: str) -> None:
    """The reply renders the engine's verdict, as valid Telegram HTML within the limits."""
    reply = replies.handle(text)
    if parse_command(text) is None and text.strip():
        assert reply.result == replies.engine.ask(text[:MAX_QUESTION])
    else:
        assert reply.result is None
    assert problems(reply.text) == []
    assert all(len(part.text) <= LIMIT for part in split(reply))
    for row in reply.buttons:
        for button in row:
            assert len(button.data.encode()) <= 64


@SETTINGS
@given(name=st.from_regex(r"[A-Za-z0-9_]{1,64}", fullmatch=True), args=st.text(max_size=200))
def test_any_command_gets_a_valid_reply(replies: Replies, name: str, args: str) -> None:
    """Commands with any name and arguments answer with valid HTML."""
    reply = replies.command(name.lower(), args)
    assert problems(reply.text) == []


@SETTINGS
@given(data=st.text(max_size=300))
def test_any_button_data_gets_a_valid_reply(replies: Replies, data: str) -> None:
    """Forged callback data never raises and always renders."""
    assert problems(replies.callback(data).text) == []


def test_injection_is_quoted_not_rendered(replies: Replies) -> None:
    """HTML and Markdown typed in a command name come back escaped."""
    reply = replies.command('<a href="http://x">&`*_</a>')
    assert problems(reply.text) == []
    assert "&lt;a href" in reply.text


def test_the_html_checker_catches_invalid_markup() -> None:
    """The checker used above does reject what Telegram would reject."""
    for bad in ["<b>x", "x</i>", "<div>x</div>", "a & b", "1 < 2", "<b><i>x</b></i>"]:
        assert problems(bad), bad
    assert problems("<b>ok</b> &amp; <i>bene</i> &lt;3") == []
