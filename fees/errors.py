from frontdesk.errors import DeskError


class FeesError(DeskError):
    """A refused money operation."""


class PaymentFormUsed(FeesError):
    """The pay form was already used: ``payment`` is what it produced."""

    def __init__(self, message, *, payment, code: str = "form_used") -> None:
        super().__init__(message, code=code)
        self.payment = payment
