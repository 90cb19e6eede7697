"""PDF documents from HTML, with WeasyPrint, fetching nothing from outside.

The HTML of a report can hold text that users typed (names, descriptions, answers). WeasyPrint
would fetch every image, stylesheet or font such text points at: `http://` addresses (requests
from the server into its own network), `file://` paths (files of the server). Only `data:` URLs,
which carry their content inline, are read; anything else is refused and left out of the page.
"""

from __future__ import annotations

from typing import Any

ALLOWED_PROTOCOLS = frozenset({"data"})


def pdf_from_html(html: str) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    class InlineOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.partition(":")[0].lower() not in ALLOWED_PROTOCOLS:
                raise ValueError(f"Balise renders PDF without fetching {url[:80]}")
            return super().fetch(url, headers)

    fetcher = InlineOnly(allowed_protocols=set(ALLOWED_PROTOCOLS), allow_redirects=False)
    pdf: bytes = HTML(string=html, url_fetcher=fetcher).write_pdf()
    return pdf
