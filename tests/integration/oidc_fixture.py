"""A real OpenID provider (node-oidc-provider, in tests/oidc_provider) running on loopback."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx
import pytest

PROVIDER_DIR = Path(__file__).resolve().parents[1] / "oidc_provider"
REDIRECT_URI = "http://127.0.0.1:8000/auth/oidc/callback"
CLIENT_ID = "balise-test"
CLIENT_SECRET = "balise-test-secret"
STARTUP_DEADLINE_SECONDS = 30.0


@dataclass(frozen=True)
class RunningProvider:
    issuer: str
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET
    redirect_uri: str = REDIRECT_URI


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[RunningProvider]:
    """Client authentication by HTTP Basic; email and name only behind the userinfo endpoint."""
    with running_oidc_provider() as provider:
        yield provider


@pytest.fixture(scope="session")
def oidc_provider_with_claims_in_id_token() -> Iterator[RunningProvider]:
    """Client authentication by form post; email and name in the ID token itself."""
    with running_oidc_provider(
        client_auth_method="client_secret_post", claims_in_id_token=True
    ) as provider:
        yield provider


@contextmanager
def running_oidc_provider(
    *, client_auth_method: str = "client_secret_basic", claims_in_id_token: bool = False
) -> Iterator[RunningProvider]:
    node = _require_executable("node")
    _install_provider_packages()
    port = _free_loopback_port()
    environment = {
        **os.environ,
        "OIDC_CLIENT_AUTH_METHOD": client_auth_method,
        "OIDC_CLAIMS_IN_ID_TOKEN": "1" if claims_in_id_token else "0",
    }
    command = [node, "server.mjs", str(port), REDIRECT_URI]
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(
            command, cwd=PROVIDER_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            issuer = f"http://127.0.0.1:{port}"
            _wait_for_discovery(issuer, process, log)
            yield RunningProvider(issuer=issuer)
        finally:
            _stop(process)


def _require_executable(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"the single sign-on tests need {name} (Node.js 20.19 or later) on the PATH")
    return path


def _install_provider_packages() -> None:
    if (PROVIDER_DIR / "node_modules").is_dir():
        return
    npm = _require_executable("npm")
    installed = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund"],
        cwd=PROVIDER_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    if installed.returncode != 0:
        pytest.fail(f"npm ci failed in {PROVIDER_DIR}:\n{installed.stderr}")


def _free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_for_discovery(issuer: str, process: subprocess.Popen[bytes], log: IO[str]) -> None:
    discovery_url = f"{issuer}/.well-known/openid-configuration"
    deadline = time.monotonic() + STARTUP_DEADLINE_SECONDS
    with httpx.Client(timeout=2.0) as http:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"the OpenID provider exited:\n{_read_log(log)}")
            try:
                if http.get(discovery_url).status_code == httpx.codes.OK:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
    pytest.fail(f"the OpenID provider did not answer at {discovery_url}:\n{_read_log(log)}")


def _read_log(log: IO[str]) -> str:
    log.flush()
    log.seek(0)
    return log.read()


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
