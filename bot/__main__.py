"""Allow ``python -m bot`` to behave exactly like the ``faq-bot`` command."""

from bot.cli import main

raise SystemExit(main())
