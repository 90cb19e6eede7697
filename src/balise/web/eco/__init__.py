"""The eco area on the web: a record's footprint, the label's guide, the API."""
