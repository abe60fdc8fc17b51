"""The language layer: what triglot knows about Chinese, French and English, written once.

Every stage reads its language knowledge from here and nowhere else:

- :mod:`.script`     writing systems: Han blocks, CJK punctuation, accent folding, how
                     sentences join;
- :mod:`.words`      tokens, lemmas (the one simplemma cache), jieba and its tagger;
- :mod:`.stopwords`  the function-word lists;
- :mod:`.numbers`    numerals, dates, percentages in the three languages (one reader);
- :mod:`.names`      acronyms, their listed pairs, initials;
- :mod:`.langid`     language codes, tags and order, and which language a text is in;
- :mod:`.wordlinks`  links between the words of two versions of one unit.

The layer sits just above :mod:`align.errors` and below everything else, the typed
values of :mod:`align.models` included; ``tests/test_layers.py`` holds it to that.
"""
