"""The ways readers reach the bot: Telegram (polling or webhook) and the console chat."""
