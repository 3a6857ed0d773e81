"""`oxharness serve` as a test peer: the plugin's FakeStack (python/oxharness_pytest/stack.py)."""
from oxharness_pytest.stack import FakeStack

__all__ = ["FakeStack"]
