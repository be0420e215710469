"""Hostile tests reuse the intake fixtures: the real SMTP endpoint, the private Dovecot."""

from tests.intake.conftest import dovecot, imap_user, smtp_server

__all__ = ["dovecot", "imap_user", "smtp_server"]
