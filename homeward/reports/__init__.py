"""The programme's figures: counted from case histories, suppressed for the public, exported safely.

- ``queries``: case histories (``histories``), children in a host country on a date
  (``children_in_host_country_by_band``), batches of arrivals (``repatriation_batches``), the case
  list's filters (``filter_cases``).
- ``summaries``: one sentence per flight (``summarise``, ``summarise_batch``, ``summarise_flight``).
- ``suppression`` and ``tables``: small-count suppression of tables with their totals.
- ``exports``: CSV and Excel safe against formula injection (``neutralise``, ``recover``).
- ``management/commands/report.py``: ``homeward report flights|as-of``.
"""
