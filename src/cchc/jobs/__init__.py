"""Background jobs on the database: the queue (`queue`: submit, lease, heartbeat, progress, retry, cancel) and
the worker loop (`worker`). Kinds of job are registered by other rooms through the `cchc.job_kinds` entry
point (report generation is `cchc.reporting.job_kinds`)."""
