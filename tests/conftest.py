"""Shared pytest fixtures for oxharness's Python tests.

Fixtures:
- real_dovecot_factory: start real Debian Dovecot instances (tests/support/real_dovecot.py).
- notify_sink: a recording HTTP endpoint on 127.0.0.1:0 (tests/support/notify_sink.py).
- oxharness_bin: path of the built oxharness binary.

A missing prerequisite skips the test locally, but fails it when the environment
variable CI is true (`bash ci/run.sh all` sets CI=true): in CI nothing may skip.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from support.notify_sink import NotifySink
from support.real_dovecot import RealDovecot, dovecot_binary

# The oxharness_pytest plugin (python/, on pythonpath by pytest.ini): its options, scenario
# collection and fixtures (oxh_bin, oxh_stack, oxh_stack_factory, oxh_control). Imported here
# rather than with "-p" because "-p" runs before pytest.ini's pythonpath applies.
from oxharness_pytest.plugin import *  # noqa: E402,F401,F403

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OXHARNESS_BIN = REPO_ROOT / "build" / "ci" / "runner" / "oxharness"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def skip_or_fail(reason: str) -> None:
    """Skip locally; in CI a missing prerequisite is a failure."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    # Lets fixtures see whether the test failed (to print peer logs on failure).
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"oxh_rep_{rep.when}", rep)


def _failed(request) -> bool:
    return any(getattr(getattr(request.node, f"oxh_rep_{w}", None), "failed", False)
               for w in ("setup", "call"))


@pytest.fixture
def real_dovecot_factory(request):
    """Returns start(**kwargs) -> started RealDovecot; every instance is stopped at teardown.

    kwargs are RealDovecot's constructor parameters (users, notify_port, notify_user,
    notify_password, ...).  On test failure the tail of each instance's log is printed.
    """
    if dovecot_binary() is None:
        skip_or_fail("real Dovecot is not installed (apt: dovecot-core dovecot-imapd dovecot-lmtpd; "
                     "`bash ci/run.sh deps` installs them)")
    if os.geteuid() != 0:
        skip_or_fail("real Dovecot tests need root (Dovecot's master drops privileges)")
    instances: list[RealDovecot] = []

    def start(**kwargs) -> RealDovecot:
        dc = RealDovecot(**kwargs)
        instances.append(dc)
        return dc.start()

    yield start
    failed = _failed(request)
    for dc in instances:
        if failed and dc.dir is not None:
            print(f"\n--- {dc!r}: tail of {dc.log_path} ---\n{dc.log_tail()}")
        dc.stop()


@pytest.fixture
def notify_sink():
    """A started NotifySink (records requests, answers `sink.status`, default 200)."""
    sink = NotifySink().start()
    yield sink
    sink.stop()


@pytest.fixture(scope="session")
def oxharness_bin() -> Path:
    """The oxharness binary: $OXHARNESS_BIN or build/ci/runner/oxharness."""
    env = os.environ.get("OXHARNESS_BIN")
    path = (Path(env) if env else DEFAULT_OXHARNESS_BIN).resolve()  # tests may chdir
    if not (path.is_file() and os.access(path, os.X_OK)):
        skip_or_fail(f"oxharness binary not found at {path} (build it: `bash ci/run.sh build`, "
                     f"or set OXHARNESS_BIN)")
    return path


@pytest.fixture
def real_and_fake_imap(request, real_dovecot_factory):
    """(real Dovecot's IMAP port, the fake's IMAP port): a fresh real Dovecot and a fresh
    oxh_fake_imap, for transcripts played against both."""
    from support.fake_imap import FakeImap, tool_path  # support.fake_imap imports this module

    real = real_dovecot_factory()
    fake = FakeImap(tool_path(request))
    yield real.imap_port, fake.imap_port
    fake.stop()
