"""Read a PAR plan document into a domain Plan and the cchc.plan/1 JSON."""
