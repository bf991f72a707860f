from sqlalchemy import Engine, literal, select

from mamori.db import json_field

DOCUMENT = '{"name_key": "a", "other": "b", "count": 42, "missing": null}'


def test_json_field_reads_each_key_it_is_given(engine: Engine) -> None:
    # Two keys in turn: a statement cache that ignored the key would return "a" twice.
    with engine.connect() as conn:
        values = [
            conn.execute(select(json_field(literal(DOCUMENT), key))).scalar_one()
            for key in ("name_key", "other", "missing")
        ]
    assert values == ["a", "b", None]


def test_json_field_reads_integers(engine: Engine) -> None:
    with engine.connect() as conn:
        value = conn.execute(
            select(json_field(literal(DOCUMENT), "count", integer=True))
        ).scalar_one()
    assert value == 42
