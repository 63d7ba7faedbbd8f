"""Reading pages as a browser would: the fields a form would send, the links on a page,
and the messages a page shows. Standard library only (html.parser)."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

TEXT_INPUTS = {"text", "hidden", "email", "url", "tel", "number", "date", "time", "search", "password", ""}


@dataclass
class Form:
    action: str | None
    method: str
    # The controls a browser would send as the page stands, in order.
    values: list[tuple[str, str]] = field(default_factory=list)
    # Choices of each select and radio group, and whether it is required.
    choices: dict[str, list[str]] = field(default_factory=dict)
    required_choices: set[str] = field(default_factory=set)
    chosen: set[str] = field(default_factory=set)
    file_fields: list[str] = field(default_factory=list)
    radio_groups: list[str] = field(default_factory=list)

    def data(self) -> dict[str, str | list[str]]:
        """What a person who changes nothing but the required choices would send: each
        required select, and each radio group, left empty gets its first real option."""
        data: dict[str, str | list[str]] = {}
        for name, value in self.values:
            if name == "csrfmiddlewaretoken":
                continue
            if name in data:
                previous = data[name]
                data[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
            else:
                data[name] = value
        # A radio group is a question to answer, required or not.
        for name in self.required_choices | set(self.radio_groups):
            options = [option for option in self.choices.get(name, []) if option]
            if options and not data.get(name):
                data[name] = options[0]
        return data


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.links: list[str] = []
        self.csrf_tokens: list[str] = []
        self.error_texts: list[str] = []
        self._form: Form | None = None
        self._select: tuple[str, bool, bool] | None = None  # name, multiple, required
        self._select_selected: list[str] = []
        self._select_first: str | None = None
        self._in_option = False
        self._option_value: str | None = None
        self._option_text: list[str] = []
        self._option_selected = False
        self._textarea: str | None = None
        self._textarea_text: list[str] = []
        self._in_error = 0

    def handle_starttag(self, tag, attrs):
        attributes = {name: (value if value is not None else "") for name, value in attrs}
        if tag == "a" and "href" in attributes:
            self.links.append(attributes["href"])
        if tag in ("ul", "p", "span", "div") and self._in_error:
            self._in_error += 1
        elif "class" in attributes and (
            "govuk-error-summary__list" in attributes["class"] or "govuk-error-message" in attributes["class"]
        ):
            self._in_error = 1
        if tag == "input" and attributes.get("name") == "csrfmiddlewaretoken":
            self.csrf_tokens.append(attributes.get("value", ""))
        if tag == "form":
            self._form = Form(action=attributes.get("action"), method=attributes.get("method", "get").lower())
            self.forms.append(self._form)
            return
        form = self._form
        if form is None:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text").lower()
            if kind in TEXT_INPUTS:
                form.values.append((name, attributes.get("value", "")))
            elif kind in ("checkbox", "radio"):
                value = attributes.get("value", "on")
                if kind == "radio":
                    form.choices.setdefault(name, []).append(value)
                    if name not in form.radio_groups:
                        form.radio_groups.append(name)
                    if "required" in attributes:
                        form.required_choices.add(name)
                if "checked" in attributes:
                    form.values.append((name, value))
                    form.chosen.add(name)
            elif kind == "file":
                form.file_fields.append(name)
        elif tag == "select" and name:
            self._select = (name, "multiple" in attributes, "required" in attributes)
            self._select_selected = []
            self._select_first = None
            form.choices.setdefault(name, [])
            if "required" in attributes:
                form.required_choices.add(name)
        elif tag == "option" and self._select:
            self._end_option()  # an <option> need not be closed
            self._in_option = True
            self._option_value = attributes.get("value")
            self._option_text = []
            self._option_selected = "selected" in attributes
        elif tag == "textarea" and name:
            self._textarea = name
            self._textarea_text = []

    def _end_option(self):
        if not self._in_option:
            return
        self._in_option = False
        value = self._option_value if self._option_value is not None else "".join(self._option_text).strip()
        self._form.choices[self._select[0]].append(value)
        if self._select_first is None:
            self._select_first = value
        if self._option_selected:
            self._select_selected.append(value)
        self._option_value, self._option_text, self._option_selected = None, [], False

    def handle_endtag(self, tag):
        if self._in_error and tag in ("ul", "p", "span", "div"):
            self._in_error -= 1
        if tag == "option" and self._select:
            self._end_option()
        elif tag == "select" and self._select and self._form:
            self._end_option()
            name, multiple, _ = self._select
            chosen = self._select_selected or (
                [] if multiple or self._select_first is None else [self._select_first]
            )
            for value in chosen:
                self._form.values.append((name, value))
            self._select = None
        elif tag == "textarea" and self._textarea and self._form:
            text = "".join(self._textarea_text)
            # The HTML parser keeps the newline browsers drop after <textarea>.
            self._form.values.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "form":
            self._form = None

    def handle_data(self, data):
        if self._textarea:
            self._textarea_text.append(data)
        elif self._in_option:
            self._option_text.append(data)
        if self._in_error and data.strip():
            self.error_texts.append(data.strip())


def parse(html: str) -> _PageParser:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return parser


def post_forms(html: str) -> list[Form]:
    return [form for form in parse(html).forms if form.method == "post"]


def errors_shown(html: str) -> str:
    """The error summary and field errors on a page, for a failure message."""
    return " | ".join(dict.fromkeys(parse(html).error_texts)) or "(no error summary)"


def links(html: str) -> list[str]:
    return parse(html).links
