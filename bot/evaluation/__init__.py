"""Evaluation: question sets written by others in; answer-quality figures beside plain BM25 out.

- `datasets`: TrecQA, WikiQA and SQuAD-numeric JSONL files → `EvalSet`s.
- `newsqa`: NewsQA questions with their stories → open-retrieval rows per fit/check half, beside BM25.
- `metrics`: MAP, MRR, P@1, SQuAD exact match and F1, answer patterns.
- `runs`: ranking each question's own candidates, temporary indexes, the plain-BM25 baseline.
- `report`: `factbot eval`: every section run and printed as a table or JSON.
- `fitting`: refits the reranker's linear weights (`ranking_weights.json`) on train splits and fit halves.
- `fit_meaning`: refits the meaning stage's depth and its cosine and token-match weights
  (`semantic_weights.json`) on the same.
- `gate_data` and `fit_gate`: each answerable question asked of its own index and of the shuffled control,
  and the answerability gate (`gate_weights.json`) refitted on them, with its trade-off table.
- `trecqc`: `factbot eval FILE.label`: answer types on TREC question classification; `fit_question_types`
  (with `type_fitting`, `wordnet`, `question_types_cv`) refits and cross-validates the type classifier.
- `splits`: `half_of(key)`: the fit or check half of an article or story, for sets without a train split;
  `fold_of(key, k)`: its cross-validation fold.

Only the CLI uses this stage.
"""

from bot.evaluation.report import main

__all__ = ["main"]
