"""The oxharness_pytest plugin (python/), run in a child pytest by pytester: scenario files as
items (pass, fail with the failing step and transcript, skip, loader errors with file:line:col),
selection with -k and -m by tag, and the oxh_stack/oxh_control fixtures driven by imaplib."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.oxharness

SCENARIOS = """\
name: notify answers its health route with 404
tags: [smoke]
steps:
  - http.request:
      method: GET
      url: "http://${topology.notify.listen}/nothing"
      expect: {status: 404}
---
name: a deliberately wrong status
tags: [broken]
steps:
  - http.request:
      method: GET
      url: "http://${topology.notify.listen}/nothing"
      expect: {status: 201}
---
name: needs a capability the fake lacks
requires: [NO-SUCH-CAPABILITY]
users:
  - {login: alice@example.org, password: secret, user_id: 3, context_id: 1}
steps:
  - imap.connect: {conn: a}
"""


PLUGIN_DIR = Path(__file__).resolve().parents[2] / "python"


def run_plugin(pytester, oxharness_bin, *args):
    # A clean child pytest: no ini of the repository's, only the plugin under test, found on
    # PYTHONPATH as a user would install it.
    ini = pytester.makeini("[pytest]\naddopts = -p no:cacheprovider\n")
    pytester._monkeypatch.setenv("PYTHONPATH", str(PLUGIN_DIR))
    return pytester.runpytest_subprocess("-c", str(ini), "--rootdir", str(pytester.path), "-p", "oxharness_pytest", "--oxharness-bin", str(oxharness_bin), *args)


def test_scenarios_become_items_with_their_outcomes(pytester, oxharness_bin):
    pytester.makefile(".yaml", demo=SCENARIOS)
    pytester.mkdir("fragments")
    (pytester.path / "fragments" / "steps.yaml").write_text("- imap.connect: {conn: a}\n")
    result = run_plugin(pytester, oxharness_bin, "--oxh-scenarios", "-v", str(pytester.path))
    result.assert_outcomes(passed=1, failed=1, skipped=1)
    out = result.stdout.str()
    assert "scenario 'a deliberately wrong status' failed at " in out
    assert "demo.yaml:12:5: http.request" in out  # the failing step's line and column
    assert "HTTP status 404, wanted 201" in out
    assert "--- transcript (" in out and "http.exchange GET /nothing -> 404" in out
    assert "fragments" not in out  # fragments are not scenarios


def test_a_file_the_loader_refuses_is_one_failing_item_with_position(pytester, oxharness_bin):
    pytester.makefile(".yaml", bad=textwrap.dedent("""\
        name: typo
        steps:
          - http.requets: {method: GET, url: "http://127.0.0.1:1/"}
        """))
    result = run_plugin(pytester, oxharness_bin, "--oxh-scenarios", str(pytester.path))
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    assert "[oxh.scenario.unknown-step]" in out
    assert "bad.yaml:3:5" in out and "did you mean 'http.request'" in out


def test_without_the_flag_yaml_is_not_collected(pytester, oxharness_bin):
    pytester.makefile(".yaml", demo=SCENARIOS)
    result = run_plugin(pytester, oxharness_bin, str(pytester.path))
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED


def test_k_and_tag_marks_select_scenarios(pytester, oxharness_bin):
    pytester.makefile(".yaml", demo=SCENARIOS)
    by_tag = run_plugin(pytester, oxharness_bin, "--oxh-scenarios", "-m", "smoke", str(pytester.path))
    by_tag.assert_outcomes(passed=1, deselected=2)
    by_name = run_plugin(pytester, oxharness_bin, "--oxh-scenarios", "-k", "wrong", str(pytester.path))
    by_name.assert_outcomes(failed=1, deselected=2)


def test_stack_fixtures_expose_the_fakes_to_python_tests(pytester, oxharness_bin):
    pytester.makepyfile(test_stack=textwrap.dedent('''
        import imaplib
        import pytest
        from oxharness_pytest import JournalTimeout

        def test_imaplib_against_the_fake_dovecot(oxh_stack, oxh_control):
            host, port = oxh_stack.endpoint("dovecot", "imap")
            imap = imaplib.IMAP4(host, port)
            imap.login("alice@example.org", "secret")
            imap.select("INBOX")
            imap.noop()
            entry = oxh_control.wait_for(kind="imap.command", match={"name": "SELECT", "args": "INBOX"}, within=5)
            assert entry["component"].startswith("dovecot")
            with pytest.raises(JournalTimeout):
                oxh_control.wait_for(kind="imap.command", match={"name": "NO-SUCH-COMMAND"}, within=0.3)
            imap.logout()
            oxh_control.reset()
            assert oxh_control.journal(kind="imap.command") == []
        '''))
    result = run_plugin(pytester, oxharness_bin, "-v", str(pytester.path))
    result.assert_outcomes(passed=1)
