from frontdesk.errors import DeskError
from frontdesk.once import FormUsed

__all__ = ["FormUsed", "ServiceError"]


class ServiceError(DeskError):
    """A refused convenience-service operation; nothing was changed."""
