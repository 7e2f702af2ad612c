from django.urls import path

from .views import desk

app_name = "activities"
urlpatterns = [
    path("", desk.facility_list, name="facilities"),
    path("facilities/<int:pk>/", desk.facility_calendar, name="calendar"),
    path("facilities/<int:pk>/book/", desk.booking_new, name="book"),
    path("bookings/<int:pk>/", desk.booking_detail, name="booking"),
    path("bookings/<int:pk>/approve/", desk.booking_approve, name="approve"),
    path("bookings/<int:pk>/check-in/", desk.booking_check_in, name="check-in"),
    path("bookings/<int:pk>/no-show/", desk.booking_no_show, name="no-show"),
    path("bookings/<int:pk>/cancel/", desk.booking_cancel, name="cancel"),
    path("bookings/<int:pk>/confirmation.pdf", desk.booking_pdf, name="confirmation"),
    path("boards/<int:pk>/", desk.board, name="board"),
    path("posts/<int:pk>/notice.pdf", desk.post_pdf, name="notice"),
]
