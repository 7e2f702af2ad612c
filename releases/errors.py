from frontdesk.errors import DeskError
from frontdesk.once import FormUsed

__all__ = ["FormUsed", "ReleaseError"]

# The gate's one answer for a number or code it will not honour and will not describe.
NOT_VALID = "not_valid"


class ReleaseError(DeskError):
    """A refused release-slip operation."""
