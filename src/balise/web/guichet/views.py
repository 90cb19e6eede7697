"""View models of the guichet: one function builds what the page, its JSON and the API show.

Guides are Markdown; they become HTML here with markdown-it-py in its CommonMark preset with raw
HTML turned off (anything that looks like a tag is shown as text) and its link validation on (no
`javascript:` or `data:` links), plus tables. That is the sanitising: nothing a guide's author
writes can become a script or an attribute on the page.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from balise.domain.aiact.ruleset import load_rules
from balise.domain.guichet.guides import Guide, guide_path
from balise.domain.guichet.questions import Question
from balise.domain.shared.i18n import N_, Language
from balise.i18n import gettext
from balise.services.guichet import DeskStatistics
from balise.web.aiact.citations import cite

LABELS: dict[str, str] = {
    "guide": N_("Guide"),
    "template": N_("Template"),
    "draft": N_("Draft"),
    "published": N_("Published"),
    "superseded": N_("Superseded"),
    "company": N_("A company"),
    "administration": N_("An administration"),
    "citizen": N_("A citizen"),
    "received": N_("Received"),
    "escalated": N_("Passed on to the European Commission"),
    "answered": N_("Answered"),
}


TABLE_LABEL = N_("Table of the guide")


def label(value: str) -> str:
    return gettext(LABELS[value]) if value in LABELS else value


@cache
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def render_markdown(text: str) -> Markup:
    """Safe HTML of a Markdown text: raw HTML is escaped, unsafe links are dropped.

    Tables scroll sideways in a labelled, focusable region rather than widen the page.
    """
    html = _markdown().render(text)
    label_text = escape(gettext(TABLE_LABEL))
    region = f'<div class="table-scroll" role="region" tabindex="0" aria-label="{label_text}">'
    html = html.replace("<table>", region + "<table>")
    html = html.replace("</table>", "</table></div>")
    return Markup(html)  # noqa: S704 - html is off, links validated


def obligation_info(code: str, language: Language) -> dict[str, str]:
    """An obligation's article (cited in `language`) and plain-language explanation, from the
    classifier's catalogue."""
    for law in reversed(list(load_rules().versions.values())):
        spec = law.obligations.get(code)
        if spec is not None:
            text = spec.explanation.get(language.value) or spec.explanation.get("en", "")
            article = cite(spec.article, language.value)
            return {"code": code, "article": article, "explanation": text}
    return {"code": code, "article": "", "explanation": ""}


def guide_summary(guide: Guide, language: Language) -> dict[str, Any]:
    text, shown = guide.text_in(language)
    return {
        "code": guide.code,
        "version": guide.version,
        "kind": guide.kind.value,
        "state": guide.state.value,
        "title": text.title,
        "summary": text.summary,
        "language": shown.value,
        "fallback": shown is not language,
        "languages": [lang.value for lang in guide.languages],
        "obligations": list(guide.obligations),
        "articles": list(guide.articles),
        "article_labels": [cite(article, language.value) for article in guide.articles],
        "url": guide_path(guide.code),
        "published_at": guide.published_at.isoformat() if guide.published_at else None,
    }


def guide_page(guide: Guide, language: Language) -> dict[str, Any]:
    text, _ = guide.text_in(language)
    return {
        **guide_summary(guide, language),
        "body_html": render_markdown(text.body),
        "obligation_details": [obligation_info(code, language) for code in guide.obligations],
    }


def guide_api(guide: Guide) -> dict[str, Any]:
    """Every language of a guide, in Markdown, for programs."""
    return {
        "code": guide.code,
        "version": guide.version,
        "kind": guide.kind.value,
        "obligations": list(guide.obligations),
        "articles": list(guide.articles),
        "url": guide_path(guide.code),
        "published_at": guide.published_at.isoformat() if guide.published_at else None,
        "texts": guide.texts_json(),
    }


def follow_up_view(question: Question, *, today: date) -> dict[str, Any]:
    """What the asker sees through the secret link: their question, its state, the answer."""
    return {
        "reference": question.reference,
        "subject": question.subject,
        "text": question.text,
        "state": question.state.value,
        "asked_on": question.asked_on.isoformat(),
        "due_on": question.due_on.isoformat(),
        "overdue": question.overdue(today),
        "answer": question.answer,
        "answered_on": question.answered_on.isoformat() if question.answered_on else None,
        "escalated_on": question.escalated_at.date().isoformat() if question.escalated_at else None,
        "faq": question.faq_published_at is not None,
        "erased": question.contact_erased_at is not None,
    }


def staff_view(question: Question, *, today: date) -> dict[str, Any]:
    return {
        **follow_up_view(question, today=today),
        "asker_kind": question.asker_kind.value,
        "language": question.language.value,
        "email": question.email,
        "publish_consent": question.publish_consent,
        "obligations": list(question.obligations),
        "escalation_note": question.escalation_note,
        "faq_question": question.faq_question,
        "faq_answer": question.faq_answer,
        "days_to_answer": question.days_to_answer(),
        "on_time": question.answered_on_time,
    }


def faq_view(question: Question) -> dict[str, Any]:
    entry = question.faq()
    assert entry is not None
    return {
        "reference": entry.reference,
        "question": entry.question,
        "answer": entry.answer,
        "language": entry.language.value,
        "obligations": list(entry.obligations),
        "published_on": entry.published_at.date().isoformat(),
    }


def statistics_view(stats: DeskStatistics) -> dict[str, Any]:
    return stats.to_json()
