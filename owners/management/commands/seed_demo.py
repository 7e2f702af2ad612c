"""Demo data for ``make run`` and large data sets for benchmarks; safe to run again."""

from django.core.management.base import BaseCommand, CommandError

from frontdesk.registry import app_modules
from owners import demo
from owners.models import Estate


class Command(BaseCommand):
    help = (
        "Create the demo estates (LJ 丽景花园, CH 翠湖苑: about 2,000 units with owners, "
        "residents and agents), their departments and one demo user per role. With --units N "
        "also a large estate BIG of N units for benchmarks. Estates that exist are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--units",
            type=int,
            metavar="N",
            help="Also create the benchmark estate BIG with N units (once).",
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Size of the demo estates relative to the default (e.g. 0.1 for tests).",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed; the same seed gives the same data."
        )

    def handle(self, *args, units, scale, seed, **options):
        if units is not None and units < 1:
            raise CommandError("--units must be a positive number.")
        if scale <= 0:
            raise CommandError("--scale must be positive.")
        demo.seed_all(scale=scale, big_units=units, seed=seed, report=self.stdout.write)
        users = demo.seed_users()
        # Each app with a ``demo`` module adds its own records to the demo estates.
        estates = list(Estate.objects.filter(code__in=demo.DEMO_ESTATE_CODES))
        for _label, module in app_modules("demo", skip=("owners",)):
            module.seed(estates, seed=seed, report=self.stdout.write)
        if not users:
            return
        self.stdout.write("")
        self.stdout.write(f"Demo users (password for new ones: {demo.DEMO_PASSWORD}):")
        for seeded in users:
            role = seeded.role or "superuser"
            note = "" if seeded.created else "  (existed; password unchanged)"
            self.stdout.write(
                f"  {seeded.user.get_username():<14} {role:<16} {', '.join(seeded.estates)}{note}"
            )
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
