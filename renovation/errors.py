from frontdesk.errors import DeskError
from frontdesk.once import FormUsed

__all__ = ["NOT_VALID", "FormUsed", "RenovationError"]

# The gate's one answer for a pass number or code it will not honour and will not describe.
NOT_VALID = "not_valid"


class RenovationError(DeskError):
    """A refused renovation operation; nothing was changed."""
