"""The yearly report: sections from every app, the narrative people write, and the PDF.

Importing the package registers its permissions (rules.py).
"""
