"""Turning view-models into HTML pages, JSON documents and RFC 9457 problem details."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent
from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from balise import __version__
from balise.domain.accounts.model import MIN_PASSWORD_LENGTH
from balise.domain.shared.i18n import LANGUAGES, Language, LocalizedText, Message
from balise.i18n import current_language, gettext, ngettext, translate, using
from balise.web.access import CSRF_COOKIE, CSRF_FIELD
from balise.web.audits.charts import decimal as audit_number
from balise.web.audits.charts import document_view as audit_view
from balise.web.labels import label, stratum_label

TEMPLATES = Path(__file__).parent / "templates"
BRUSSELS = ZoneInfo("Europe/Brussels")

LANGUAGE_NAMES = {
    Language.FR: "Français",
    Language.NL: "Nederlands",
    Language.DE: "Deutsch",
    Language.EN: "English",
}


@cache
def _locale(language: Language) -> Locale:
    """Babel's locale of a language, parsed once (Babel parses a locale name on every call)."""
    return Locale.parse(language.value)


@lru_cache(maxsize=256)
def language_name(code: str, reader: Language) -> str:
    """A language's name in the reader's language ("néerlandais" for a French reader), to be used
    inside a sentence; the language switch names each language in itself instead. Kept: a list
    of results asks for it once per text."""
    name = _locale(reader).languages.get(code)
    return str(name) if name else code


class Fields(dict[str, Any]):
    """A dict whose keys templates read as attributes (`system.url`): Jinja tries an attribute
    before a key, and a plain dict fails that first try, which costs more than the lookup."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def language_of(request: Request) -> Language:
    language: Language = getattr(request.state, "language", Language.EN)
    return language


def _format_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    return format_datetime(
        value, format="medium", tzinfo=BRUSSELS, locale=_locale(current_language.get())
    )


def _format_date(value: date | None) -> str:
    if value is None:
        return ""
    return format_date(value, format="long", locale=_locale(current_language.get()))


def _format_number(value: float | int) -> str:
    return _number_in(value, current_language.get())


@lru_cache(maxsize=4096, typed=True)
def _number_in(value: float | int, language: Language) -> str:
    """A number as the reader writes it; pages show the same few counts again and again."""
    return format_decimal(value, locale=_locale(language))


def _format_percent(value: float) -> str:
    return format_percent(value, locale=_locale(current_language.get()))


def _localized(text: LocalizedText | Mapping[str, str]) -> Markup:
    """Text in the reader's language, or in another one with a visible note saying so."""
    if not isinstance(text, LocalizedText):
        text = LocalizedText.from_mapping(text)
    found = text.in_language(current_language.get())
    if found is None:
        return Markup('<span class="missing">{}</span>').format(gettext("(not given)"))
    if not found.fallback:
        return escape(found.text)
    note = gettext("Not available in your language; shown in %(language)s.") % {
        "language": language_name(found.language.value, current_language.get())
    }
    return Markup('<span lang="{}">{}</span> <span class="fallback-note">({})</span>').format(
        found.language.value, found.text, note
    )


def _proper_name(text: LocalizedText | Mapping[str, str]) -> Markup:
    """A name (an organisation's): in the reader's language when it has one, else as written,
    marked with its language but without a note, since a name is not translated."""
    if not isinstance(text, LocalizedText):
        text = LocalizedText.from_mapping(text)
    found = text.in_language(current_language.get())
    if found is None:
        return Markup('<span class="missing">{}</span>').format(gettext("(not given)"))
    if not found.fallback:
        return escape(found.text)
    return Markup('<span lang="{}">{}</span>').format(found.language.value, found.text)


def _translate(message: Message | Mapping[str, Any]) -> str:
    if not isinstance(message, Message):
        message = Message(message["key"], message.get("params") or {})
    return translate(message)


def _main_menu(path: str, actor: Any) -> Markup:
    """The main menu of every page. It changes only with the language, the address (the
    current page is marked) and the kind of reader, and rendering its items and their labels
    on every page costs as much as a small page: each combination is rendered once."""
    role = getattr(actor, "role", None)
    signed_in = getattr(actor, "user", None) is not None
    return _menu_for(current_language.get(), path, signed_in, role.value if role else None)


@lru_cache(maxsize=1024)
def _menu_for(language: Language, path: str, signed_in: bool, role: str | None) -> Markup:
    menu = ENVIRONMENT.get_template("_main_menu.html")
    html = menu.render(path=path, signed_in=signed_in, role=role)
    return Markup(html)  # noqa: S704 - rendered by the autoescaping environment


@lru_cache(maxsize=len(LANGUAGES))
def _footer_for(language: Language) -> Markup:
    html = ENVIRONMENT.get_template("_footer.html").render()
    return Markup(html)  # noqa: S704 - rendered by the autoescaping environment


def _page_footer() -> Markup:
    """The footer of every page: the same for every reader of a language, rendered once."""
    return _footer_for(current_language.get())


def make_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        # Templates are read once; `balise serve --reload` turns re-reading on (cli/serve.py).
        auto_reload=False,
    )
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        isodatetime=lambda text: _format_datetime(datetime.fromisoformat(text)),
        datetime=_format_datetime,
        date=_format_date,
        number=_format_number,
        percent=_format_percent,
        localized=_localized,
        proper_name=_proper_name,
        message=_translate,
        stratum=stratum_label,
        language_name=lambda code: language_name(str(code), current_language.get()),
    )
    env.globals.update(
        audit_number=audit_number,  # audit figures, on audit pages and the portal
        audit_view=audit_view,
        label=label,
        languages=LANGUAGES,
        language_names=LANGUAGE_NAMES,
        main_menu=_main_menu,
        page_footer=_page_footer,
        min_password_length=MIN_PASSWORD_LENGTH,
        version=__version__,
    )
    return env


ENVIRONMENT = make_environment()


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
    csrf_token: str | None = None,
) -> HTMLResponse:
    language = language_of(request)
    with using(language):
        html = ENVIRONMENT.get_template(template).render(
            request=request,
            language=language,
            actor=getattr(request.state, "actor", None),
            # The member signed in to this panel's members' space, when the page looked them up
            # (member pages do): the header's account links are theirs. Never part of the menu.
            space_member=getattr(request.state, "panel_member", None),
            csrf_field=CSRF_FIELD,
            csrf_token=request.cookies.get(CSRF_COOKIE, "") if csrf_token is None else csrf_token,
            oidc_enabled=request.app.state.container.settings.oidc_enabled,
            oidc_label=request.app.state.container.settings.oidc_label,
            **(context or {}),
        )
    return HTMLResponse(html, status_code=status_code)


def field_errors(errors: Mapping[str, Message], language: Language) -> dict[str, str]:
    return {field: translate(message, language) for field, message in errors.items()}


def problem(
    request: Request,
    *,
    status: int,
    title: Message,
    errors: Mapping[str, Message] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """An RFC 9457 problem document, its text in the caller's language."""
    language = language_of(request)
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": translate(title, language),
        "status": status,
        "instance": request.url.path,
    }
    if errors:
        body["errors"] = [
            {"field": field, "detail": translate(message, language)}
            for field, message in errors.items()
        ]
    return JSONResponse(
        body, status_code=status, media_type="application/problem+json", headers=dict(headers or {})
    )
