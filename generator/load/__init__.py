"""Load: content files -> model records and problems (UTF-8 and YAML with lines, the
content schemas, BibTeX, YAML content, CSL-JSON).
"""
