"""Reception pages: the phone log (``calls``), the visitor log (``visits``) and the unit
picker both forms share (``units``); routes in ``reception/urls.py``."""
