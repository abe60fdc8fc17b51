"""Stop-lists: the function words of each language, in one place.

Function words are closed classes, so short lists written by hand do better than
general-purpose stop-lists, which mix in content words that occur inside terms
(``bien``, ``état``, ``personne``).  Four lists, for four different jobs:

- :data:`STOPWORDS` — words that are never *content* in a token stream (the checks'
  word links, term extraction, the terminology check);
- :data:`GLOSS_STOPWORDS` — English words of a dictionary gloss that are no
  translation of anything ("to lay out; sb's" → lay, out), used on CC-CEDICT glosses
  and as the aligner's English list;
- :data:`NOT_TERMS_ZH` — Chinese nouns that are never terms however often they occur
  (两国, 双方, 问题), kept out of termbase candidates;
- :data:`ALIGNER_STOPWORDS` — the aligner's lexical-coverage lists for French and
  Chinese.  The bead model's weights were fitted with these lists; changing one
  means refitting (``bench/fit_bead_model.py``).
"""
from __future__ import annotations

STOPWORDS = {
    "en": frozenset("""
a about above after again against all also am an and any are as at be been before being
below between both but by can could did do does doing down during each either few for from
further had has have having he her here hers him his how i if in into is it its itself just
may might more most much must my neither no nor not now of off on once only or other our ours
out over own per same shall she should so some such than that the their theirs them then
there these they this those through thus to too under until up upon us very was we were what
when where whether which while who whom whose why will with within would you your yours
s t d ll m re ve via among amongst well whereby wherein thereby towards toward across along
one ones another every etc e g ie eg
including include includes especially particularly notably furthermore moreover however
therefore hence else others ourselves themselves yourself herself himself myself
""".split()),
    "fr": frozenset("""
a à afin ai aie aient ainsi alors as au aucun aucune aupres auprès aussi autre autres aux
avaient avais avait avant avec avoir ayant c ça car ce ceci cela celle celles celui cependant
ces cet cette ceux chacun chacune chaque ci comme comment d dans de des desquels desquelles
dont du duquel elle elles en encore entre es est et étaient étais était étant été être eu eux
fait faire font hors il ils j je jusqu jusque l la laquelle le lequel les lesquels lesquelles
leur leurs lors lorsque lui m ma mais me même mêmes mes moi mon n ne ni non nos notre nous on
ont ou où par parce parmi pas pendant peu peut peuvent plus pour pourquoi qu quand que quel
quelle quelles quels qui quoi s sa sans se selon ses si sien soi soit son sont sous suis sur
ta te tes toi ton tous tout toute toutes tu un une unes uns vers via vos votre vous y
sera seront serait seraient doit doivent devrait devraient sein afin tant dès puis
également notamment cependant toutefois contre depuis durant chez plusieurs moins très tel
telle telles tels déjà avons ayant ai pourra pourront pourrait pourraient devront auxquels
auxquelles duquel quelque quelques
""".split()),
    "zh": frozenset("""
是 有 将 可 应 做 到 作为 使得 变得 例如 进行 还 都 等 其 该 这 这些 那 之 所 以 于 为 与 和 及
以及 并 或 既 同时 对 对于 关于 在 被 给 通过 至 中 上 下 之间 之际 以下 以期 内 期间 也 又 而
各 各类 任 为此 能 会 要 使 让 把 由 从 向 就 即 则 但 即使 如 如果 们
""".split()),
}

GLOSS_STOPWORDS = frozenset("""
a an the and or but if then than so as of at by for from in into on onto to up down out off over
under with without about above after before again against all any both each few more most other
some such no nor not only own same too very can will just should now is are was were be been being
have has had having do does did doing i me my myself we our ours you your yours he him his himself
she her hers it its itself they them their theirs what which who whom this that these those am
would could may might must shall sb sth something someone somebody one's oneself etc also used
particle kind sort way thing things person people make made get got take put give go come
""".split())

_ALIGNER_FR = frozenset("""
le la les l un une des du de d au aux et ou mais donc or ni car que qu qui quoi dont où ce cet cette
ces ça cela ceci il ils elle elles on je j tu nous vous me m te t se s lui leur leurs eux son sa ses
mon ma mes ton ta tes notre nos votre vos y en ne n pas plus moins très bien dans sur sous avec sans
pour par entre vers chez est sont était être avoir a ont avait été fait faire comme si aussi tout
tous toute toutes même autre autres quel quelle quels quelles lequel laquelle dont ainsi alors
""".split())
_ALIGNER_ZH = frozenset("""
的 了 是 在 和 与 及 也 都 就 又 还 这 那 这个 那个 这些 那些 这样 那样 着 过 把 被 让 给 对 从 向 而
但 却 之 其 所 以 于 为 地 得 个 不 没 没有 很 有 要 会 能 可 可以 去 来 上 下 中 里 么 吗 呢 吧 啊 呀
我 你 他 她 它 我们 你们 他们 她们 它们 自己 什么 怎么 一个 一 并 等 将 已 已经 则 或 即 该 此 各
""".split())

ALIGNER_STOPWORDS = {"en": GLOSS_STOPWORDS, "fr": _ALIGNER_FR, "zh": _ALIGNER_ZH}

NOT_TERMS_ZH = frozenset("两国 双方 各国 方面 问题 以下 基础 作用 方式 层面 期间 之际 所需 相关 有关 这一 一系列".split())
