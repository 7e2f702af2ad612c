"""Work-order pages: one order's (``orders``) and the lists (``queues``); routes in
``workorders/urls.py``."""
