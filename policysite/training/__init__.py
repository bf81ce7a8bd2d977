"""Training material from the clause data: study sheets, self-tests, a trainer's outline and a
projector mode (培训: 学习要点、自测题、培训提纲、讲解模式).

Pure functions, data in and plain data out; :mod:`policysite.pages.training` renders them.

* :mod:`~policysite.training.facts` — a document's units (clauses in reading order), their
  sentences with the modal word and the bodies, mechanisms and terms each one names;
* :mod:`~policysite.training.quiz` — the self-test (deterministic, seeded by document id), as
  YAML, CSV and an Anki deck;
* :mod:`~policysite.training.outline` — the trainer's outline and the projector slides.
"""
