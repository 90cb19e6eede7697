"""Impact assessments (FRIA, DPIA, ethics self-assessment) and the ethics committee's opinion."""
