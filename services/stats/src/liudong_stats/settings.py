from liudong_events.settings import ServiceSettings


class StatsSettings(ServiceSettings):
    """Stats needs nothing beyond the shared keys yet."""
