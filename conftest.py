"""Shared test set-up. TESTING relaxes only what a test machine lacks (HTTPS, a secret)."""

import os

os.environ.setdefault("TESTING", "1")
