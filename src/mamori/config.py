"""Settings from the environment (prefix MAMORI_) or a .env file."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MAMORI_", env_file=".env", extra="ignore")

    home: Path = Path("var")
    database_url: str | None = None
    keyring_path: Path | None = None
    keyring: str | None = None
    """A keyring passed whole in the environment, as the JSON the keyring file holds."""
    policy_path: Path | None = None

    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.home / 'mamori.sqlite'}"

    def effective_keyring_path(self) -> Path:
        return self.keyring_path or self.home / "keyring.json"
