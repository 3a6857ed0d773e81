"""The pytest hooks and fixtures of oxharness_pytest (see the package docstring)."""
from __future__ import annotations

from pathlib import Path

import pytest

from oxharness_pytest.control import ControlClient
from oxharness_pytest.scenario_items import ScenarioFile, is_scenario_file
from oxharness_pytest.stack import FakeStack, find_binary

__all__ = [
    "pytest_addoption", "pytest_collect_file", "pytest_configure",
    "oxh_bin", "oxh_stack_factory", "oxh_stack", "oxh_control",
]


def pytest_addoption(parser):
    group = parser.getgroup("oxharness", "oxharness scenarios and fakes")
    group.addoption("--oxharness-bin", dest="oxh_bin", default=None,
                    help="the oxharness binary (default: $OXHARNESS_BIN, PATH, build/ci, build/release)")
    group.addoption("--oxh-scenarios", dest="oxh_scenarios", action="store_true", default=None,
                    help="collect scenario YAML files as test items")
    group.addoption("--oxh-var", dest="oxh_vars", action="append", default=[], metavar="NAME=VALUE",
                    help="scenario variable for every collected scenario (repeatable)")
    group.addoption("--oxh-fake", dest="oxh_fakes", action="append", default=[], metavar="COMPONENT",
                    help="run this component as the embedded fake in every scenario (repeatable)")
    group.addoption("--oxh-seed", dest="oxh_seed", default=None, help="oxharness --seed for scenario runs")
    group.addoption("--oxh-jobs", dest="oxh_jobs", default="2", help="scenarios in parallel per file (default 2)")
    group.addoption("--oxh-timeout", dest="oxh_timeout", default=None,
                    help="time limit per scenario without its own timeout (oxharness --timeout)")
    parser.addini("oxh_collect_scenarios", "collect scenario YAML files as test items", type="bool", default=False)


def pytest_configure(config):
    config.addinivalue_line("markers", "oxh_scenario: a test item played by the oxharness runner")


def _collect_enabled(config) -> bool:
    flag = config.getoption("oxh_scenarios")
    return bool(flag) if flag is not None else bool(config.getini("oxh_collect_scenarios"))


def pytest_collect_file(file_path: Path, parent):
    if file_path.suffix in (".yaml", ".yml") and _collect_enabled(parent.config) and is_scenario_file(file_path):
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


@pytest.fixture(scope="session")
def oxh_bin(pytestconfig) -> Path:
    """The oxharness binary; skips the test when none is found."""
    binary = find_binary(pytestconfig.getoption("oxh_bin"))
    if binary is None:
        pytest.skip("oxharness binary not found (--oxharness-bin, $OXHARNESS_BIN or PATH)")
    return binary


@pytest.fixture
def oxh_stack_factory(oxh_bin, request):
    """start(config: dict | None = None, extra_args=None) -> a started FakeStack; all stopped at teardown.
    On a test failure, serve's output is printed."""
    stacks: list[FakeStack] = []

    def start(config: dict | None = None, extra_args: list[str] | None = None) -> FakeStack:
        stack = FakeStack(oxh_bin, config, extra_args=extra_args)
        stacks.append(stack)
        return stack.start()

    yield start
    failed = any(getattr(getattr(request.node, f"oxh_rep_{when}", None), "failed", False)
                 for when in ("setup", "call"))
    for stack in stacks:
        if failed:
            print(f"\n--- oxharness serve output ---\n{stack.output}")
        stack.stop()


@pytest.fixture
def oxh_stack(oxh_stack_factory) -> FakeStack:
    """An `oxharness serve` stack with its default configuration (user alice@example.org)."""
    return oxh_stack_factory()


@pytest.fixture
def oxh_control(oxh_stack) -> ControlClient:
    """The control client of `oxh_stack`."""
    return oxh_stack.control


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"oxh_rep_{report.when}", report)


__all__.append("pytest_runtest_makereport")
