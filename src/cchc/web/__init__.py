"""The web application: FastAPI, one router per area, Jinja2 templates with htmx."""

from cchc.web.app import create_app

__all__ = ["create_app"]
