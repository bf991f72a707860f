"""Settings from the environment (prefix MAMORI_) or a .env file.

| variable | default |
| --- | --- |
| MAMORI_HOME | ./var, the working directory `mamori init` makes |
| MAMORI_DATABASE_URL | sqlite:///<home>/mamori.sqlite |
| MAMORI_KEYSTORE_URL | sqlite:///<home>/keys.sqlite (the data keys, apart from the register) |
| MAMORI_KEYRING_PATH | <home>/keyring.json |
| MAMORI_KEYRING | the whole keyring as JSON; wins over the file when set |
| MAMORI_AUDIT_HEAD_PATH | audit-head.json beside the keyring |
| MAMORI_POLICY (or MAMORI_POLICY_PATH) | none: the policy file the register enforces |
| MAMORI_SMTP_HOST | none: messages go to the file sink; set it to send them by SMTP |
| MAMORI_SMTP_PORT | 587 |
| MAMORI_SMTP_USERNAME, MAMORI_SMTP_PASSWORD | none: no login |
| MAMORI_SMTP_STARTTLS | true |
| MAMORI_SMTP_FROM | the sender address; required with MAMORI_SMTP_HOST |
| MAMORI_NOTIFY_SINK_DIR | <home>/outbox: the .eml files written when no SMTP host is set |
| MAMORI_NOTIFY_ADDRESS_ITEM | the policy's first item of type email |
| MAMORI_NOTIFY_PURPOSE | a purpose reading that item, neither consent-based nor marketing |

See docs/notify.md for the notification settings.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from mamori.errors import ConfigError

__all__ = ["Settings"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="MAMORI_", env_file=".env", extra="ignore", populate_by_name=True
    )

    home: Path = Path("var")
    database_url: str | None = None
    keystore_url: str | None = None
    """The key store: each subject's wrapped data key, in a database of its own."""
    keyring_path: Path | None = None
    keyring: str | None = None
    """A keyring passed whole in the environment, as the JSON the keyring file holds."""
    audit_head_path: Path | None = None
    policy_path: Path | None = Field(
        default=None,
        validation_alias=AliasChoices("MAMORI_POLICY", "MAMORI_POLICY_PATH", "policy_path"),
    )

    smtp_host: str | None = None
    """Send messages through this SMTP server; the file sink when None."""
    smtp_port: int = 587
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = True
    smtp_from: str | None = None
    notify_sink_dir: Path | None = None
    notify_address_item: str | None = None
    notify_purpose: str | None = None

    def effective_notify_sink_dir(self) -> Path:
        return self.notify_sink_dir or self.home / "outbox"

    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.home / 'mamori.sqlite'}"

    def effective_keystore_url(self) -> str:
        if self.keystore_url:
            return self.keystore_url
        return f"sqlite:///{self.home / 'keys.sqlite'}"

    def effective_keyring_path(self) -> Path:
        return self.keyring_path or self.home / "keyring.json"

    def effective_audit_head_path(self) -> Path:
        # Beside the keyring by default: outside the database, backed up with the keys.
        return self.audit_head_path or self.effective_keyring_path().parent / "audit-head.json"

    def effective_policy_path(self) -> Path:
        if self.policy_path is None:
            raise ConfigError(
                "no policy file: set MAMORI_POLICY=path/to/policy.yaml or pass the policy",
                field="policy",
            )
        return self.policy_path
