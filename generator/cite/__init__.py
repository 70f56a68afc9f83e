"""Cite: entries -> formatted citations through citeproc-py.
"""
