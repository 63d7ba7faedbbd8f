"""What training does by itself when it falls due, run by the reminders job every
working morning before it plans the reminders (the contract: thscp/areas.py). Nothing
here runs on a schedule of its own.

- Each evaluation stage's forms go out on the day the stage is due (schedule.py). Safe
  to run again: nobody is sent the same stage twice.
"""

from datetime import date

from . import services


def do_due_work(today: date) -> list[str]:
    return services.send_due_evaluations(today=today)
