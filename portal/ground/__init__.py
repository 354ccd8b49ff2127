"""The ground: what every part of the portal may use and which knows no workshop, party or
enrollment. Imports go down only (README, "Architecture"; the import-linter contracts in
pyproject.toml fail the build otherwise): nothing here imports `accounts`, `workshops` or the
top of `portal` (settings, URLs, the demo, Mon espace, the personal-data export and erasure).

- notifications/: the messaging outbox (queue a message for a recipient from a template and a
  context, choose the channel, deliver by e-mail or SMS, retry, sweep, log);
- geography.py: Benin's départements and communes;
- pagecache.py, cache.py: the public page cache and the Redis client behind Django's cache;
- pdf.py, spreadsheets.py, http.py: PDF rendering, safe CSV/XLSX cells, absolute URLs and
  attachment responses;
- admin.py: the admin base class that guards history reverts;
- gettext_catalogues.py: the .po catalogues behind `manage.py translations`.
"""
