"""What a server process does once its app is built."""

import gc

from mamori.api import freeze_heap


def test_freeze_heap_hides_what_exists_from_the_collector() -> None:
    kept: list[object] = [object()]
    try:
        freeze_heap()
        assert gc.get_freeze_count() > 0
        assert not any(tracked is kept for tracked in gc.get_objects())
    finally:
        gc.unfreeze()
    assert any(tracked is kept for tracked in gc.get_objects())
