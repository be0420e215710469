"""Draft stage: render reply templates. Pure."""
