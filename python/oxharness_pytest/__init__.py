"""pytest plugin for oxharness.

Two things in one plugin (load it with ``-p oxharness_pytest`` and ``python/`` on ``PYTHONPATH``,
or ``pytest_plugins = ["oxharness_pytest"]`` in a conftest):

* Scenario files as pytest items: with ``--oxh-scenarios`` (or the ini option
  ``oxh_collect_scenarios = true``), every scenario in the YAML files pytest is pointed at becomes
  one test item, played by the ``oxharness`` binary; a failure shows the failing step's
  file:line:col, the message and the scenario's transcript.
* Fixtures exposing the fakes to Python tests: ``oxh_stack`` (an ``oxharness serve`` stack with
  the default configuration), ``oxh_stack_factory`` (the same with your configuration), each with
  a ``control`` client for the control plane (journal queries with long-poll waits, reset, state).
"""
from oxharness_pytest.control import ControlClient, JournalTimeout
from oxharness_pytest.stack import FakeStack, find_binary

__all__ = ["ControlClient", "FakeStack", "JournalTimeout", "find_binary"]
# pytest registers the module named by "-p oxharness_pytest" as the plugin: its hooks and
# fixtures must be attributes of this package.
from oxharness_pytest.plugin import *  # noqa: E402,F401,F403
