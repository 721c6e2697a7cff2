"""Reading the forms off a page the way a browser does: every ``<form method="post">``,
where it posts to (as a URL name), and the fields it would submit with their options.

A submit button with its own ``formaction`` posts the same fields elsewhere: each
such button counts as one more form, with that action (and no other button's name)."""

from copy import deepcopy
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve


@dataclass
class FieldSpec:
    name: str
    kind: str  # text, textarea, email, url, date, time, number, checkbox, radio, select, hidden, file, button
    options: list = field(default_factory=list)
    default: str = ""
    multiple: bool = False
    max_length: int = 0


@dataclass
class FormSpec:
    action: str  # the URL it posts to
    target: str  # that URL's name
    fields: dict  # name -> FieldSpec
    multipart: bool
    # Fields that pick a record, and its model, read from the view's form class.
    picks: dict = field(default_factory=dict)


class FormParser(HTMLParser):
    """Every ``<form method="post">`` of a page with the fields it would submit."""

    def __init__(self, page_url):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms, self._form, self._select, self._textarea = [], None, None, None
        self._formactions = []

    def _field(self, name, kind, **extra):
        if not name or name == "csrfmiddlewaretoken":
            return None
        fields = self._form.fields
        if name not in fields:
            fields[name] = FieldSpec(name=name, kind=kind, **extra)
        return fields[name]

    def handle_starttag(self, tag, attrs):
        a = {key: value or "" for key, value in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            action = a.get("action") or self.page_url
            self._form = FormSpec(
                action=action, target="", fields={}, multipart="multipart" in a.get("enctype", "")
            )
            return
        if self._form is None:
            return
        if tag in ("button", "input") and a.get("formaction") and a.get("type", "submit").lower() == "submit":
            self._formactions.append(a["formaction"])
            return
        max_length = int(a["maxlength"]) if a.get("maxlength", "").isdigit() else 0
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "reset", "image"):
                kind = "button"
            spec = self._field(a.get("name"), kind, max_length=max_length)
            if spec is None:
                return
            if kind in ("radio", "checkbox", "button"):
                value = a.get("value", "on")
                if value not in spec.options:
                    spec.options.append(value)
                if kind == "checkbox" and len(spec.options) > 1:
                    spec.multiple = True
                if "checked" in a and not spec.default:
                    spec.default = value
            elif not spec.default:
                spec.default = a.get("value", "")
        elif tag == "textarea":
            self._textarea = self._field(a.get("name"), "textarea", max_length=max_length)
        elif tag == "select":
            self._select = self._field(a.get("name"), "select", multiple="multiple" in a)
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select.options.append(value)
            if "selected" in a:
                self._select.default = value
        elif tag == "button" and a.get("name"):
            spec = self._field(a["name"], "button")
            if spec is not None:
                spec.options.append(a.get("value", ""))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.default += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            if self._select is not None and not self._select.default and self._select.options:
                self._select.default = self._select.options[0]  # what a browser sends when none is selected
            self._select = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            plain = {name: spec for name, spec in self._form.fields.items() if spec.kind != "button"}
            for action in dict.fromkeys(self._formactions):
                self.forms.append(
                    FormSpec(
                        action=action,
                        target="",
                        fields={name: deepcopy(spec) for name, spec in plain.items()},
                        multipart=self._form.multipart,
                    )
                )
            self._form, self._formactions = None, []


def url_name(url):
    try:
        return resolve(urlsplit(url).path).url_name
    except Resolver404:
        return None


def forms_on(response, page_url):
    parser = FormParser(page_url)
    parser.feed(response.content.decode())
    for form in parser.forms:
        form.target = url_name(form.action)
    return parser.forms
