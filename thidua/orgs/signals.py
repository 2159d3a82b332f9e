"""Database set-up on connect: the Vietnamese collation "vi" for SQLite (PostgreSQL gets an ICU
collation of the same name from a migration), so `order_by(Collate(field, "vi"))` works on both."""

from thidua.vn.collate import sqlite_collation


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_collation("vi", sqlite_collation)
