"""Monitoring: serious-incident reports (AI Act Art 73, Art 26(5)) and citizens' requests for an
explanation or a human review (GDPR Art 22(3) and 15(1)(h), AI Act Art 86), with legal deadlines."""
