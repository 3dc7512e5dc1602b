"""Reads of the clinic. Every `get_*_for_user` checks permission and answers 404 for what the person may
not see; every list is filtered in SQL by the same rule as the predicate in rules.py."""
