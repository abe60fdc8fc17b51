"""The language layer: what triglot knows about Chinese, French and English, written once.

Every stage reads its language knowledge from here and nowhere else:

- :mod:`.script`     writing systems: Han ranges, CJK punctuation, how sentences join;
- :mod:`.words`      tokens, lemmas (one simplemma cache), stop-lists, accent folding, jieba;
- :mod:`.numbers`    numerals, dates, percentages in the three languages (one parser);
- :mod:`.langid`     which language a text is written in;
- :mod:`.wordlinks`  links between the words of two versions of one unit.

The layer sits just above the core values (:mod:`align.models`, :mod:`align.errors`)
and imports nothing else of triglot; ``tests/test_layers.py`` holds it to that.
"""
