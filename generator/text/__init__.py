"""Shared text rules, one module each: where a rule about text is written down once.

Modules here import nothing from the rest of ``generator`` but ``model``.
"""
