"""`python -m bot` runs the factbot command line."""

from bot.cli import main

raise SystemExit(main())
