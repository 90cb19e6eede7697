"""Online consultations: a text published section by section for public comment."""
