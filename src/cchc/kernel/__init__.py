"""What every use case stands on: the acting user and what they may reach (`actor`, `access`), transactions
(`db`), the audit log (`audit`), input validation (`validation`), localities (`localities`), due dates and
statuses read from the store (`schedule`, over the pure rules in `cchc.domain.schedule`), and cache generations.

It imports only the domain, the store and the dossier layer; every other application room imports it.
"""
