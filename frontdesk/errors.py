"""The desk's one refusal: every app's error subclasses ``DeskError``.

A service refuses by raising it with a ``code`` for machines (tests, the JSON of a future API)
and a ``message`` for people; ``field`` names the form field the message belongs under. Views
catch ``DeskError`` and show it on the form with ``frontdesk.forms.form_error``. One code per
meaning across apps: the codes every app shares are named here.
"""

OTHER_ESTATE = "other_estate"
FORBIDDEN = "forbidden"


class DeskError(Exception):
    """A refused operation; nothing was changed."""

    def __init__(self, message, *, code: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
