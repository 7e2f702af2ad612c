class WorkOrderError(Exception):
    """A refused work-order operation; ``code`` is for machines, the message for people."""

    def __init__(self, message, code: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
