FULL_ID_PERMISSION = "owners.view_full_id_number"


def sees_full_id_numbers(user) -> bool:
    """Whether the user may see full ID numbers (each reveal on a page is still logged)."""
    return user is not None and user.has_perm(FULL_ID_PERMISSION)
