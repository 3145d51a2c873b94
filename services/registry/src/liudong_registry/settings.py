from liudong_events.settings import ServiceSettings


class RegistrySettings(ServiceSettings):
    housing_url: str = "http://127.0.0.1:8102"
