"""How bad a failed expectation is. Every expectation of the suites carries GX's own `severity`:

- "critical" (the default): the data is wrong or the input is not what the method reads. A
  report with any failing critical expectation fails (`ValidationReport.success` is False, the
  command exits 1).
- "warning": unusual but possible, or already handled by the pipeline with an exclusion row
  (e.g. a record without a model name). Reported, never fails a run.
"""

CRITICAL = "critical"
WARNING = "warning"
