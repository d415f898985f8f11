"""Replaces what stands between `<!-- NAME:start -->` and `<!-- NAME:end -->` in a document with
a table file: how the bench scripts write their figures into docs/benchmarks.md.

    python3 scripts/write_between_markers.py NAME TABLE_FILE DOCUMENT
"""
import sys

name, table_file, document = sys.argv[1:4]
table = open(table_file).read().strip()
doc = open(document).read()
start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
if start not in doc or end not in doc:
    sys.exit(f"{document} has no {name} markers")
before, rest = doc.split(start, 1)
after = rest.split(end, 1)[1]
open(document, "w").write(f"{before}{start}\n{table}\n{end}{after}")
