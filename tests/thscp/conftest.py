"""Fixtures for the backup and object-storage tests: PostgreSQL with its client programs,
and a scratch database on the same server."""

import shutil

import psycopg
import pytest
from django.db import connection

from tests.services import require
from tests.thscp.databases import server_url


@pytest.fixture
def postgresql():
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    require(
        all(shutil.which(tool) for tool in ("pg_dump", "pg_restore", "psql", "createdb")),
        "PostgreSQL's client programs",
    )


@pytest.fixture
def scratch(postgresql):
    name = f"{connection.settings_dict['NAME']}_restored"

    def drop():
        with psycopg.connect(server_url("postgres"), autocommit=True) as server:
            server.execute(f'drop database if exists "{name}" with (force)')

    drop()
    yield name
    drop()
