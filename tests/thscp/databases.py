"""PostgreSQL for the backup tests: a URL on the test server, and what a database holds."""

import psycopg
from django.db import connection


def server_url(name: str) -> str:
    database = connection.settings_dict
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    host, port = database["HOST"] or "localhost", database["PORT"] or 5432
    return f"postgresql://{database['USER']}{password}@{host}:{port}/{name}"


def tables(name: str) -> dict[str, tuple[int, str]]:
    """Every table's row count and a digest of all its rows, in key order."""
    found = {}
    with psycopg.connect(server_url(name)) as database:
        tables = [
            row[0] for row in database.execute("select tablename from pg_tables where schemaname = 'public'")
        ]
        for table in sorted(tables):
            rows = "md5(coalesce(string_agg(t::text, ',' order by t::text), ''))"
            # Table names from the catalogue, quoted.
            count, digest = database.execute(f'select count(*), {rows} from "{table}" t').fetchone()  # noqa: S608
            found[table] = (count, digest)
    return found
