"""Use cases of cchc. Every function takes a Session (and an Actor) and never commits.

See docs/services.md for the list the web app and the CLI call.
"""
