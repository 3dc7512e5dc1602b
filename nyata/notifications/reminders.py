"""The daily reminders of the apps above: each registers a function (no argument, returns how many
reminders it created) at start-up, and the daily reminder command (`nyata notify_windows`, its task) runs
them all, so that one cron line reminds of everything."""

from collections.abc import Callable

DAILY: dict[str, Callable[[], int]] = {}


def register(name: str, remind: Callable[[], int]) -> None:
    DAILY[name] = remind


def run_daily() -> dict[str, int]:
    """name -> reminders created, for every registered reminder."""
    return {name: remind() for name, remind in sorted(DAILY.items())}
