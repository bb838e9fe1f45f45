"""The periodic scanner: one account's collect -> record -> evaluate -> notify run within a deadline,
configured by environment variables. :mod:`compliance.aws_lambda` is its Lambda entry point and
:mod:`compliance.org` fans it out over an AWS Organization.
"""
