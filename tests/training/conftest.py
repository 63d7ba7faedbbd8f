"""Shared fixtures for the training tests."""

from tests.thscp.test_reminders_faults import smtp_server  # noqa: F401  (a real SMTP server on loopback)
