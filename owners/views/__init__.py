"""The desk's owners pages, one module per topic; the routes are in ``owners/urls.py``.

- ``units``: the unit search, a unit's dossier, its sections and history, its registration form.
- ``documents``: the document archive (upload on the dossier, the scan behind a check).
- ``owners``: an owner's record, the full ID number on request, editing an owner.
- ``people``: ownerships, residents and agents of a unit (add, end, move out).
"""
