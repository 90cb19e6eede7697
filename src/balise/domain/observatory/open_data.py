"""The observatory's open data described for the DCAT-AP catalogue (JSON-LD)."""

from __future__ import annotations

from typing import Any

CC0 = "http://publications.europa.eu/resource/authority/licence/CC0"
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
IANA = "http://www.iana.org/assignments/media-types/"

TITLE = {
    "fr": "Observatoire de l'IA digne de confiance : indicateurs et historique",
    "nl": "Observatorium van betrouwbare AI: indicatoren en hun geschiedenis",
    "de": "Observatorium für vertrauenswürdige KI: Indikatoren und ihr Verlauf",
    "en": "Observatory of trustworthy AI: indicators and their history",
}
DESCRIPTION = {
    "fr": "Les indicateurs de l'observatoire, leur définition et leurs valeurs quotidiennes.",
    "nl": "De indicatoren van het observatorium, hun definitie en hun dagelijkse waarden.",
    "de": "Die Indikatoren des Observatoriums, ihre Definition und ihre täglichen Werte.",
    "en": "The observatory's indicators, their definitions and their daily values.",
}
FILES = (
    ("observatory.json", "application/json", "JSON", "Indicators, values and history (JSON)"),
    ("observatory/indicators.csv", "text/csv", "CSV", "Indicators and definitions (CSV)"),
    ("observatory/history.csv", "text/csv", "CSV", "Every daily snapshot (CSV)"),
    ("observatory/history.json", "application/json", "JSON", "Every daily snapshot (JSON)"),
)


def _texts(texts: dict[str, str]) -> list[dict[str, str]]:
    return [{"@value": text, "@language": lang} for lang, text in texts.items()]


def dcat_dataset(base_url: str) -> dict[str, Any]:
    """The observatory's dataset, with one distribution per file it publishes."""
    base = base_url.rstrip("/")
    return {
        "@id": f"{base}/open-data#observatory",
        "@type": "dcat:Dataset",
        "dct:identifier": f"{base}/open-data#observatory",
        "dct:title": _texts(TITLE),
        "dct:description": _texts(DESCRIPTION),
        "dct:license": {"@id": CC0},
        "dcat:landingPage": {"@id": f"{base}/observatory"},
        "dcat:distribution": [
            {
                "@id": f"{base}/{path}#distribution",
                "@type": "dcat:Distribution",
                "dct:title": {"@value": title, "@language": "en"},
                "dcat:accessURL": {"@id": f"{base}/{path}"},
                "dcat:downloadURL": {"@id": f"{base}/{path}"},
                "dcat:mediaType": {"@id": f"{IANA}{media_type}"},
                "dct:format": {"@id": f"{EU_FILE_TYPE}{file_type}"},
                "dct:license": {"@id": CC0},
            }
            for path, media_type, file_type, title in FILES
        ],
    }
