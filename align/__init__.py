"""triglot: align Chinese, French and English versions of one document and mine its terms."""

__version__ = "0.1.0"
