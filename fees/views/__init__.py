"""The fees pages by workflow: the cashier's desk (``payments``), arrears, notices and the
collection-rate report (``arrears``), collection attempts and follow-ups (``collection``).
Routes are in ``fees/urls.py``."""
