from django.urls import path

from .views import arrears, collection, deposits, payments

app_name = "fees"
urlpatterns = [
    # The cashier's desk
    path("pay/", payments.pay_search, name="pay-search"),
    path("units/<int:pk>/pay/", payments.unit_pay, name="unit-pay"),
    path("units/<int:pk>/apply-credit/", payments.unit_apply_credit, name="unit-apply-credit"),
    path("charges/<int:pk>/waive/", payments.charge_waive, name="charge-waive"),
    path("payments/<int:pk>/", payments.payment_detail, name="payment-detail"),
    path("payments/<int:pk>/receipt.pdf", payments.receipt_pdf, name="receipt-pdf"),
    path("payments/<int:pk>/reversal/", payments.reversal_request, name="reversal-request"),
    path("reversals/<int:pk>/approve/", payments.reversal_approve, name="reversal-approve"),
    path("reversals/<int:pk>/refuse/", payments.reversal_refuse, name="reversal-refuse"),
    # Arrears, notices, the collection-rate report
    path("deposits/", deposits.deposit_list, name="deposits"),
    path("deposits/new/", deposits.deposit_new, name="deposit-new"),
    path("deposits/<int:pk>/", deposits.deposit_detail, name="deposit-detail"),
    path("deposits/<int:pk>/settle/", deposits.deposit_settle, name="deposit-settle"),
    path("deposits/<int:pk>/cancel/", deposits.deposit_cancel, name="deposit-cancel"),
    path("deposits/<int:pk>/refund.pdf", deposits.refund_pdf, name="deposit-refund-pdf"),
    path("arrears/", arrears.arrears_list, name="arrears"),
    path("arrears/totals/", arrears.arrears_totals, name="arrears-totals"),
    path("arrears/export.xlsx", arrears.arrears_export, name="arrears-export"),
    path("arrears/notices/", arrears.arrears_notices, name="arrears-notices"),
    path("units/<int:pk>/notice.pdf", arrears.unit_notice, name="unit-notice"),
    path("report/", arrears.collection_report, name="report"),
    path("report/export.xlsx", arrears.report_export, name="report-export"),
    path("report/export.pdf", arrears.report_pdf, name="report-pdf"),
    # Collection of arrears
    path("units/<int:pk>/collection/add/", collection.collection_add, name="collection-add"),
    path("collection/", collection.collection_list, name="collection-list"),
]
