"""The areas the product is built from, and the hooks through which each contributes to
what thscp composes. An area contributes by having the module; nothing else changes.

  <area>/deadlines.py  deadlines(today) -> list[governance.deadlines.Deadline]       reminders
  <area>/my_work.py    my_work(user=, today=) -> list[governance.work.WorkList]      the home page
  <area>/report.py     report_sections(period) -> list[governance.reporting.Section] the yearly report
  <area>/retention.py  retention_kinds() -> list[governance.retention.RetentionKind] retention
  <area>/due_work.py   do_due_work(today) -> list[str] (what was done, for the log)   reminders, first

due_work is what an area does by itself when it falls due (training sends each stage of
evaluation): thscp's morning reminders job runs it, so no area sends on a schedule of
its own. It must be safe to run again the same day.
"""

import importlib
import importlib.util

# The areas, in the order their contributions are collected.
AREAS = ["governance", "reviews", "priorities", "dataset", "training"]


def modules_providing(hook: str) -> list[str]:
    """The dotted names of the areas' modules for a hook ("deadlines", "my_work", "report",
    "retention")."""
    return [f"{area}.{hook}" for area in AREAS if importlib.util.find_spec(f"{area}.{hook}") is not None]


def collect(module_names: list[str], function: str, /, *args, **kwargs) -> list:
    """Call `function` in each module and join the lists they return."""
    from governance.deadlines import remembering_role_emails

    found = []
    with remembering_role_emails():
        for name in module_names:
            found.extend(getattr(importlib.import_module(name), function)(*args, **kwargs))
    return found
