"""What the people who run the bot get: inbox, report, feedback, live reload, lint, new folders."""
