"""A Telegram bot that answers questions, in Italian, about one news article."""
