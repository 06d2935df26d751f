"""One error type for everything wrong with one input book."""


class BookError(Exception):
    """A book cannot be cleaned. ``str()`` is the one line the user sees."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason
