import pytest

from mamori.errors import AccessDeniedError, MamoriError, NotFoundError, ValidationError


def test_each_error_has_a_stable_code_and_status() -> None:
    codes = {cls.code for cls in MamoriError.__subclasses__()}
    assert len(codes) == len(MamoriError.__subclasses__())


def test_to_dict_names_the_field() -> None:
    error = ValidationError("email is not an e-mail address; give name@example.org", field="email")
    assert error.to_dict() == {
        "code": "invalid",
        "message": "email is not an e-mail address; give name@example.org",
        "field": "email",
    }


def test_access_denied_names_its_rule() -> None:
    error = AccessDeniedError(
        "purpose 'marketing' does not declare item 'phone'", rule="purpose_items"
    )
    assert error.to_dict()["rule"] == "purpose_items"
    assert error.http_status == 403


def test_not_found_is_a_404() -> None:
    with pytest.raises(MamoriError) as caught:
        raise NotFoundError("no subject 'u-1'")
    assert caught.value.http_status == 404
