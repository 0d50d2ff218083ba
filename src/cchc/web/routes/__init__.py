"""Routers of the web app: every module here that defines `router: APIRouter` is included by `create_app`."""
