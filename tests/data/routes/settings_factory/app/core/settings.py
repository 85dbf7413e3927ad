class AppSettings:
    api_prefix: str = "/api"
    admin_prefix: str = "/admin"
