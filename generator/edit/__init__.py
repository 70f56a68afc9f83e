"""Edit: everything that writes content files (BibTeX and YAML writers, `showcase add`'s
lookups and entries, `showcase new`'s skeletons).
"""
