"""Invented demo data for `make run` and the tests: two organisations, their people, and a season of use.

Installed only by the local and test settings (never production), so none of this code ships to a trust's
server. `manage.py demo_data` runs every loader in order; each app's loader lives in the module named after it.
No real patient or staff data: every person, team and text is invented.
"""
