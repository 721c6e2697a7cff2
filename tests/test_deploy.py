"""What docker-compose.yml and the Dockerfile promise an operator, read from the files:
gunicorn runs with config/gunicorn.py behind the Caddy proxy, and only the proxy is
published. (The proxy and the server are run for real in tests/test_slow_clients.py.)"""

import json
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_only_the_proxy_is_published_and_gunicorn_runs_its_config():
    services = compose()["services"]
    assert "ports" not in services["web"], "gunicorn must not be reachable past the proxy"
    assert "--config python:config.gunicorn" in services["web"]["command"]
    assert services["proxy"]["image"].startswith("caddy:")
    assert services["proxy"]["ports"] == ["8000:80"]
    mounts = services["proxy"]["volumes"]
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in mounts
    assert (ROOT / "deploy" / "Caddyfile").is_file()


def test_the_app_trusts_exactly_the_one_proxy_in_front():
    environment = compose()["x-django"]["environment"]
    assert environment["TRUSTED_PROXY_COUNT"] == "1"
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert re.search(r"^\s*reverse_proxy \{\$UPSTREAM:web:8000\}", caddyfile, re.MULTILINE)
    assert "trusted_proxies" not in caddyfile, "Caddy must not trust forwarded addresses from clients"


def test_the_dockerfile_runs_gunicorn_with_its_config():
    cmd = next(line for line in (ROOT / "Dockerfile").read_text().splitlines() if line.startswith("CMD "))
    args = json.loads(cmd.removeprefix("CMD "))
    assert args[:2] == ["gunicorn", "config.wsgi"]
    assert args[args.index("--config") + 1] == "python:config.gunicorn"


def test_gunicorn_uses_threads_and_the_redacting_logger():
    from config import gunicorn

    assert gunicorn.worker_class == "gthread" and gunicorn.threads >= 2
    assert gunicorn.logger_class.__name__ == "RedactingLogger"
    assert gunicorn.accesslog == "-"
