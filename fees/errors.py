from frontdesk.errors import DeskError


class FeesError(DeskError):
    """A refused money operation."""
