"""The root of factbot's errors; each module defines its own subclasses where it raises them."""


class FactbotError(Exception):
    """Something the user or operator can fix: the edge turns it into a message and an exit code."""
