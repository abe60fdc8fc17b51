"""The review stage: what reviewers decide in the workbench (``triglot review``).

``store.py`` keeps the decisions in SQLite beside a run's outputs (``OUT/review.db``):
alignment edits keyed by a content hash of the document's segmented texts, flag
decisions keyed by each flag's content key, project-wide ignore rules and an edit
log.  ``edits.py`` holds the alignment edits themselves, pure functions from one
:class:`~align.models.Alignment` to another.  The pipeline applies both on every
later run; nothing here knows of the web application.
"""
from .edits import EDIT_OPS, EditOp, apply_edit, texts_hash, with_units
from .store import REVIEW_DB, ReviewStore, StoredUnits

__all__ = ["EDIT_OPS", "EditOp", "apply_edit", "texts_hash", "with_units", "REVIEW_DB", "ReviewStore",
           "StoredUnits"]
