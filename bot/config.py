"""Settings, read once from the environment and `.env`: the only module that knows about configuration."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

IdList = Annotated[frozenset[int], NoDecode]


class Settings(BaseSettings):
    """Every setting of factbot. Environment variables win over `.env`; see `.env.example`."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    corpus_dir: Path = Field(Path("corpus"), alias="FACTBOT_CORPUS_DIR")
    index_dir: Path = Field(Path("index"), alias="FACTBOT_INDEX_DIR")
    auto_rebuild_max_mb: float = Field(
        50.0,
        alias="FACTBOT_AUTO_REBUILD_MAX_MB",
        ge=0,
        description="A stale index over a corpus up to this size is rebuilt automatically on ask/console.",
    )
    log_level: str = Field("WARNING", alias="FACTBOT_LOG_LEVEL")
    conversation_minutes: float = Field(
        10.0,
        alias="FACTBOT_CONVERSATION_MINUTES",
        ge=0,
        description="How long a follow-up question can refer to the previous one (0: never).",
    )
    meaning: bool = Field(
        True,
        alias="FACTBOT_MEANING",
        description="Rerank the best candidates by sentence meaning (all-MiniLM-L6-v2); off: words only.",
    )

    telegram_bot_token: SecretStr | None = Field(None, alias="TELEGRAM_BOT_TOKEN")
    telegram_api_url: str = Field("https://api.telegram.org/bot", alias="TELEGRAM_API_URL")
    telegram_poll_interval: float = Field(0.0, alias="TELEGRAM_POLL_INTERVAL", ge=0)
    telegram_webhook_secret: SecretStr | None = Field(None, alias="TELEGRAM_WEBHOOK_SECRET")
    allowed_chats: IdList = Field(frozenset(), alias="FACTBOT_ALLOWED_CHATS")
    admins: IdList = Field(frozenset(), alias="FACTBOT_ADMINS")
    rate_limit_per_minute: int = Field(20, alias="FACTBOT_RATE_LIMIT_PER_MINUTE", ge=0)

    @field_validator("allowed_chats", "admins", mode="before")
    @classmethod
    def _parse_ids(cls, value: object) -> object:
        """Accept '1, 2 3' from the environment as well as a list."""
        if isinstance(value, str):
            return frozenset(int(part) for part in value.replace(",", " ").split())
        return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, loaded once (tests build `Settings(_env_file=None, ...)` instead)."""
    return Settings()
