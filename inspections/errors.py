from frontdesk.errors import DeskError

__all__ = ["InspectionError"]


class InspectionError(DeskError):
    """A refused inspection operation; nothing was changed."""
