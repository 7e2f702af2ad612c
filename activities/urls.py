from django.urls import path

from .views import desk, plans

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
    path("activity-plans/", plans.plan_list, name="plans"),
    path("activity-plans/new/", plans.plan_new, name="plan-new"),
    path("activity-plans/<int:pk>/", plans.plan_detail, name="plan"),
    path("activity-plans/<int:pk>/approve/", plans.plan_approve, name="plan-approve"),
    path(
        "activity-plans/<int:pk>/layout/<int:task_pk>/acknowledge/",
        plans.layout_acknowledge,
        name="layout-acknowledge",
    ),
    path("activity-plans/<int:pk>/signups/", plans.signup_add, name="signup-add"),
    path(
        "activity-plans/<int:pk>/signups/<int:signup_pk>/cancel/",
        plans.signup_cancel,
        name="signup-cancel",
    ),
    path(
        "activity-plans/<int:pk>/signups/<int:signup_pk>/attendance/",
        plans.attendance,
        name="attendance",
    ),
    path("activity-plans/<int:pk>/summary/", plans.summary, name="summary"),
    path("activity-plans/<int:pk>/archive/", plans.archive_add, name="archive-add"),
    path("activity-plans/<int:pk>/gallery/", plans.gallery, name="gallery"),
    path("activity-plans/<int:pk>/plan.pdf", plans.plan_pdf, name="plan-pdf"),
    path("activity-plans/<int:pk>/summary.pdf", plans.summary_pdf, name="summary-pdf"),
    path("archive/<int:pk>/", plans.archive_file, name="archive-file"),
    path("archive/<int:pk>/thumbnail/", plans.archive_thumbnail, name="archive-thumbnail"),
]
