"""Helpers shared by the domain apps' reminders (each app's reminders.py decides who and when)."""


def threshold_due(days_left: int, thresholds) -> int | None:
    """The reminder threshold due `days_left` days before a deadline: the smallest threshold not
    below `days_left` (7, 3, 1 → 5 days left gives 7; a missed beat run catches up with one
    reminder, not several); None once the deadline has passed or before the first threshold."""
    if days_left < 0:
        return None
    due = [t for t in thresholds if days_left <= t]
    return min(due) if due else None
