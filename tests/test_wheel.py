"""The built wheel, installed into a fresh virtual environment, runs with the shipped FAQ.

Everything happens offline: ``uv build``, then the locked dependencies from
uv's cache (``uv sync --frozen --offline`` into the new environment) and the
wheel itself with ``uv pip install --offline --no-deps``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers.process import WAIT, environment

pytestmark = pytest.mark.slow  # builds and installs the wheel

ROOT = Path(__file__).resolve().parents[1]
UV = shutil.which("uv")


def run(command: list[str], cwd: Path, **values: str) -> subprocess.CompletedProcess[str]:
    """Run `command`, failing the test with its output if it fails."""
    env = {k: v for k, v in environment(**values).items() if k != "VIRTUAL_ENV"}
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=WAIT * 3, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel built from this checkout; its bin folder."""
    if UV is None:
        pytest.fail("uv is needed to build the wheel (pip install uv)")
    base = tmp_path_factory.mktemp("wheel")
    run([UV, "build", "--offline", "--wheel", "-o", str(base / "dist")], ROOT)
    (wheel,) = (base / "dist").glob("faq_bot-*.whl")
    venv = base / "venv"
    run(
        [UV, "sync", "--frozen", "--no-dev", "--offline", "--no-install-project", "-q"],
        ROOT,
        UV_PROJECT_ENVIRONMENT=str(venv),
    )
    python = venv / "bin" / "python"
    run(
        [UV, "pip", "install", "--offline", "--no-deps", "-q", "--python", str(python), str(wheel)],
        ROOT,
    )
    return venv / "bin"


def faq_bot(
    installed: Path, home: Path, *args: str, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """The installed ``faq-bot`` run from `home` (not the checkout), with HOME there too."""
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in environment(HOME=str(home), ENV_FILE="").items() if k != "DATA_DIR"}
    env.pop("XDG_DATA_HOME", None)
    env.pop("XDG_CONFIG_HOME", None)
    done = subprocess.run(
        [str(installed / "faq-bot"), *args],
        cwd=home,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=WAIT,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def test_the_installed_package_is_not_the_checkout(installed: Path, tmp_path: Path) -> None:
    """The wheel's code runs from site-packages and finds the FAQ packaged inside it."""
    code = "import bot.settings as s; print(s.checkout(), s.default_faq_dir())"
    done = run([str(installed / "python"), "-c", code], tmp_path)
    checkout, faq = done.stdout.split()
    assert checkout == "None"
    assert faq.endswith(os.path.join("site-packages", "bot", "_faq"))


def test_installed_ask_lint_and_console_work(installed: Path, tmp_path: Path) -> None:
    """`faq-bot ask`, `faq-bot lint` and the console answer from the packaged FAQ."""
    home = tmp_path / "home"
    answer = json.loads(faq_bot(installed, home, "ask", "--json", "spagna").stdout)
    assert (answer["id"], answer["matched"]) == ("spagna", True)
    lint = faq_bot(installed, home, "lint").stdout
    assert "58 entries" in lint
    assert "ok: all 25 sentences of the article are cited" in lint
    chat = faq_bot(installed, home, stdin="/pilastro 2\n").stdout
    assert "2° pilastro: forze armate ucraine" in chat
    assert (home / ".local" / "share" / "faq-bot" / "console-inbox.sqlite3").is_file()
