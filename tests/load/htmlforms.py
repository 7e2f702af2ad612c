"""What a browser would send for a form of a page, read from its HTML (standard library only).

The load test fills the desk's real forms as a browser does: it reads the page the server
rendered (hidden fields, the CSRF token, the idempotency key, the proposed split of a
payment), changes the fields a person would type into, and posts the rest as they were.
"""

import re
from html.parser import HTMLParser

_TEXT_TYPES = {"", "text", "hidden", "number", "date", "email", "tel", "search", "password", "url"}


class _FormReader(HTMLParser):
    def __init__(self, marker: str):
        super().__init__(convert_charrefs=True)
        self.marker = marker
        self.form_id: str | None = None  # the id of the form read, once found
        self.inside = False
        self.found = False
        self.action: str | None = None
        self.fields: list[tuple[str, str]] = []
        # fields placed with form="<id>": that form's wherever they stand, read at the end
        self.owned: dict[str, list[tuple[str, str]]] = {}
        self._target: list[tuple[str, str]] = self.fields
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._option: dict[str, str | None] | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def _mine(self, attrs: dict[str, str | None]) -> bool:
        """Whether the field counts; it is then put in ``self._target``."""
        owner = attrs.get("form")
        if owner is not None:  # form="…": belongs to that form wherever it stands
            self._target = self.owned.setdefault(owner, [])
            return True
        self._target = self.fields
        return self.inside

    def handle_starttag(self, tag, attrs_list):
        attrs = dict(attrs_list)
        if tag == "form":
            if not self.found and self.marker in (attrs.get("id"), attrs.get("data-testid")):
                self.inside = self.found = True
                self.form_id = attrs.get("id")
                self.action = attrs.get("action")
            return
        if tag == "input" and attrs.get("name") and self._mine(attrs):
            kind = (attrs.get("type") or "").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._target.append((attrs["name"] or "", attrs.get("value") or "on"))
            elif kind in _TEXT_TYPES:
                self._target.append((attrs["name"] or "", attrs.get("value") or ""))
        elif tag == "select" and attrs.get("name") and self._mine(attrs):
            self._select, self._select_first, self._select_chosen = attrs["name"], None, False
        elif tag == "option" and self._select is not None:
            self._option = attrs
            self._text = []
        elif tag == "textarea" and attrs.get("name") and self._mine(attrs):
            self._textarea, self._text = attrs["name"], []

    def handle_data(self, data):
        if self._textarea is not None or self._option is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "option" and self._option is not None and self._select is not None:
            value = self._option.get("value")
            value = "".join(self._text).strip() if value is None else value
            if self._select_first is None:
                self._select_first = value
            if "selected" in self._option and not self._select_chosen:
                self._target.append((self._select, value))
                self._select_chosen = True
            self._option = None
        elif tag == "select" and self._select is not None:
            if not self._select_chosen and self._select_first is not None:
                self._target.append((self._select, self._select_first))  # as a browser does
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._target.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None


class FormNotFound(LookupError):
    pass


class Form:
    """The fields of one form as a browser would post them; ``fill`` changes some."""

    def __init__(self, action: str | None, fields: list[tuple[str, str]]):
        self.action = action
        self.fields = fields

    def get(self, name: str, default: str | None = None) -> str | None:
        return next((value for key, value in self.fields if key == name), default)

    def names(self) -> set[str]:
        return {key for key, _ in self.fields}

    def fill(self, **values: str | None) -> "Form":
        """Set (or, with None, leave out) these fields; the others stay as rendered."""
        fields = [(key, value) for key, value in self.fields if key not in values]
        fields += [(key, value) for key, value in values.items() if value is not None]
        return Form(self.action, fields)

    def data(self) -> list[tuple[str, str]]:
        return list(self.fields)


def read_form(html: str, marker: str) -> Form:
    """The form whose id or data-testid is ``marker``."""
    reader = _FormReader(marker)
    reader.feed(html)
    reader.close()
    if not reader.found:
        raise FormNotFound(f"no form {marker!r} on the page")
    return Form(reader.action, reader.fields + reader.owned.get(reader.form_id or "", []))


def links(html: str, pattern: str) -> list[str]:
    """The distinct href / hx-get targets matching ``pattern`` (a regex), in page order."""
    found: list[str] = []
    for match in re.finditer(r'(?:href|hx-get)="([^"]+)"', html):
        url = match.group(1).replace("&amp;", "&")
        if re.fullmatch(pattern, url) and url not in found:
            found.append(url)
    return found
