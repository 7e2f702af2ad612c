from django.core.management.base import BaseCommand
from django.utils import translation

from owners.models import Estate

from ...services import templates_seed


class Command(BaseCommand):
    help = "Create the seed's inspection templates for every estate (or those given by code)."

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", help="Estate codes; all estates when none.")

    def handle(self, *args, codes, **options):
        estates = Estate.objects.all()
        if codes:
            estates = estates.filter(code__in=codes)
        with translation.override("zh-hans"):
            for estate in estates:
                templates_seed(estate=estate)
                self.stdout.write(f"{estate.code}: templates ready")
