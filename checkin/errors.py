from frontdesk.errors import DeskError


class CheckinError(DeskError):
    """A refused move-in or custody change."""
