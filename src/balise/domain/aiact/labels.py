"""Plain-language labels of the classifier's trace steps, as data (trace_labels.yaml).

Each step of a result's trace (`TraceEntry.rule`) has a short description in every language, so
that a result page reads in the reader's language; the technical `reason` stays in the JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

from balise.domain.aiact.ruleset import LANGUAGES, load_yaml

LABELS_FILE = Path(__file__).parent / "trace_labels.yaml"


@cache
def trace_labels() -> Mapping[str, Mapping[str, str]]:
    raw = load_yaml(LABELS_FILE.read_text("utf-8"))
    labels: dict[str, dict[str, str]] = {}
    for key, texts in raw.items():
        missing = [lang for lang in LANGUAGES if not (texts or {}).get(lang)]
        if missing:
            raise ValueError(f"trace label {key} lacks {', '.join(missing)}")
        labels[str(key)] = {lang: str(texts[lang]) for lang in LANGUAGES}
    return labels


def trace_label(rule: str, lang: str) -> str | None:
    """The step's description in `lang`, or None for a step without one."""
    texts = trace_labels().get(rule)
    return texts.get(lang) if texts else None
