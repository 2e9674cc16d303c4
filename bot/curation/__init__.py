"""What the people who run the bot get: the inbox, reports, feedback and live reload."""
