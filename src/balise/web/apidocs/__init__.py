"""The JSON API described for people: /api/docs, rendered from the OpenAPI description."""
