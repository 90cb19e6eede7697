"""Citizens' panels: organiser pages, public pages and API."""
