from frontdesk.errors import DeskError

__all__ = ["ActivitiesError"]


class ActivitiesError(DeskError):
    """A refused activities operation (booking, post, plan); nothing was changed."""
