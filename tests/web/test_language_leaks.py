"""No English and no raw codes left in the French, Dutch and German pages of the demo.

The test loads the demo, then browses it as someone not signed in and as each demo role: it
starts from every page route without a path parameter that the role may open, follows the links
it finds, and opens one address per route of the app and role (every address for the routes in
`EVERY`, whose records differ in what they show). Each page is
fetched in French, Dutch and German; the visible text (text between the tags, and the `title`,
`alt`, `placeholder` and `aria-label` attributes) is read outside `<script>` and `<style>`, and
outside any element marked with a `lang` other than the page's (text marked as being in another
language is honest) or with `translate="no"` (an identifier, such as an indicator's code in the
open data, is the same in every language). A piece of text is a leak when it is

- an English source string of our catalogues that the page's language translates differently;
- a raw enumeration code (`snake_case` words);
- an English citation word of the AI Act ("Annex IV") instead of the language's own;
- a sentence of English free text (several words that only English has: "the", "with"...).

The crawl must reach every page route but those in `ELSEWHERE`, which no link leads to (a
citizen's follow-up page and its key, the panel members' space, a job's page...):
test_language_leaks_more.py opens those through the forms, with the same checks.

`ALLOWED` lists the few words that are legitimately the same in every language; `KNOWN` the
leaks found and left to the pages' owners, so that the test holds everything else meanwhile.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
from babel.messages.pofile import read_po
from fastapi import FastAPI
from fastapi.testclient import TestClient
from monitoring_support import INCIDENT_FORM
from web_support import bearer, browser, csrf_of, html_lang, post_form

from balise.bootstrap import Container
from balise.domain.observatory.catalogue import load_indicators
from balise.domain.shared.i18n import Language
from balise.i18n import catalogue_paths, translations
from balise.services.demo import load_demo
from balise.web.app import create_app, routes_of
from balise.web.observatory.views import BASES

LANGUAGES = (Language.FR, Language.NL, Language.DE)
DEMO_PASSWORD = "balise-demo-2026"
# Who browses: the demo's accounts by role (users.yaml), and someone not signed in.
BROWSERS = {
    "anonymous": None,
    "admin": "admin@demo.balise.be",
    "regulator": "regulator@demo.balise.be",
    "editor": "editor.bosa@demo.balise.be",
    "reviewer": "reviewer.bosa@demo.balise.be",
}
# Addresses that are not pages: files, JSON twins, fragments, redirects to elsewhere.
NOT_PAGES = re.compile(r"\.(json|jsonld|csv|xlsx|pdf)$|^/(healthz|auth/)|/progress$|/link/")
# Text that is the same in every language: acronyms, names of methods and of standards.
ALLOWED = frozenset(
    {"API", "PDF", "CSV", "JSON", "HTML", "XLSX", "LEXIMIN", "Balise", "OK", "IA", "AI", "ID"}
    # the names of our cookies, which the privacy notice lists as the browser shows them
    | {"balise_csrf", "balise_lang", "balise_oidc", "balise_session"}
)
# English source strings that are also a word of the language ("Register" is German too).
SAME_WORD = {Language.DE: frozenset({"Register"})}
# Leaks known and not yet fixed, each with the page it shows on. Remove an
# entry once fixed: the test then holds the fix.
KNOWN: dict[str, str] = {}
PARTS = re.compile(r"[\s→:;,()·—]+")  # a piece of text split into its words and values
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")
ENGLISH_CITATION = re.compile(r"\bAnnex(es)? [IVX]+\b")
# Routes whose every page the crawl opens, not just one: their records differ in what they cite.
EVERY = frozenset({"/guides/{guide_code}", "/monitoring/incidents/{incident_reference}"})
# Routes the crawl does not reach by following links: they need a secret (a citizen's follow-up
# link, a panel member's session), a job, a query or a record the demo has not. Each is opened by
# test_language_leaks_more.py, or listed there with the reason it is not.
ELSEWHERE = frozenset(
    {
        "/aiact/saved/{questionnaire_id}/result",
        "/aiact/saved/{questionnaire_id}/{section_id}",
        "/assessments/{assessment_id}/compare",
        "/assessments/{assessment_id}/sections/{section_id}",
        "/audits/connections/{connection_id}",
        "/audits/connections/{connection_id}/audit",
        "/audits/uploads/{upload_id}",
        "/audits/{audit_id}",
        "/audits/{audit_id}.html",
        "/jobs/{job_id}",
        "/panels/{slug}/register",
        "/panels/{slug}/space",
        "/panels/{slug}/space/erasure",
        "/panels/{slug}/space/link",
        "/panels/{slug}/space/questionnaire",
        "/panels/{slug}/space/sign-in",
        "/panels/{slug}/space/sign-out",
        "/panels/{slug}/space/votes",
        "/panels/{slug}/space/votes/{message_id}",
        "/questions/{question_reference}",
        "/register/import/jobs/{job_id}",
        "/register/{slug}/footprint/jobs/{job_id}",
        "/register/{slug}/obligations/{code}/{role}",
        "/requests/{reference}",
        "/systems/{slug}/compare",
    }
)
# Words of English that are no word of French, Dutch or German ("on", "was", "an" are).
ENGLISH_WORDS = frozenset(
    {
        "the",
        "and",
        "with",
        "were",
        "are",
        "which",
        "this",
        "that",
        "for",
        "to",
        "of",
        "after",
        "has",
        "have",
        "your",
        "you",
        "from",
        "its",
        "their",
        "been",
        "will",
        "should",
        "must",
    }
)
HIDDEN = {"script", "style", "template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
VISIBLE_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label")
TAB_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
# The elements of HTML and of the SVG charts; any other tag is text a browser would hide.
ELEMENTS = frozenset(
    re.findall(
        r"\w+",
        """a abbr address article aside b blockquote body br button caption circle code col
        colgroup data dd del desc details dfn div dl dt em fieldset figcaption figure footer form
        g h1 h2 h3 h4 h5 h6 head header hr html i img input ins kbd label legend li line link main
        mark meta nav noscript ol optgroup option output p path polygon polyline pre progress q
        rect s samp script section select small source span strong style sub summary sup svg table
        tbody td template text textarea tfoot th thead time title tr tspan u ul var wbr""",
    )
)


class VisibleText(HTMLParser):
    """The pieces of visible text of a page in its own language, and its links."""

    def __init__(self, language: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, shown in the page's language)
        self.language = language
        self.pieces: list[str] = []
        self.links: list[str] = []
        self.tags: set[str] = set()

    def shown(self) -> bool:
        return not self.stack or self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        lang = values.get("lang")
        own = self.shown() and tag not in HIDDEN
        if lang is not None:
            own = own and lang.split("-")[0] == self.language
        if values.get("translate") == "no":  # an identifier, the same in every language
            own = False
        if own:
            self.pieces.extend(v for k, v in attrs if k in VISIBLE_ATTRIBUTES and v)
        if tag not in VOID:
            self.stack.append((tag, own))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and self.shown():
            self.pieces.append(text)


def english_sources() -> frozenset[str]:
    """Every English source string of the catalogues (singular and plural forms)."""
    found: set[str] = set()
    for path in catalogue_paths(Language.FR):
        with path.open("rb") as source:
            for message in read_po(source):
                ids = message.id if isinstance(message.id, tuple) else (message.id,)
                found.update(" ".join(str(i).split()) for i in ids if i)
    return frozenset(found)


@cache
def own_words(language: Language, sources: frozenset[str]) -> frozenset[str]:
    """The translations of the language's catalogue: "Filter" is German too."""
    catalogue = translations(language)
    return frozenset(" ".join(catalogue.ugettext(source).split()) for source in sources)


def leaks_in(text: list[str], language: Language, sources: frozenset[str]) -> set[str]:
    catalogue = translations(language)
    own = own_words(language, sources)
    found = set()
    for piece in text:
        bare = piece.strip(" :·,.;()")
        if not bare or bare in ALLOWED or piece in own or bare in own:
            continue
        if bare in SAME_WORD.get(language, frozenset()):
            continue
        if (bare in sources and catalogue.ugettext(bare) != bare) or (
            piece in sources and catalogue.ugettext(piece) != piece
        ):
            found.add(f"English: {bare!r}")
        elif codes := [part for part in PARTS.split(piece) if SNAKE_CASE.match(part)]:
            found.update(f"code: {code!r}" for code in codes if code not in ALLOWED)
        elif english_sentence(piece):
            found.add(f"English text: {piece[:80]!r}")
        if ENGLISH_CITATION.search(piece):
            found.add(f"citation: {piece!r}")
    return found


def english_sentence(piece: str) -> bool:
    """Free text in English: several of its words are English only (none is French, Dutch or
    German), such as "the", "and", "with"."""
    words = re.findall(r"[A-Za-z]+", piece.lower())
    english = [word for word in words if word in ENGLISH_WORDS]
    return len(english) >= 3 and len(english) * 5 >= len(words)


def route_patterns(app: FastAPI) -> list[tuple[str, re.Pattern[str]]]:
    """The page routes that answer GET, each with a pattern of the addresses it serves."""
    patterns = []
    for route in routes_of(app):
        if (
            "GET" not in route.methods
            or route.path.startswith("/api")
            or NOT_PAGES.search(route.path)
        ):
            continue
        regex = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(route.path))
        patterns.append((route.path, re.compile(f"^{regex}$")))
    return patterns


def template_of(path: str, patterns: list[tuple[str, re.Pattern[str]]]) -> str | None:
    for template, pattern in patterns:
        if pattern.match(path):
            return template
    return None


@pytest.fixture
def demo_app(container: Container) -> FastAPI:
    """The demo in the test's database (its accounts hashed cheaply by tests/web's conftest)."""
    with container.uow() as uow:
        load_demo(uow, solver=container.solver())
        uow.commit()
    return create_app(container)


def signed_in(app: FastAPI, email: str | None) -> TestClient:
    client = browser(app)
    client.__enter__()
    if email is not None:
        response = client.post(
            "/login",
            data={"email": email, "password": DEMO_PASSWORD, "csrf_token": csrf_of(client)},
            follow_redirects=False,
        )
        assert response.status_code == 303, email
    return client


def choose(client: TestClient, language: str) -> None:
    """Read in `language`: the cookie the language menu sets, in place of the one signing in set."""
    client.cookies.delete("balise_lang")
    client.cookies.set("balise_lang", language)


def crawl(client: TestClient, patterns: list[tuple[str, re.Pattern[str]]]) -> list[str]:
    """One address per page route this client may open (every one for the routes in EVERY)."""
    seen: dict[str, str] = {}
    opened: list[str] = []
    queue = [template for template, _ in patterns if "{" not in template]
    visited: set[str] = set()
    choose(client, "en")
    while queue:
        address = queue.pop(0)
        if address in visited:
            continue
        visited.add(address)
        template = template_of(address, patterns)
        if template is None or (template in seen and template not in EVERY):
            continue
        response = client.get(address, follow_redirects=False)
        if response.status_code != 200 or "text/html" not in response.headers["content-type"]:
            continue
        seen.setdefault(template, address)
        opened.append(address)
        parser = VisibleText("en")
        parser.feed(response.text)
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            linked = template_of(parts.path, patterns)
            if (linked not in seen or linked in EVERY) and parts.path not in visited:
                queue.append(parts.path)
    return opened


def look_for_leaks(
    client: TestClient,
    address: str,
    role: str,
    sources: frozenset[str],
    leaks: dict[str, set[str]],
) -> None:
    """Open `address` in French, Dutch and German; add each leak with where it shows."""
    for language in LANGUAGES:
        choose(client, language.value)
        response = client.get(address)
        assert response.status_code == 200, (role, address)
        assert html_lang(response) == language.value, (role, address)
        parser = VisibleText(language.value)
        parser.feed(response.text)
        found = leaks_in(parser.pieces, language, sources)
        # a translation written with "<word>" turns into an element a browser does not show
        found.update(f"an unknown element <{tag}>" for tag in parser.tags - ELEMENTS)
        tab = TAB_TITLE.search(response.text)
        if tab is None or "<" in tab.group(1):  # a browser shows the tags as they are
            found.add(f"tags in the browser tab's title: {tab.group(1) if tab else None}")
        for leak in found:
            leaks.setdefault(leak, set()).add(f"{language.value} {address} ({role})")


def leaks_report(leaks: dict[str, set[str]]) -> list[str]:
    """The leaks not in KNOWN, each with up to three places it shows on."""
    return [
        f"{leak} on {sorted(where)[:3]}"
        for leak, where in sorted(leaks.items())
        if leak not in KNOWN
    ]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_no_english_or_codes_in_the_other_languages(demo_app: FastAPI) -> None:
    patterns = route_patterns(demo_app)
    sources = english_sources()
    leaks: dict[str, set[str]] = {}
    opened: set[str] = set()
    for role, email in BROWSERS.items():
        client = signed_in(demo_app, email)
        try:
            addresses = crawl(client, patterns)
            opened.update(template_of(address, patterns) or address for address in addresses)
            for address in addresses:
                look_for_leaks(client, address, role, sources, leaks)
        finally:
            client.__exit__(None, None, None)
    report = leaks_report(leaks)
    assert len(opened) > 60, sorted(opened)
    unreached = {template for template, _ in patterns} - opened
    # The pages the crawl cannot find by following links: test_language_leaks_more opens them.
    assert unreached <= ELSEWHERE, sorted(unreached - ELSEWHERE)
    # The demo's incidents are each written in their organisation's language, and say which.
    with browser(demo_app, language="fr") as client:
        public = client.get("/incidents").text
    assert '<p lang="de">Ein Ranking-System' in public
    assert '<p lang="nl">Een model' in public
    assert report == [], "\n".join(report)


def test_every_indicator_basis_can_be_shown_in_each_language() -> None:
    """The indicators' legal basis is English in the file; the page shows it translated."""
    for indicator in load_indicators():
        assert indicator.basis in BASES, indicator.code
        for language in LANGUAGES:
            assert translations(language).ugettext(indicator.basis) != indicator.basis


def test_an_incident_records_the_language_it_is_written_in(
    world: dict[str, Any], browsers: dict[str, TestClient], issue_token: Callable[..., str]
) -> None:
    """A report through a Dutch page is Dutch; the API may say otherwise; other pages mark it."""
    editor = browsers["editor"]
    choose(editor, "nl")
    report = {**INCIDENT_FORM, "description": "Ongelijke weigeringen."}
    created = post_form(editor, "/monitoring/incidents/new", report)
    assert created.status_code == 303, created.text
    path = created.headers["location"]
    regulator = browsers["regulator"]
    choose(regulator, "fr")
    assert '<span lang="nl">Ongelijke weigeringen.</span>' in regulator.get(path).text
    choose(regulator, "nl")
    assert "<span>Ongelijke weigeringen.</span>" in regulator.get(path).text
    given = {**INCIDENT_FORM, "description": "Ungleiche Ablehnungen.", "language": "de"}
    made = editor.post("/api/v1/incidents", json=given, headers=bearer(issue_token("editor")))
    assert made.status_code == 201, made.text
    assert made.json()["report"]["language"] == "de"
