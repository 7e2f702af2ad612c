from frontdesk.errors import DeskError


class ImportsError(DeskError):
    """A refused import step; nothing was changed."""
