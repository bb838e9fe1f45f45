"""Organization-wide scanning: one job per (member account, region).

* :mod:`.accounts`: the organization's ACTIVE accounts (Organizations ListAccounts).
* :mod:`.jobs`: the jobs of a run and their dispatch to SQS (SendMessageBatch, 10 at a time).
* :mod:`.worker`: one job: assume the member role, scan, write the result.
* :mod:`.results`: where job results go (S3 or memory) and the organization-wide report.
* :mod:`.local`: ``compliance scan --org``: the same jobs on a local thread pool.
"""
