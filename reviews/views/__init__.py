"""Statutory review pages. Each view reads through a selector, writes through one service.

Case pages answer 404 to anyone who may not see cases, and every view of a case
record is written to the case access log. urls.py names each view by its module.
"""
