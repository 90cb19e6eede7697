"""The AI Act classifier: questionnaire, results and API."""
