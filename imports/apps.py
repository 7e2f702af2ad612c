from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = _("Imports")

    def ready(self):
        from frontdesk.jobs import register_job

        from . import desk
        from .services import IMPORT_JOB, batch_job_run

        register_job(IMPORT_JOB, batch_job_run)
        desk.register()  # the menu entry of the wizard
