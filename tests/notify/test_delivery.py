"""deliver_due in operation: the transport, address item and purpose from the settings (clear
errors naming the setting), the file sink by default, retries through a failing transport, and
the scheduler `mamori serve` runs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mamori.config import Settings
from mamori.errors import ConfigError
from mamori.notify import (
    DeliveryScheduler,
    FileSink,
    OutgoingMessage,
    SmtpTransport,
    address_item_for,
    deliver_due,
    enqueue,
    messages,
    purpose_for,
    retry_delay,
    transport_for,
)
from mamori.policy import Policy
from mamori.register import Register
from tests.notify.conftest import APP

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _queue(shop: Register, subject_id: str = "m1") -> str:
    with shop.session() as session:
        return enqueue(
            session, APP, subject_id, "policy_changed", locale="fr", params={"version": "2"}, at=NOW
        )


class Down:
    """An SMTP server that refuses every connection, then comes back."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.sent: list[OutgoingMessage] = []

    def send(self, message: OutgoingMessage) -> None:
        if self.failures:
            self.failures -= 1
            raise ConnectionRefusedError("smtp.example.org refused")
        self.sent.append(message)


def test_without_smtp_messages_go_to_the_file_sink_in_the_settings_folder(
    shop: Register, tmp_path: Path
) -> None:
    message_id = _queue(shop)
    settings = Settings(home=tmp_path / "home")

    report = deliver_due(shop, settings, now=NOW)

    assert report.delivered == (message_id,)
    written = (tmp_path / "home" / "outbox" / f"{message_id}.eml").read_text(encoding="utf-8")
    assert "Notre politique de confidentialit" in written
    assert "m1@example.org" in written


def test_the_sink_folder_can_be_set(shop: Register, tmp_path: Path) -> None:
    message_id = _queue(shop)

    deliver_due(shop, Settings(notify_sink_dir=tmp_path / "sink"), now=NOW)

    assert (tmp_path / "sink" / f"{message_id}.eml").is_file()


def test_an_smtp_failure_is_retried_on_a_later_run(shop: Register) -> None:
    message_id = _queue(shop)
    server = Down(failures=1)

    first = deliver_due(shop, Settings(), transport=server, now=NOW)
    later = deliver_due(shop, Settings(), transport=server, now=NOW + retry_delay(1))

    assert first.retrying == (message_id,)
    assert later.delivered == (message_id,)
    with shop.engine.connect() as connection:
        (entry,) = messages(connection)
    assert (entry.state, entry.attempts) == ("delivered", 2)


def test_smtp_settings_make_an_smtp_transport() -> None:
    settings = Settings(
        smtp_host="smtp.example.org",
        smtp_port=2525,
        smtp_from="privacy@example.org",
        smtp_username="mamori",
        smtp_password="secret",  # type: ignore[arg-type]
    )

    transport = transport_for(settings)

    assert isinstance(transport, SmtpTransport)
    assert (transport.host, transport.port, transport.sender) == (
        "smtp.example.org",
        2525,
        "privacy@example.org",
    )
    assert (transport.starttls, transport.username, transport.password) == (
        True,
        "mamori",
        "secret",
    )
    assert "secret" not in repr(settings)


def test_the_file_sink_is_the_default_transport(tmp_path: Path) -> None:
    transport = transport_for(Settings(home=tmp_path))

    assert isinstance(transport, FileSink)
    assert transport.folder == tmp_path / "outbox"


def test_an_smtp_host_without_a_sender_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match="MAMORI_SMTP_FROM") as raised:
        transport_for(Settings(smtp_host="smtp.example.org"))

    assert raised.value.field == "smtp_from"


def test_the_address_and_purpose_default_to_the_email_item_and_a_service_purpose(
    shop_policy: Policy,
) -> None:
    assert address_item_for(shop_policy, Settings()) == "email"
    # newsletter also reads the e-mail, but rests on consent and is marketing.
    assert purpose_for(shop_policy, Settings(), "email") == "service"


@pytest.mark.parametrize(
    ("settings", "setting"),
    [
        (Settings(notify_address_item="fax"), "MAMORI_NOTIFY_ADDRESS_ITEM"),
        (Settings(notify_purpose="billing"), "MAMORI_NOTIFY_PURPOSE"),
        (Settings(notify_address_item="gender", notify_purpose="newsletter"), "NOTIFY_PURPOSE"),
        (Settings(notify_address_item="cookie_id"), "MAMORI_NOTIFY_PURPOSE"),
    ],
)
def test_a_settings_error_names_the_setting_and_sends_nothing(
    shop: Register, tmp_path: Path, settings: Settings, setting: str
) -> None:
    _queue(shop)

    with pytest.raises(ConfigError, match=setting):
        deliver_due(shop, settings, transport=FileSink(tmp_path / "sink"), now=NOW)

    assert not (tmp_path / "sink").exists()


def test_a_policy_without_an_email_item_asks_for_the_address_setting(
    shop_policy: Policy,
) -> None:
    items = {key: item for key, item in shop_policy.items.items() if key != "email"}
    policy = shop_policy.model_copy(update={"items": items})

    with pytest.raises(ConfigError, match="MAMORI_NOTIFY_ADDRESS_ITEM"):
        address_item_for(policy, Settings())


def test_the_scheduler_delivers_in_the_background_and_survives_a_failing_run(
    shop: Register, tmp_path: Path
) -> None:
    message_id = _queue(shop)
    broken = DeliveryScheduler(shop, Settings(notify_purpose="nothing"), every=timedelta(hours=1))
    broken.start()
    assert broken.wait_for_runs(1, timeout=30)
    broken.stop(timeout=30)
    assert isinstance(broken.last_error, ConfigError)

    scheduler = DeliveryScheduler(
        shop, Settings(notify_sink_dir=tmp_path), every=timedelta(hours=1)
    )
    scheduler.start()
    assert scheduler.wait_for_runs(1, timeout=30)
    scheduler.stop(timeout=30)

    assert scheduler.last_error is None
    assert scheduler.last_report is not None
    assert scheduler.last_report.delivered == (message_id,)
    assert (tmp_path / f"{message_id}.eml").is_file()
