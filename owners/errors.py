from frontdesk.errors import DeskError


class OwnersError(DeskError):
    """A refused change to owners data."""
