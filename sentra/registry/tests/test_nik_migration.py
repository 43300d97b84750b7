"""The migration that introduced encryption turns NIKs stored in plain text into tokens with their hash."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sentra.registry.pii import nik_hash

NIK = "3522014509800001"
BEFORE = [("registry", "0002_sectors_and_kbli"), ("accounts", "0001_initial")]
AFTER = [("registry", "0003_encrypt_nik_business_version_permit_document")]


@pytest.mark.django_db(transaction=True)
def test_plain_niks_are_encrypted_by_the_migration():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO registry_owner (name, nik, gender, phone, email, address, is_demo, created_at, updated_at)"
            " VALUES ('Sri', %s, '', '', '', '', false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
            [NIK],
        )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    with connection.cursor() as cur:
        cur.execute("SELECT nik, nik_hash FROM registry_owner WHERE name = 'Sri'")
        token, digest = cur.fetchone()
    assert token.startswith("gAAAAA") and NIK not in token
    assert digest == nik_hash(NIK)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    from sentra.registry.models import Owner

    assert Owner.objects.get(name="Sri").nik == NIK
