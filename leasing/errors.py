from frontdesk.errors import DeskError
from frontdesk.once import FormUsed

__all__ = ["FormUsed", "LeasingError"]


class LeasingError(DeskError):
    """A refused leasing operation; nothing was changed."""
