from frontdesk.errors import DeskError


class RevisitError(DeskError):
    """A refused return-visit operation."""
