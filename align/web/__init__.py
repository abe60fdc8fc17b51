"""The review workbench (``triglot review``): a Starlette application; see ``app.py``."""
