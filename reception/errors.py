from frontdesk.errors import DeskError
from frontdesk.once import FormUsed

__all__ = ["FormUsed", "ReceptionError"]  # FormUsed: the kernel's, where reception's views look


class ReceptionError(DeskError):
    """A refused call or visit operation."""
