"""The dossier store a process shares among its requests keeps DuckDB's memory small (CCHC_DUCKDB_MEMORY_LIMIT)."""

from __future__ import annotations

from cchc.dossiers import shared


def _setting(store, name: str) -> str:  # type: ignore[no-untyped-def]
    return store.con.execute(f"SELECT current_setting('{name}')").fetchone()[0]


def test_a_shared_store_limits_duckdb_to_256_megabytes_by_default(tmp_path, monkeypatch):
    monkeypatch.delenv("CCHC_DUCKDB_MEMORY_LIMIT", raising=False)
    store = shared.shared_store(tmp_path / "dossiers")
    assert _setting(store, "memory_limit") == "244.1 MiB"  # 256 MB as DuckDB shows it
    assert shared.shared_store(tmp_path / "dossiers") is store


def test_the_memory_limit_of_a_shared_store_follows_the_setting(tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_DUCKDB_MEMORY_LIMIT", "1GB")
    store = shared.shared_store(tmp_path / "other")
    assert _setting(store, "memory_limit") == "953.6 MiB"
