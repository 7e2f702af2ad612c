"""Recompute the pinyin search keys of every owner, resident and agent (after the name
readings changed: surnames, characters outside the BMP). Writes only the rows whose keys
change, in batches, without history rows (a derived column is not a change of the person)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from owners.models import Authorization, Owner, Resident
from owners.names import search_keys

BATCH = 2000


class Command(BaseCommand):
    help = "Recompute the pinyin search keys of owners, residents and agents."

    def handle(self, *args, **options):
        for model in (Owner, Resident, Authorization):
            changed = 0
            rows = model.objects.order_by("pk").values_list(
                "pk", "name", "name_pinyin", "name_initials", *self._kind(model)
            )
            pending = []
            for pk, name, pinyin, initials, *kind in rows.iterator(chunk_size=BATCH):
                keys = search_keys(name, person=(kind or ["person"])[0] != "company")
                if keys != (pinyin, initials):
                    pending.append(model(pk=pk, name_pinyin=keys[0], name_initials=keys[1]))
                if len(pending) >= BATCH:
                    changed += self._write(model, pending)
                    pending = []
            changed += self._write(model, pending)
            self.stdout.write(f"{model._meta.label}: {changed}")

    @staticmethod
    def _kind(model) -> list[str]:
        return ["kind"] if model is Owner else []

    @staticmethod
    def _write(model, rows) -> int:
        with transaction.atomic():
            model.objects.bulk_update(rows, ["name_pinyin", "name_initials"])
        return len(rows)
