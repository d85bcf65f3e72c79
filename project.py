#!/usr/bin/env python3
"""Set-up and run on a fresh machine with only Python 3.11.

    python3 project.py start   # set up, then open the dashboard on the demonstration data
    python3 project.py test    # set up (incl. Chromium for browser tests), then run the tests

Set-up creates .venv/ and installs requirements (again only when they change). Extra
arguments after `test` go to pytest; after `start` to `streamlit run`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
CHROMIUM = Path("/usr/bin/chromium")
DEBIAN_PACKAGES = ["chromium", "poppler-utils"]


def say(message: str) -> None:
    print(f"[project] {message}", flush=True)


def ensure_venv(requirements: str) -> None:
    if sys.version_info < (3, 11):
        sys.exit("Python 3.11 eller nyere kræves.")
    if not PYTHON.exists():
        say("opretter .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    req = ROOT / requirements
    digest = hashlib.sha256(b"".join((ROOT / f).read_bytes() for f in ("requirements.txt", requirements))).hexdigest()
    stamp = VENV / f".installed-{requirements}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    say(f"installerer pakker fra {requirements}")
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "-r", str(req)], check=True)
    stamp.write_text(digest)


def ensure_debian_packages() -> None:
    """Chromium (browser tests, chart images) and pdftoppm, from Debian's packages."""
    missing = [p for p in DEBIAN_PACKAGES if not shutil.which("pdftoppm" if p == "poppler-utils" else p)]
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        say(f"mangler {', '.join(missing)} og kan ikke installere dem (kræver root og apt-get); de tests springes over")
        return
    say(f"installerer {', '.join(missing)} med apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing, "fonts-dejavu-core"],
                   check=True, env=env, stdout=subprocess.DEVNULL)


def start(extra: list[str]) -> int:
    ensure_venv("requirements.txt")
    ensure_debian_packages()
    say("starter dashboardet (første gang dannes demonstrationsdata, ca. et minut)")
    cmd = [str(PYTHON), "-m", "monitor.dashboard.serve", "--browser.gatherUsageStats=false", *extra]
    return subprocess.call(cmd, cwd=ROOT)


def test(extra: list[str]) -> int:
    ensure_venv("requirements-dev.txt")
    ensure_debian_packages()
    cmd = [str(PYTHON), "-m", "pytest", *(extra or ["-q"])]
    say(" ".join(cmd[2:]))
    return subprocess.call(cmd, cwd=ROOT)


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in ("start", "test"):
        print(__doc__)
        return 2
    command, extra = sys.argv[1], sys.argv[2:]
    return start(extra) if command == "start" else test(extra)


if __name__ == "__main__":
    sys.exit(main())
