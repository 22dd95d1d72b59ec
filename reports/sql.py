"""INSERT … SELECT, which the ORM cannot write: one statement whatever the number of rows."""

from django.db import connection


def insert_select(model, columns: list[str], rows) -> int:
    """Insert the rows of ``rows`` (a ``values_list`` queryset whose columns match
    ``columns``) into ``model``'s table, skipping rows that would break a unique constraint
    (ON CONFLICT DO NOTHING: PostgreSQL and SQLite ≥ 3.24). Returns the number inserted."""
    select_sql, params = rows.query.get_compiler(connection=connection).as_sql()
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        # The SELECT always has a WHERE clause here, which SQLite needs to parse the upsert.
        cursor.execute(f"INSERT INTO {table} ({names}) {select_sql} ON CONFLICT DO NOTHING", params)
        return cursor.rowcount
