"""Plain helpers of the activities tests."""

from activities import services
from tests.factories import UnitFactory
from tests.factories.activities import BoardFactory, FacilityFactory

from .conftest import at


def world_rows(users, estate) -> dict:
    """The access matrix's facility (a gym) and a booking of it for tomorrow."""
    gym = FacilityFactory(estate=estate, name="矩阵健身房")
    unit = UnitFactory(building__estate=estate)
    booking = services.booking_create(
        actor=users["R"],
        facility=gym,
        unit=unit,
        booked_for="张伟",
        slot=services.Slot(start=at(1, 9), end=at(1, 10)),
    )
    board = BoardFactory(estate=estate, name="矩阵宣传栏")
    post = services.post_put_up(
        actor=users["R"], board=board, post=services.NewPost("safety", "防火提示", "请勿堆放杂物")
    )
    return {"facility": gym, "booking": booking, "board": board, "post": post}
