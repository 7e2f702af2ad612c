from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from .roles import ROLE_PERMISSIONS


def sync_role_permissions(**kwargs) -> None:
    """Give every role group exactly the permissions listed in ``ROLE_PERMISSIONS``."""
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        query = Q(pk__in=[])
        for name in names:
            app_label, codename = name.split(".")
            query |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(query))
