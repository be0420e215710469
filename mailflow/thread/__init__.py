"""Thread stage: decide which conversation a message belongs to. Pure."""
