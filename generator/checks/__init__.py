"""Check: problems across the loaded site (ids, duplicates, identifiers, gaps).
"""
