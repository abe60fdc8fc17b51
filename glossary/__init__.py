"""triglot's termbase: extraction, a SQLite glossary, TBX/CSV exchange and search.

Public API (this package imports nothing on its own, so ``glossary.cli`` stays cheap):

* ``glossary.models``   TermEntry, Context, MergeReport, SearchHit, statuses, language tags
* ``glossary.store``    GlossaryStore(path, create=...) with merge_candidates (extraction
                        re-runs), import_entries, add, set_status, entries, get, resolve
* ``glossary.search``   search(store, query, limit=..., langs=..., statuses=...)
* ``glossary.tbx``      export_tbx / tbx_bytes / read_tbx / parse_tbx / import_tbx (TBX-Basic)
* ``glossary.tabular``  export_table / read_table / import_table (CSV, TSV)
* ``glossary.exchange`` export_glossary / import_glossary: any format, chosen by file name
* ``glossary.cli``      the typer sub-app ``app`` mounted as ``triglot glossary``
"""
