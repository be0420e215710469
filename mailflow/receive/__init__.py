"""Intake edges: SMTP/LMTP endpoint, IMAP sync, file import."""
