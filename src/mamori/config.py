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
"""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field
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
