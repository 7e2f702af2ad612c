from django.core.management.base import BaseCommand

from frontdesk.celery import app


class Command(BaseCommand):
    help = "Connect to the Celery broker once, creating the embedded broker's tables."

    def handle(self, *args, **options):
        # The embedded (SQLAlchemy) broker creates its tables on first use; doing it here,
        # before worker and beat start together, avoids their race to create them.
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=3)
            connection.default_channel  # noqa: B018 - opening the channel creates the tables
        self.stdout.write(f"broker ready: {app.conf.broker_url.split('://')[0]}")
