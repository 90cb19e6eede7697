"""Online consultations on the web: pages, open data and the API."""
