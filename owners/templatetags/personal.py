"""The one masking rule for personal numbers on every printed document (and page) of the desk.

A printed form leaves the office: it is signed, filed, photocopied, handed to a worker. So a
phone number prints as ``139****5678`` and an ID number as ``110105********002X``
(``owners.validators.mask_phone`` / ``mask_id_number``), on every PDF, whoever prints it; the
desk's own office phone is not personal and prints in full. A full number is only ever shown
on screen, to the roles that may see it, and each look is logged.

    {% load personal %}  {{ owner.phone|masked_phone }}  {{ owner.id_number|masked_id }}
"""

from django import template

from ..validators import mask_id_number, mask_phone

register = template.Library()


@register.filter
def masked_phone(value) -> str:
    return mask_phone(str(value or ""))


@register.filter
def masked_id(value) -> str:
    return mask_id_number(str(value or ""))
