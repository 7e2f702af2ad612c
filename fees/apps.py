from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeesConfig(AppConfig):
    name = "fees"
    verbose_name = _("Fees")

    def ready(self):
        from frontdesk.jobs import register_job

        from . import desk, notices
        from .services import billing

        desk.register()  # quick action, dossier section, today panels, menu entries
        register_job(billing.BILLING_JOB, billing.billing_job_run)  # "bill month" in the admin
        register_job(notices.JOB_KIND, notices.notices_job)  # the arrears list's notices
