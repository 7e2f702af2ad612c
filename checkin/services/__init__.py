"""Every write of the check-in app, by workflow: ``movein`` (opening to completion),
``acceptance`` (the house acceptance and the re-inspection of its defects), ``custody``
(custody, keys, inspections) and ``meters`` (the readings both share). Each checks its actor
itself (``frontdesk.permissions.check_actor`` with ``checkin.permissions``)."""

from .acceptance import (
    Checked,
    acceptance_layout_set,
    acceptance_record,
    acceptance_room_add,
    acceptance_room_remove,
    reinspection_book,
    reinspection_result,
)
from .checks import check_current_owner
from .custody import (
    RETURN_STATUSES,
    Findings,
    custody_end,
    custody_start,
    heavy_rain_warning,
    inspection_open_order,
    inspection_record,
    inspections_sweep,
    key_return,
    key_take,
)
from .meters import Readings, meter_reading_record, readings_record
from .movein import (
    COMPLETION_STATUSES,
    Handed,
    agent_register,
    agreements_sign,
    document_receive,
    document_waive,
    fee_charge,
    handover_record,
    movein_cancel,
    movein_complete,
    movein_open,
    registration_save,
)

__all__ = [
    "COMPLETION_STATUSES",
    "RETURN_STATUSES",
    "Checked",
    "Findings",
    "Handed",
    "Readings",
    "acceptance_layout_set",
    "acceptance_record",
    "acceptance_room_add",
    "acceptance_room_remove",
    "agent_register",
    "agreements_sign",
    "check_current_owner",
    "custody_end",
    "custody_start",
    "document_receive",
    "document_waive",
    "fee_charge",
    "handover_record",
    "heavy_rain_warning",
    "inspection_open_order",
    "inspection_record",
    "inspections_sweep",
    "key_return",
    "key_take",
    "meter_reading_record",
    "movein_cancel",
    "movein_complete",
    "movein_open",
    "readings_record",
    "registration_save",
    "reinspection_book",
    "reinspection_result",
]
