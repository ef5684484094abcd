"""The app's performance tooling: page and browser timing, load test, deploy dry-run, the trivial baseline page."""
