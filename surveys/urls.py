from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("", views.questionnaire_list, name="questionnaire-list"),
    path("find/", views.find, name="find"),
    path("<int:pk>/", views.questionnaire_detail, name="questionnaire-detail"),
    path("<int:pk>/forms.pdf", views.forms_pdf, name="forms-pdf"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/report.pdf", views.report_pdf, name="report-pdf"),
    path("<int:pk>/<slug:step>/", views.questionnaire_step, name="questionnaire-step"),
    path("responses/<int:pk>/", views.response_detail, name="response"),
]
