from frontdesk.errors import DeskError


class ReceptionError(DeskError):
    """A refused call or visit operation."""
