"""A request's path cannot be moved by a header: two-factor enforcement reads the path
the app routes (path_info), and gunicorn takes no SCRIPT_NAME or PATH_INFO from headers."""

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from governance import roles

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_a_script_name_under_accounts_does_not_exempt_a_page_from_two_factor(client, make_user):
    user = make_user(roles.BUSINESS_UNIT, two_factor=False)
    client.force_login(user)

    response = client.get("/reviews/", SCRIPT_NAME="/accounts")

    assert response.status_code == 302
    assert "/2fa/totp/activate/" in response["Location"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _echo_through_gunicorn(*config_args) -> str:
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            *config_args,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "tests.thscp.wsgi_echo:application",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        request = urllib.request.Request(  # noqa: S310 - loopback only
            f"http://127.0.0.1:{port}/accounts/reviews/", headers={"SCRIPT_NAME": "/accounts"}
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310
                    return response.read().decode()
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_gunicorn_as_we_start_it_ignores_a_script_name_header():
    assert _echo_through_gunicorn("--config", "python:thscp.gunicorn") == "|/accounts/reviews/"


def test_gunicorn_by_default_would_take_the_script_name_header():
    # The control: without our settings, a client on a trusted address moves the path.
    assert _echo_through_gunicorn("--config", "/dev/null") == "/accounts|/reviews/"
