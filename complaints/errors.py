from frontdesk.errors import DeskError


class ComplaintError(DeskError):
    """A refused complaint operation; nothing was changed."""
