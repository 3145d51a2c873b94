from pathlib import Path

from liudong_events.settings import ServiceSettings

# The repository's web/dist: where `make run` builds the browser app.
WEB_DIST = Path(__file__).resolve().parents[4] / "web" / "dist"


class GatewaySettings(ServiceSettings):
    registry_url: str = "http://127.0.0.1:8101"
    housing_url: str = "http://127.0.0.1:8102"
    stats_url: str = "http://127.0.0.1:8103"
    # The province connector, where one runs (a district connected to its province).
    sync_province_url: str | None = None
    admin_password: str | None = None
    token_ttl_seconds: int = 3600
    web_dir: Path = WEB_DIST
