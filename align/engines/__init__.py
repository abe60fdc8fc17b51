"""Pluggable engines (sentence encoders, bilingual dictionaries) behind small protocols.

Choose an engine by its registry key (see :mod:`align.engines.registry`); heavy
libraries are imported only when an engine is constructed.
"""
from .base import BilingualDictionary, SentenceEncoder, SpanEncoder
from .registry import available_engines, load_engine

__all__ = ["BilingualDictionary", "SentenceEncoder", "SpanEncoder", "available_engines", "load_engine"]
