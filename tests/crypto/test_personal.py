import copy
import dataclasses
import logging
import pickle
import traceback
from collections.abc import Callable

import pytest

from mamori.crypto import REDACTED, Personal

VALUE = "Hanako Yamada"


@pytest.fixture
def name() -> Personal[str]:
    return Personal(VALUE)


def test_repr_and_str_are_redacted(name: Personal[str]) -> None:
    assert repr(name) == REDACTED
    assert str(name) == REDACTED


@pytest.mark.parametrize(
    "render",
    [
        lambda p: f"{p}",
        lambda p: f"{p!r}",
        lambda p: f"{p:>30}",
        lambda p: "{}".format(p),  # noqa: UP032 - str.format is one of the paths to cover
        lambda p: "%s %r" % (p, p),  # noqa: UP031 - %-formatting is one of the paths to cover
        lambda p: str([p, {"name": p}, (p,)]),
    ],
    ids=["f-string", "f-string repr", "format spec", "str.format", "percent", "containers"],
)
def test_every_text_form_is_redacted(
    name: Personal[str], render: Callable[[Personal[str]], str]
) -> None:
    text = render(name)
    assert VALUE not in text
    assert REDACTED in text


def test_an_exception_built_from_it_carries_no_value(name: Personal[str]) -> None:
    errors = [ValueError(f"no subject named {name}"), ValueError(name), KeyError(name)]
    for error in errors:
        assert VALUE not in str(error)
        assert VALUE not in repr(error)


def test_a_traceback_with_locals_carries_no_value(name: Personal[str]) -> None:
    def fail(person: Personal[str]) -> None:
        raise RuntimeError(f"cannot register {person}")

    try:
        fail(name)
    except RuntimeError as error:
        rendered = "".join(
            traceback.TracebackException.from_exception(error, capture_locals=True).format()
        )
    assert "person = <redacted>" in rendered
    assert VALUE not in rendered


def test_a_log_line_carries_no_value(name: Personal[str], caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        logging.getLogger("mamori.test").info("registered %s (%r)", name, name)
    assert VALUE not in caplog.text
    assert REDACTED in caplog.text


def test_reveal_gives_the_value(name: Personal[str]) -> None:
    assert name.reveal() == VALUE


def test_map_transforms_without_revealing(name: Personal[str]) -> None:
    upper = name.map(str.upper)
    assert isinstance(upper, Personal)
    assert upper.reveal() == VALUE.upper()


def test_equality_is_by_value(name: Personal[str]) -> None:
    assert name == Personal(VALUE)
    assert name != Personal("Taro Yamada")


def test_a_personal_value_is_not_equal_to_the_bare_value(name: Personal[str]) -> None:
    assert name != VALUE


def test_equal_values_hash_alike_without_their_hash_being_the_values(
    name: Personal[str],
) -> None:
    assert len({name, Personal(VALUE), Personal("Taro Yamada")}) == 2
    assert hash(Personal(42)) != hash(42)


def test_it_is_immutable(name: Personal[str]) -> None:
    with pytest.raises(AttributeError):
        name._value = "other"


def test_copies_and_pickles_keep_the_value_and_the_redaction(name: Personal[str]) -> None:
    for clone in (copy.copy(name), copy.deepcopy(name), pickle.loads(pickle.dumps(name))):
        assert clone == name
        assert repr(clone) == REDACTED


def test_asdict_of_an_enclosing_record_keeps_it_wrapped(name: Personal[str]) -> None:
    @dataclasses.dataclass
    class Member:
        member_no: str
        name: Personal[str]

    record = dataclasses.asdict(Member("m-1", name))
    assert record["name"] == name
    assert VALUE not in str(record)
