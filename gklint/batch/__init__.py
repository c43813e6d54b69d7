"""Batch runs (``gklint audit``): many files, checked in parallel.

* :mod:`.executors` — the executor registry (built-in ``process``,
  ``serial`` and ``dask``, and plugins' executors through the
  ``gklint_executors`` hook) and what every executor shares;
* :mod:`.local` — checking in this process under the per-file limits;
* :mod:`.process` — isolated worker processes, each file under a time limit;
* :mod:`.dask_executor` — one task per file on a Dask cluster;
* :mod:`.files` — which files a folder holds;
* :mod:`.run` — the run loop, its journal and its signals;
* :mod:`.progress` — the progress bar;
* :mod:`.summary` — the summary table at the end of an audit.

Nothing is imported here: a worker process preloads only what it needs.
"""
