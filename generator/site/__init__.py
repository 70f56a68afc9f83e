"""Site: the page plan, labels, rendering through the theme's fragments, downloads and
the search index.
"""
