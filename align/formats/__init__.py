"""File formats for aligned segments: TMX (``tmx.py``) and TSV (``tsv.py``).

Each format is one ``Writer`` subclass (see ``base.py``); ``align.export`` turns an
``Alignment`` into format-neutral ``TmDocument`` values and hands them to writers.
"""
