from django.urls import path

from .views import desk, gate, prints

app_name = "renovation"
urlpatterns = [
    path("", desk.renovation_list, name="list"),
    path("new/", desk.renovation_new, name="new"),
    path("gate/", gate.gate, name="gate"),
    path("<int:pk>/", desk.renovation_detail, name="detail"),
    path("<int:pk>/files/", desk.file_add, name="file-add"),
    path("<int:pk>/licence/", prints.licence, name="licence"),
    path("<int:pk>/approve/", desk.approve, name="approve"),
    path("<int:pk>/send-back/", desk.send_back, name="send-back"),
    path("<int:pk>/reject/", desk.reject, name="reject"),
    path("<int:pk>/resubmit/", desk.resubmit, name="resubmit"),
    path("<int:pk>/withdraw/", desk.withdraw, name="withdraw"),
    path("<int:pk>/agreement/", desk.agreement_sign, name="agreement-sign"),
    path("<int:pk>/agreement.pdf", prints.agreement_pdf, name="agreement-pdf"),
    path("<int:pk>/permit/", desk.permit_issue, name="permit-issue"),
    path("<int:pk>/permit.pdf", prints.permit_pdf, name="permit-pdf"),
    path("<int:pk>/passes/", desk.pass_new, name="pass-new"),
    path("<int:pk>/passes.pdf", prints.passes_pdf, name="passes-pdf"),
    path("<int:pk>/patrol/", desk.patrol_new, name="patrol-new"),
    path("<int:pk>/acceptance/", desk.acceptance, name="acceptance"),
    path("<int:pk>/water-test/", desk.water_test, name="water-test"),
    path("<int:pk>/close/", desk.close, name="close"),
    path("<int:pk>/garbage-cleared/", desk.garbage_cleared, name="garbage-cleared"),
    path("<int:pk>/extend/", desk.extend, name="extend"),
    path("<int:pk>/workers/", desk.workers, name="workers"),
    path("<int:pk>/resume/", desk.resume, name="resume"),
    path("<int:pk>/deposit-refund/", desk.deposit_refund, name="deposit-refund"),
    path("renovation-files/<int:pk>/", prints.file_download, name="file"),
    path("worker-passes/<int:pk>/revoke/", desk.pass_revoke, name="pass-revoke"),
    path("worker-passes/<int:pk>/photo/", prints.pass_photo, name="pass-photo"),
    path("patrol-photos/<int:pk>/", prints.patrol_photo, name="patrol-photo"),
    path("notices/<int:pk>/recheck/", desk.notice_recheck, name="notice-recheck"),
    path("notices/<int:pk>/notice.pdf", prints.notice_pdf, name="notice-pdf"),
]
