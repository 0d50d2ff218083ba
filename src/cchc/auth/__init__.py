"""Who is signed in: accounts and passwords (`users`), server-side sessions (`sessions`), login throttling
across addresses and accounts (`login_throttle`) and the log of sign-ins (`access_log`)."""
