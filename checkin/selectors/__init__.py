"""Reads of the check-in app, by workflow: ``movein`` (a case's progress, the list, panels,
dossier and timeline), ``custody`` (the list, a custody's page, inspections due), ``settings``
(the estate's move-in and custody settings) and ``pages`` (the lists' keyset pages)."""
