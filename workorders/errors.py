from frontdesk.errors import DeskError


class WorkOrderError(DeskError):
    """A refused work-order operation."""
