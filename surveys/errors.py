"""The questionnaire's refusals."""

from frontdesk.errors import DeskError


class SurveyError(DeskError):
    """A questionnaire write refused: bad input, the wrong moment, a second response."""
