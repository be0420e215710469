"""Send stage: the outbox and the SMTP relay client."""
