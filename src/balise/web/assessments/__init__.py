"""The assessments room: impact assessments, the ethics committee and its opinions."""
