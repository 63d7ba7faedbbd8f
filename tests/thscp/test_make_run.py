"""Issue 12: `make run PORT=...` points the links in emails at the port it serves on."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_sets_site_url_to_the_address_it_serves():
    commands = subprocess.run(  # noqa: S603 - a fixed command line, no input
        [shutil.which("make"), "-n", "run", "PORT=8123"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    [runserver] = [line for line in commands.splitlines() if "runserver" in line]
    assert "SITE_URL=http://127.0.0.1:8123" in runserver and "127.0.0.1:8123" in runserver
