"""The observatory of indicators: its page, its JSON twin, open data and the annual report."""
