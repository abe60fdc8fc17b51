"""triglot's termbase: extraction, a SQLite glossary, TBX/CSV exchange and search."""
