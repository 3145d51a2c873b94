from liudong_events.settings import ServiceSettings


class HousingSettings(ServiceSettings):
    """Housing needs nothing beyond the shared keys yet."""
