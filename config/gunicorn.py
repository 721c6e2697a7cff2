"""gunicorn's settings for production: `gunicorn config.wsgi -c python:config.gunicorn`
(the Dockerfile's CMD and docker-compose.yml).

- Threaded workers (gthread): a download that takes longer than ``timeout`` (a
  large export to a slow phone) is not killed half-way, because the timeout
  watches the worker process, not one request; and one slow client holds one
  thread, not a whole worker.
- The access log goes to stdout with secret URL tokens redacted.

Slow clients are further kept away by the reverse proxy in front (Caddy in
docker-compose.yml), which reads each request whole before passing it on.
"""

import os

from gunicorn.glogging import Logger

from config.redaction import RedactSecretsFilter, redact

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 30
graceful_timeout = 30
accesslog = "-"


class RedactingLogger(Logger):
    """gunicorn's logger, with secret tokens cut out of the access log's request line,
    path and referrer, and out of its error log ("Error handling request <path>")."""

    def setup(self, cfg):
        super().setup(cfg)
        if not any(
            isinstance(f, RedactSecretsFilter) for f in self.error_log.filters
        ):  # setup runs again on reload
            self.error_log.addFilter(RedactSecretsFilter())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key, value in atoms.items():
            if isinstance(value, str):
                atoms[key] = redact(value)
        return atoms


logger_class = RedactingLogger
