from frontdesk.errors import DeskError


class ReceptionError(DeskError):
    """A refused call or visit operation."""


class FormUsed(ReceptionError):
    """The call or visit form was already used: ``record`` is what it produced."""

    def __init__(self, message, *, record, code: str = "form_used") -> None:
        super().__init__(message, code=code)
        self.record = record
